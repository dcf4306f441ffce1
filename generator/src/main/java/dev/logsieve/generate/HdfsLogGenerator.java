package dev.logsieve.generate;

import dev.logsieve.generate.HdfsEvents.Block;
import dev.logsieve.generate.HdfsEvents.Ev;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Writes realistic synthetic HDFS logs ({@code hdfs} format) with per-block labels.
 *
 * <p>Every block lives through the lifecycle seen in HDFS_v1: the NameNode allocates it
 * ({@code BLOCK* NameSystem.allocateBlock}), three datanodes receive it ({@code Receiving block},
 * {@code PacketResponder N for block ... terminating}, {@code Received block ... of size ... from})
 * and the NameNode records each replica ({@code addStoredBlock: blockMap updated}). Later some
 * blocks are verified by the block scanner, read by clients ({@code Served block}, and the harmless
 * {@code Got exception while serving} warnings that HDFS_v1 shows on normal blocks too), and most
 * are deleted ({@code NameSystem.delete ... invalidSet}, {@code Deleting block ... file}). The
 * probabilities of these steps and their counts are those measured on the shared HDFS sample.
 * A fraction {@link GeneratorOptions#anomalyFraction()} of blocks gets one of the faults of
 * {@link AnomalyKind}.
 *
 * <p>Blocks overlap in time: lines of many blocks interleave, ordered by time (with an optional
 * bounded jitter of the printed timestamps, {@link GeneratorOptions#jitterSeconds()}). Lines are
 * produced lazily from a priority queue of scheduled events, so memory depends on the number of
 * blocks alive at once ({@code blocksPerSecond * blockLifetime}), not on the size of the run.
 *
 * <p>The output is a pure function of the options: the same seed gives the same lines. Block ids
 * are unique within a run. Instances are immutable and thread-safe; each iterator is independent.
 *
 * <p>The work is split along its seams: this class decides which blocks exist, when each is
 * allocated and which fault (if any) it carries, and merges the blocks' events in time;
 * {@link BlockPlanner} plans the events of one block; {@link LineRenderer} turns an event into a
 * line; {@link LogWriter} writes lines and labels to files. {@link HdfsEvents} is what they pass
 * between them.
 */
public final class HdfsLogGenerator {

    /** What one {@link #write} produced. */
    public record Summary(long lines, long blocks, long anomalousBlocks) {}

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long DEFAULT_BLOCK_SIZE = 67_108_864L;
    private static final String[] JOB_DIRS = {"rand", "rand", "rand", "randtxt", "sortrand", "randtxt2"};

    private final GeneratorOptions options;
    private final String[] ips;
    private final long idKey;
    private final long timeKey;
    private final long startSecond;
    private final String jobId;
    private final AnomalyKind[] kinds;
    private final double[] kindCumulative;

    /** A generator for these options; nothing is generated until lines are asked for. */
    public HdfsLogGenerator(GeneratorOptions options) {
        this.options = options;
        this.idKey = LogFiles.mix64(options.seed() ^ 0x1D5EED5L);
        this.timeKey = LogFiles.mix64(options.seed() + 0x71AE5L);
        this.startSecond = options.start().toEpochSecond(ZoneOffset.UTC);
        this.jobId = String.format("%04d%02d%02d%02d%02d_0001", options.start().getYear(),
                options.start().getMonthValue(), options.start().getDayOfMonth(),
                options.start().getHour(), options.start().getMinute());
        this.ips = datanodeAddresses(options.datanodes(), new SplittableRandom(options.seed() ^ 0xDA7A_0DE5L));
        this.kinds = options.kinds().stream().sorted().toArray(AnomalyKind[]::new);
        this.kindCumulative = new double[kinds.length];
        double total = 0;
        for (AnomalyKind k : kinds) total += k.defaultWeight();
        double acc = 0;
        for (int i = 0; i < kinds.length; i++) {
            acc += kinds[i].defaultWeight() / total;
            kindCumulative[i] = acc;
        }
    }

    /** The options this generator was built with. */
    public GeneratorOptions options() {
        return options;
    }

    /** The lines, in log order, without label reporting. */
    public Iterator<String> iterator() {
        return iterator(null);
    }

    /**
     * The lines, in log order. {@code labels} (may be null) hears of every block when it is
     * allocated, before its first line is returned.
     */
    public Iterator<String> iterator(Consumer<BlockLabel> labels) {
        return new Lines(labels);
    }

    /** The lines as a sequential, lazily generated stream. */
    public Stream<String> lines() {
        return lines(null);
    }

    /** The lines as a sequential stream; {@code labels} as in {@link #iterator(Consumer)}. */
    public Stream<String> lines(Consumer<BlockLabel> labels) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(labels),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The label of block {@code index} (0-based, in allocation order), without generating lines. */
    public BlockLabel label(int index) {
        if (index < 0 || index >= options.blocks()) throw new IndexOutOfBoundsException(index);
        SplittableRandom rng = blockRandom(index);
        return new BlockLabel(blockId(index), drawKind(rng));
    }

    /**
     * All labels, block id to {@code Normal}/{@code Anomaly}, in allocation order. Cheap (no lines
     * are generated) but holds one entry per block; for huge runs use the callback of
     * {@link #iterator(Consumer)} or {@link #write}.
     */
    public Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < options.blocks(); i++) {
            BlockLabel l = label(i);
            m.put(l.blockId(), l.label());
        }
        return m;
    }

    /** Writes the log and its labels; see {@link #write(Path, Path, LongConsumer)}. */
    public Summary write(Path logFile, Path labelsFile) throws IOException {
        return write(logFile, labelsFile, null);
    }

    /**
     * Writes the log to {@code logFile} and the labels to {@code labelsFile} ({@code BlockId,Label}
     * header, then {@code blk_...,Normal|Anomaly} in allocation order). Either file is gzipped when
     * its name ends in {@code .gz}. {@code linesWritten} (may be null) is told the running line
     * count every 10,000 lines and once at the end.
     */
    public Summary write(Path logFile, Path labelsFile, LongConsumer linesWritten) throws IOException {
        return LogWriter.write(this, logFile, labelsFile, linesWritten);
    }

    // ---------------------------------------------------------------- per-block draws

    private SplittableRandom blockRandom(int index) {
        return new SplittableRandom(LogFiles.mix64(options.seed() * GOLDEN + index));
    }

    private String blockId(int index) {
        return "blk_" + LogFiles.mix64(index ^ idKey);
    }

    private AnomalyKind drawKind(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        if (u >= options.anomalyFraction()) return null;
        for (int i = 0; i < kinds.length; i++) {
            if (v < kindCumulative[i]) return kinds[i];
        }
        return kinds[kinds.length - 1];
    }

    /** Allocation second of block {@code index}: evenly spread at the block rate, a little randomized. */
    private long allocationSecond(int index) {
        double u = (LogFiles.mix64(index + timeKey) >>> 11) * 0x1.0p-53;
        return startSecond + (long) Math.floor((index + u) / options.blocksPerSecond());
    }

    private static String[] datanodeAddresses(int n, SplittableRandom rng) {
        String[] out = new String[n];
        java.util.HashSet<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            String ip;
            do {
                int second = n > 500 ? 240 + rng.nextInt(16) : 250 + rng.nextInt(2);
                ip = "10." + second + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
            } while (!seen.add(ip));
            out[i] = ip;
        }
        return out;
    }

    // ---------------------------------------------------------------- events

    // ---------------------------------------------------------------- the line iterator

    private final class Lines implements Iterator<String> {
        private final PriorityQueue<Ev> queue = new PriorityQueue<>(1024, (x, y) -> {
            int c = Long.compare(x.time, y.time);
            return c != 0 ? c : Long.compare(x.seq, y.seq);
        });
        private final Consumer<BlockLabel> listener;
        private final SplittableRandom jitter;
        private final LineRenderer renderer = new LineRenderer(ips, jobId);
        private final List<Ev> scratch = new ArrayList<>(64);
        private int next;
        private long nextAlloc;
        private long seq;

        Lines(Consumer<BlockLabel> listener) {
            this.listener = listener;
            this.jitter = new SplittableRandom(options.seed() ^ 0x7177E5L);
            this.nextAlloc = options.blocks() > 0 ? allocationSecond(0) : Long.MAX_VALUE;
        }

        private void fill() {
            while (next < options.blocks() && (queue.isEmpty() || nextAlloc <= queue.peek().time)) {
                allocate(next, nextAlloc);
                next++;
                nextAlloc = next < options.blocks() ? allocationSecond(next) : Long.MAX_VALUE;
            }
        }

        private void allocate(int index, long tA) {
            SplittableRandom r = blockRandom(index);
            AnomalyKind kind = drawKind(r);
            String id = blockId(index);
            if (listener != null) listener.accept(new BlockLabel(id, kind));
            int[] nodes = distinctNodes(r, 4);
            long size = r.nextInt(10) < 9 ? DEFAULT_BLOCK_SIZE : 1_000_000 + r.nextInt(66_000_000);
            Block b = new Block(id, size, r.nextInt(1000), JOB_DIRS[r.nextInt(JOB_DIRS.length)], nodes);
            scratch.clear();
            BlockPlanner p = new BlockPlanner(r, b, tA, options.blockLifetime().getSeconds(), startSecond, ips.length, scratch);
            if (kind == null) {
                p.normal();
            } else {
                switch (kind) {
                    case ABORTED_WRITE -> p.abortedWrite();
                    case MISSING_REPLICA -> p.missingReplica();
                    case PIPELINE_EXCEPTION -> p.pipelineException();
                    case EARLY_DELETE -> p.earlyDelete();
                    case REDUNDANT_ADD -> p.redundantAdd();
                    case SHUFFLED -> p.shuffled();
                }
            }
            for (Ev e : scratch) {
                e.seq = seq++;
                queue.add(e);
            }
        }

        private int[] distinctNodes(SplittableRandom r, int k) {
            int[] out = new int[k];
            for (int i = 0; i < k; i++) {
                int n;
                boolean dup;
                do {
                    n = r.nextInt(ips.length);
                    dup = false;
                    for (int j = 0; j < i; j++) dup |= out[j] == n;
                } while (dup);
                out[i] = n;
            }
            return out;
        }

        @Override
        public boolean hasNext() {
            fill();
            return !queue.isEmpty();
        }

        @Override
        public String next() {
            fill();
            Ev e = queue.poll();
            if (e == null) throw new NoSuchElementException();
            int j = options.jitterSeconds();
            long t = j > 0 ? e.time - jitter.nextInt(j + 1) : e.time;
            return renderer.render(e, t);
        }
    }
}
