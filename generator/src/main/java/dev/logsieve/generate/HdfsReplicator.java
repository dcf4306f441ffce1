package dev.logsieve.generate;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Multiplies an HDFS log and its {@code anomaly_label.csv}: copy {@code k} is the same log with
 * every block id ({@code blk_-?\d+}) replaced by a fresh id, consistently across all lines of the
 * copy and its labels. Used to benchmark throughput on more data than was recorded, e.g. 20 times
 * the 178,116-line shared HDFS sample.
 *
 * <p>The new id is a keyed 64-bit bijection of the old one ({@code blk_} + a signed long, like
 * real ids), different for every copy and every salt: within a copy, distinct blocks stay distinct;
 * across copies and against the original, a collision needs two 64-bit hashes to meet
 * (probability about n²/2⁶⁴, about 10⁻⁸ for 20 × 10⁵ blocks). Nothing is looked up, so it
 * streams: one line is read, its copies are written, and no table of ids is kept.
 *
 * <p>Lines are scanned with plain character search (no regular expressions). Files whose name
 * ends in {@code .gz} are read and written gzip-compressed. Instances are immutable.
 */
public final class HdfsReplicator {

    /** What one replication did. */
    public record Summary(long linesIn, long linesOut, long labelsIn, long labelsOut, int copies, double seconds) {
        /** Output lines per second of wall-clock time, labels included in the time. */
        public double linesPerSecond() {
            return seconds > 0 ? linesOut / seconds : Double.POSITIVE_INFINITY;
        }
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long salt;

    /** A replicator with the default salt: the same input always gives the same copies. */
    public HdfsReplicator() {
        this(0x5EED_B10CL);
    }

    /** A replicator whose ids depend on {@code salt}: different salts give different copies. */
    public HdfsReplicator(long salt) {
        this.salt = salt;
    }

    /** The id that block {@code id} (the number after {@code blk_}) gets in copy {@code copy}. */
    public long remapId(long id, int copy) {
        if (copy < 0) throw new IllegalArgumentException("copy must be >= 0: " + copy);
        return LogFiles.mix64(id ^ copyKey(copy));
    }

    private long copyKey(int copy) {
        return LogFiles.mix64(salt + (copy + 1L) * GOLDEN);
    }

    /** {@code line} with every block id replaced by its id in copy {@code copy}. */
    public String remapLine(String line, int copy) {
        StringBuilder sb = new StringBuilder(line.length() + 8);
        remapLine(line, copyKey(copy), sb);
        return sb.toString();
    }

    /** Appends the remapped line to {@code out}; {@code key} is {@link #copyKey(int)}. */
    private static void remapLine(String line, long key, StringBuilder out) {
        int from = 0;
        int n = line.length();
        int at;
        while ((at = line.indexOf("blk_", from)) >= 0) {
            int p = at + 4;
            boolean negative = p < n && line.charAt(p) == '-';
            int digits = negative ? p + 1 : p;
            int end = digits;
            long v = 0;
            while (end < n) {
                char ch = line.charAt(end);
                if (ch < '0' || ch > '9') break;
                v = v * 10 + (ch - '0'); // wraps for out-of-range ids: still one fixed id per input
                end++;
            }
            if (end == digits) { // "blk_" without a number: copy as is
                out.append(line, from, p);
                from = p;
                continue;
            }
            out.append(line, from, p);
            out.append(LogFiles.mix64((negative ? -v : v) ^ key));
            from = end;
        }
        out.append(line, from, n);
    }

    /**
     * Writes {@code copies} copies of {@code log} into one file {@code outLog}, interleaved line
     * by line (input line 1 of copy 0, of copy 1, ..., then line 2 ...), so timestamps stay in the
     * input's order and the output reads like one cluster with {@code copies} times the traffic.
     * The labels of all copies go to {@code outLabels} ({@code BlockId,Label} header).
     * {@code linesWritten} (may be null) hears the running count of log lines written every
     * 100,000 lines and at the end.
     */
    public Summary replicate(Path log, Path labels, int copies, Path outLog, Path outLabels,
            LongConsumer linesWritten) throws IOException {
        checkCopies(copies);
        long t0 = System.nanoTime();
        long[] keys = keys(copies);
        long in = 0;
        long out = 0;
        StringBuilder sb = new StringBuilder(512);
        try (BufferedReader r = LogFiles.reader(log); BufferedWriter w = LogFiles.writer(outLog)) {
            String line;
            while ((line = r.readLine()) != null) {
                in++;
                for (long key : keys) {
                    sb.setLength(0);
                    remapLine(line, key, sb);
                    sb.append('\n');
                    w.append(sb);
                    out++;
                    if (linesWritten != null && out % 100_000 == 0) linesWritten.accept(out);
                }
            }
        }
        long[] labelCounts = replicateLabels(labels, keys, new BufferedWriter[] {LogFiles.writer(outLabels)}, true);
        if (linesWritten != null) linesWritten.accept(out);
        return new Summary(in, out, labelCounts[0], labelCounts[1], copies, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Writes copy {@code k} of {@code log} to {@code outDir/copy-k-<log file name>} and its labels
     * to {@code outDir/copy-k-<labels file name>}, for k = 0 .. copies-1, in one pass over the
     * input. {@code linesWritten} as in {@link #replicate}.
     */
    public Summary replicateToFiles(Path log, Path labels, int copies, Path outDir, LongConsumer linesWritten)
            throws IOException {
        checkCopies(copies);
        long t0 = System.nanoTime();
        Files.createDirectories(outDir);
        long[] keys = keys(copies);
        long in = 0;
        long out = 0;
        StringBuilder sb = new StringBuilder(512);
        BufferedWriter[] ws = new BufferedWriter[copies];
        try (BufferedReader r = LogFiles.reader(log)) {
            for (int k = 0; k < copies; k++) ws[k] = LogFiles.writer(copyPath(outDir, k, log));
            String line;
            while ((line = r.readLine()) != null) {
                in++;
                for (int k = 0; k < copies; k++) {
                    sb.setLength(0);
                    remapLine(line, keys[k], sb);
                    sb.append('\n');
                    ws[k].append(sb);
                    out++;
                    if (linesWritten != null && out % 100_000 == 0) linesWritten.accept(out);
                }
            }
        } finally {
            closeAll(ws);
        }
        BufferedWriter[] lws = new BufferedWriter[copies];
        for (int k = 0; k < copies; k++) lws[k] = LogFiles.writer(copyPath(outDir, k, labels));
        long[] labelCounts = replicateLabels(labels, keys, lws, false);
        if (linesWritten != null) linesWritten.accept(out);
        return new Summary(in, out, labelCounts[0], labelCounts[1], copies, (System.nanoTime() - t0) / 1e9);
    }

    /** Where {@link #replicateToFiles} puts copy {@code k} of {@code file}. */
    public static Path copyPath(Path outDir, int k, Path file) {
        return outDir.resolve("copy-" + k + "-" + file.getFileName());
    }

    /** Labels: one writer for all copies (interleaved) or one writer per copy; closes them. */
    private static long[] replicateLabels(Path labels, long[] keys, BufferedWriter[] ws, boolean shared)
            throws IOException {
        long in = 0;
        long out = 0;
        StringBuilder sb = new StringBuilder(64);
        try (BufferedReader r = LogFiles.reader(labels)) {
            for (BufferedWriter w : ws) w.write("BlockId,Label\n");
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (first && line.startsWith("BlockId")) {
                    first = false;
                    continue;
                }
                first = false;
                if (line.isBlank()) continue;
                in++;
                for (int k = 0; k < keys.length; k++) {
                    sb.setLength(0);
                    remapLine(line, keys[k], sb);
                    sb.append('\n');
                    (shared ? ws[0] : ws[k]).append(sb);
                    out++;
                }
            }
        } finally {
            closeAll(ws);
        }
        return new long[] {in, out};
    }

    private long[] keys(int copies) {
        long[] keys = new long[copies];
        for (int k = 0; k < copies; k++) keys[k] = copyKey(k);
        return keys;
    }

    private static void checkCopies(int copies) {
        if (copies < 1) throw new IllegalArgumentException("copies must be >= 1: " + copies);
    }

    private static void closeAll(BufferedWriter[] ws) throws IOException {
        IOException first = null;
        for (BufferedWriter w : ws) {
            if (w == null) continue;
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
