package dev.logsieve.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
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
 */
public final class HdfsLogGenerator {

    /** What one {@link #write} produced. */
    public record Summary(long lines, long blocks, long anomalousBlocks) {}

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long DEFAULT_BLOCK_SIZE = 67_108_864L;

    // event types
    private static final byte ALLOCATE = 0, RECEIVING = 1, PR_TERMINATING = 2, RECEIVED_FROM = 3,
            ADDED = 4, VERIFIED = 5, SERVED = 6, GOT_EXC_SERVING = 7, DELETE_INVALID = 8, DELETING = 9,
            ASK_REPLICATE = 10, START_TRANSFER = 11, TRANSMITTED = 12, RECEIVED_SRC_DEST = 13,
            WRITE_EXC = 14, PR_EXC = 15, PR_INTERRUPTED = 16, RECV_EXC = 17, MIRROR_EXC = 18,
            CHANGING_OFFSET = 19, EMPTY_PACKET = 20, REDUNDANT_ADD = 21, NOT_BELONG = 22,
            UNEXPECTED_DELETE = 23, ASK_DELETE = 24;

    private static final String[] JOB_DIRS = {"rand", "rand", "rand", "randtxt", "sortrand", "randtxt2"};
    private static final String[] WRITE_EXCEPTIONS = {
        "java.io.IOException: Could not read from stream",
        "java.io.EOFException",
        "java.io.IOException: Connection reset by peer",
        "java.io.IOException: Interrupted receiveBlock",
    };

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
        long lines = 0;
        long[] blockCounts = new long[2];
        try (BufferedWriter log = LogFiles.writer(logFile);
                BufferedWriter lab = LogFiles.writer(labelsFile)) {
            lab.write("BlockId,Label\n");
            Iterator<String> it = iterator(l -> {
                blockCounts[0]++;
                if (l.anomalous()) blockCounts[1]++;
                try {
                    lab.write(l.blockId());
                    lab.write(',');
                    lab.write(l.label());
                    lab.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                while (it.hasNext()) {
                    log.write(it.next());
                    log.write('\n');
                    lines++;
                    if (linesWritten != null && lines % 10_000 == 0) linesWritten.accept(lines);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        if (linesWritten != null) linesWritten.accept(lines);
        return new Summary(lines, blockCounts[0], blockCounts[1]);
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

    /** One future log line: rendered only when it is emitted. */
    private static final class Ev {
        final long time;
        long seq;
        final Block block;
        final byte type;
        final int a;
        final int c;
        final int d;
        final int pid;

        Ev(long time, Block block, byte type, int a, int c, int d, int pid) {
            this.time = time;
            this.block = block;
            this.type = type;
            this.a = a;
            this.c = c;
            this.d = d;
            this.pid = pid;
        }
    }

    private static final class Block {
        final String id;
        final long size;
        final int task;
        final String dir;
        final int[] nodes;

        Block(String id, long size, int task, String dir, int[] nodes) {
            this.id = id;
            this.size = size;
            this.task = task;
            this.dir = dir;
            this.nodes = nodes;
        }
    }

    /** Builds the events of one block, in causal order. */
    private final class Planner {
        final SplittableRandom r;
        final Block b;
        final long tA;
        final long life;
        final List<Ev> out;

        Planner(SplittableRandom r, Block b, long tA, List<Ev> out) {
            this.r = r;
            this.b = b;
            this.tA = tA;
            this.life = options.blockLifetime().getSeconds();
            this.out = out;
        }

        void add(long t, byte type, int a, int c, int d, int pid) {
            out.add(new Ev(t, b, type, a, c, d, pid));
        }

        int nnPid() {
            return 26 + r.nextInt(10);
        }

        int xPid(long t) {
            return 140 + (int) Math.min(1_000_000, (t - startSecond) / 5) + r.nextInt(60);
        }

        int port() {
            return 32768 + r.nextInt(28000);
        }

        int node(int i) {
            return b.nodes[i];
        }

        long between(long lo, long hi) {
            return hi <= lo ? lo : lo + r.nextLong(hi - lo + 1);
        }

        /** The write of {@code receivers} pipeline stages; returns the receiving pids. */
        int[] receive(int receivers, long base) {
            int[] pids = new int[receivers];
            for (int i = 0; i < receivers; i++) {
                long t = base + (i == 0 ? r.nextInt(2) : r.nextInt(4));
                pids[i] = xPid(t);
                int shown = node(Math.min(i, 1) == 0 ? 0 : r.nextInt(2));
                add(t, RECEIVING, shown, port(), 0, pids[i]);
            }
            return pids;
        }

        /** Pipeline stage i completes: PacketResponder terminating + Received block. */
        void complete(int stage, int pid, long t) {
            add(t, PR_TERMINATING, stage, 0, 0, pid);
            add(t, RECEIVED_FROM, node(r.nextInt(2)), 0, 0, pid);
        }

        long writeEnd() {
            return tA + 10 + r.nextLong(Math.max(1, life / 6 - 9));
        }

        /** A complete pipeline of {@code stored} replicas; returns the stored node slots. */
        void healthyWrite(int stored, long writeEnd) {
            add(tA, ALLOCATE, 0, 0, 0, nnPid());
            int[] pids = receive(stored, tA);
            int[] order = permutation(stored);
            for (int i : order) complete(i, pids[i], writeEnd + (r.nextInt(4) == 0 ? 1 : 0));
            for (int i : permutation(stored)) add(writeEnd + (r.nextInt(5) == 0 ? 1 : 0), ADDED, node(i), 0, 0, nnPid());
        }

        int[] permutation(int n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) p[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int x = p[i];
                p[i] = p[j];
                p[j] = x;
            }
            return p;
        }

        /** The NameNode has a replica copied from slot {@code from} to slot 3. */
        void reReplicate(long t, int from) {
            add(t, ASK_REPLICATE, node(from), node(3), 0, 19);
            long s = t + 1 + r.nextInt(2);
            add(s, START_TRANSFER, node(from), node(3), 0, 19);
            long e = s + 1 + r.nextInt(4);
            int pid = xPid(e);
            add(e, RECEIVED_SRC_DEST, node(from), port(), 0, pid);
            add(e, TRANSMITTED, node(from), node(3), 0, pid + 1 + r.nextInt(30));
            add(e + r.nextInt(2), ADDED, node(3), 0, 0, nnPid());
        }

        /** Verification, reads and read warnings between {@code from} and {@code to}. */
        void followUps(long from, long to) {
            if (to <= from) return;
            double u = r.nextDouble();
            int verifications = u < 0.859 ? 0 : u < 0.9575 ? 1 : u < 0.98 ? 2 : 3;
            for (int i = 0; i < verifications; i++) add(between(from, to), VERIFIED, 0, 0, 0, 13);
            int served = r.nextDouble() < 0.761 ? 0
                    : pick(new int[] {1, 2, 3, 4, 6, 7, 8}, new double[] {.526, .045, .025, .17, .108, .01, .116});
            int warnings = r.nextDouble() < 0.775 ? 0
                    : pick(new int[] {1, 2, 3, 4, 15}, new double[] {.046, .66, .12, .134, .04});
            if (served + warnings == 0) return;
            long burst = Math.max(1, life / 10);
            long b0 = between(from, Math.max(from, to - burst));
            List<Ev> reads = new ArrayList<>();
            for (int i = 0; i < served + warnings; i++) {
                long t = between(b0, Math.min(to, b0 + burst));
                int server = node(r.nextInt(3));
                int client = i < served && r.nextInt(3) > 0 ? server : r.nextInt(ips.length);
                reads.add(new Ev(t, b, i < served ? SERVED : GOT_EXC_SERVING, server, client, 0, xPid(t)));
            }
            out.addAll(reads);
        }

        int pick(int[] values, double[] weights) {
            double u = r.nextDouble();
            double acc = 0;
            for (int i = 0; i < values.length; i++) {
                acc += weights[i];
                if (u < acc) return values[i];
            }
            return values[values.length - 1];
        }

        /** NameNode invalidates the stored replicas, datanodes delete their files. */
        void delete(long t, int[] slots) {
            int pid = nnPid();
            for (int s : slots) add(t, DELETE_INVALID, node(s), 0, 0, pid);
            for (int s : slots) deleting(t + 1 + r.nextLong(Math.max(1, life * 3 / 20)));
        }

        void deleting(long t) {
            add(t, DELETING, r.nextInt(10) < 6 ? r.nextInt(64) : -1, 0, 0, 18 + r.nextInt(2));
        }

        long deleteTime() {
            return tA + (long) (life * (0.80 + 0.05 * r.nextDouble()));
        }

        void normal() {
            long we = writeEnd();
            healthyWrite(3, we);
            boolean deleted = r.nextDouble() < 0.81;
            long dt = deleted ? deleteTime() : tA + life;
            if (r.nextDouble() < 0.003) reReplicate(between(we + 5, dt - 10), r.nextInt(3));
            followUps(we + 5, dt - 1);
            if (deleted) delete(dt, new int[] {0, 1, 2});
        }

        void abortedWrite() {
            add(tA, ALLOCATE, 0, 0, 0, nnPid());
            double u = r.nextDouble();
            int receivers = u < 0.4 ? 1 : u < 0.75 ? 2 : 3;
            int[] pids = receive(receivers, tA);
            if (r.nextDouble() < 0.75) {
                long t = tA + 2 + r.nextInt(30);
                int variant = r.nextDouble() < 0.85 ? 0 : 1 + r.nextInt(3);
                if (variant > 0) add(t, RECV_EXC, variant, node(0), port(), pids[0]);
                add(t, WRITE_EXC, variant, 0, 0, pids[0]);
            }
        }

        void missingReplica() {
            long we = writeEnd();
            healthyWrite(2, we);
            boolean rep = r.nextDouble() < 0.75;
            boolean deleted = r.nextDouble() < 0.7;
            long dt = deleted ? deleteTime() : tA + life;
            if (rep) reReplicate(between(we + 2, we + 60), r.nextInt(2));
            followUps(we + 5, dt - 1);
            if (deleted) delete(dt, rep ? new int[] {0, 1, 3} : new int[] {0, 1});
        }

        void pipelineException() {
            long we = writeEnd();
            add(tA, ALLOCATE, 0, 0, 0, nnPid());
            int[] pids = receive(3, tA);
            int failing = r.nextInt(3);
            long tf = between(tA + 3, we);
            boolean any = false;
            if (r.nextDouble() < 0.6) {
                add(tf, PR_EXC, 0, failing, port(), pids[failing]);
                any = true;
            }
            if (r.nextDouble() < 0.5) {
                add(tf + r.nextInt(8), PR_EXC, 1, (failing + 1) % 3, 1000 + r.nextInt(59000), pids[(failing + 1) % 3]);
                any = true;
            }
            if (r.nextDouble() < 0.4) add(tf + r.nextInt(8), PR_INTERRUPTED, (failing + 2) % 3, 0, 0, pids[(failing + 2) % 3]);
            if (r.nextDouble() < 0.6 || !any) {
                long t = tf + r.nextInt(8);
                add(t, RECV_EXC, 0, node(failing), port(), pids[failing]);
                add(t, WRITE_EXC, 3, 0, 0, pids[failing]);
            }
            if (r.nextDouble() < 0.4) add(tf + r.nextInt(8), MIRROR_EXC, node((failing + 1) % 3), node(failing), 0, xPid(tf));
            if (r.nextDouble() < 0.3) {
                int offset = (1 + r.nextInt(1000)) * 65_536;
                for (int i = 1 + r.nextInt(2); i > 0; i--) add(tf + r.nextInt(8), CHANGING_OFFSET, offset, offset / 128 + 7, 0, xPid(tf));
            }
            if (r.nextDouble() < 0.4) {
                for (int i = 1 + r.nextInt(2); i > 0; i--) add(tf + r.nextInt(8), EMPTY_PACKET, 0, 0, 0, xPid(tf));
            }
            int survivors = 1 + r.nextInt(2);
            List<Integer> stored = new ArrayList<>();
            for (int i = 0, n = 0; i < 3 && n < survivors; i++) {
                if (i == failing) continue;
                complete(i, pids[i], we);
                add(we, ADDED, node(i), 0, 0, nnPid());
                stored.add(i);
                n++;
            }
            boolean deleted = r.nextDouble() < 0.7;
            long dt = deleted ? deleteTime() : tA + life;
            if (r.nextDouble() < 0.5) {
                reReplicate(between(we + 2, we + 60), stored.get(0));
                stored.add(3);
            }
            followUps(we + 5, dt - 1);
            if (deleted) delete(dt, stored.stream().mapToInt(Integer::intValue).toArray());
        }

        void earlyDelete() {
            if (r.nextBoolean()) {
                // deleted while the write was still going on
                long we = writeEnd();
                add(tA, ALLOCATE, 0, 0, 0, nnPid());
                int[] pids = receive(3, tA);
                long dt = between(tA + 4, we - 1);
                int pid = nnPid();
                int invalidated = 1 + r.nextInt(3);
                for (int i = 0; i < invalidated; i++) add(dt, DELETE_INVALID, node(i), 0, 0, pid);
                boolean asked = r.nextDouble() < 0.6;
                if (asked) add(dt + 1 + r.nextInt(5), ASK_DELETE, node(r.nextInt(3)), 0, 0, 19);
                for (int i : permutation(3)) complete(i, pids[i], we);
                int late = 1 + r.nextInt(3);
                for (int i = 0; i < late; i++) {
                    add(we, NOT_BELONG, node(i), 0, 0, pid);
                    add(we, ADDED, node(i), 0, 0, pid);
                }
                for (int i = 0; i < 3 - late; i++) add(we, ADDED, node(late + i), 0, 0, nnPid());
                int deletes = 2 + r.nextInt(3);
                for (int i = 0; i < deletes; i++) deleting(we + 1 + r.nextLong(Math.max(1, life / 4)));
                if (r.nextDouble() < 0.6 || !asked) add(we + 1 + r.nextLong(Math.max(1, life / 4)), UNEXPECTED_DELETE, 0, 0, 0, 18 + r.nextInt(2));
            } else {
                // deleted normally, then a datanode reports a replica of the deleted block again
                long we = writeEnd();
                healthyWrite(3, we);
                long dt = tA + (long) (life * (0.55 + 0.1 * r.nextDouble()));
                followUps(we + 5, dt - 1);
                delete(dt, new int[] {0, 1, 2});
                long t = between(dt + 2, tA + life - 2);
                boolean reported = r.nextDouble() < 0.6;
                if (reported) {
                    int pid = nnPid();
                    int s = r.nextInt(3);
                    add(t, NOT_BELONG, node(s), 0, 0, pid);
                    add(t, ADDED, node(s), 0, 0, pid);
                    deleting(t + 1 + r.nextInt(60));
                }
                if (!reported || r.nextDouble() < 0.5) {
                    add(between(dt + 2, tA + life), UNEXPECTED_DELETE, 0, 0, 0, 18 + r.nextInt(2));
                    deleting(between(dt + 2, tA + life));
                }
            }
        }

        void redundantAdd() {
            long we = writeEnd();
            healthyWrite(3, we);
            boolean deleted = r.nextDouble() < 0.75;
            long dt = deleted ? deleteTime() : tA + life;
            int extra = 1 + r.nextInt(3);
            for (int i = 0; i < extra; i++) {
                long t = between(we + 1, dt - 2);
                int s = r.nextInt(3);
                int pid = nnPid();
                add(t, ADDED, node(s), 0, 0, pid);
                if (i == 0 || r.nextBoolean()) add(t, REDUNDANT_ADD, node(s), 0, 0, pid);
            }
            followUps(we + 5, dt - 1);
            if (deleted) delete(dt, new int[] {0, 1, 2});
        }

        void shuffled() {
            // completion first, then allocation and receiving: causal order broken
            int nnA = nnPid();
            long recvBase = tA + 3 + r.nextInt(10);
            int[] pids = new int[3];
            for (int i = 0; i < 3; i++) pids[i] = xPid(tA);
            List<Ev> early = new ArrayList<>();
            for (int i : permutation(3)) {
                early.add(new Ev(tA + r.nextInt(3), b, PR_TERMINATING, i, 0, 0, pids[i]));
                early.add(new Ev(tA + r.nextInt(3), b, RECEIVED_FROM, node(r.nextInt(2)), 0, 0, pids[i]));
                early.add(new Ev(tA + r.nextInt(3), b, ADDED, node(i), 0, 0, nnPid()));
            }
            early.sort((x, y) -> Long.compare(x.time, y.time));
            out.addAll(early);
            add(recvBase + r.nextInt(3), ALLOCATE, 0, 0, 0, nnA);
            for (int i = 0; i < 3; i++) add(recvBase + r.nextInt(4), RECEIVING, node(Math.min(i, 1)), port(), 0, pids[i]);
            long we = recvBase + 5;
            boolean deleted = r.nextDouble() < 0.81;
            if (deleted && r.nextBoolean()) {
                // the delete overtakes the reads and verifications as well
                long dt = we + 2 + r.nextInt(20);
                delete(dt, new int[] {0, 1, 2});
                followUps(dt + 1 + life / 5, tA + life);
            } else {
                long dt = deleted ? deleteTime() : tA + life;
                followUps(we + 5, dt - 1);
                if (deleted) delete(dt, new int[] {0, 1, 2});
            }
        }
    }

    // ---------------------------------------------------------------- the line iterator

    private final class Lines implements Iterator<String> {
        private final PriorityQueue<Ev> queue = new PriorityQueue<>(1024, (x, y) -> {
            int c = Long.compare(x.time, y.time);
            return c != 0 ? c : Long.compare(x.seq, y.seq);
        });
        private final Consumer<BlockLabel> listener;
        private final SplittableRandom jitter;
        private final StringBuilder sb = new StringBuilder(256);
        private final List<Ev> scratch = new ArrayList<>(64);
        private int next;
        private long nextAlloc;
        private long seq;
        private long cachedDay = Long.MIN_VALUE;
        private String cachedDate;

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
            Planner p = new Planner(r, b, tA, scratch);
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
            return render(e, t);
        }

        private String render(Ev e, long t) {
            StringBuilder s = sb;
            s.setLength(0);
            long day = Math.floorDiv(t, 86_400L);
            if (day != cachedDay) {
                LocalDate d = LocalDate.ofEpochDay(day);
                cachedDate = String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth());
                cachedDay = day;
            }
            int sec = (int) Math.floorMod(t, 86_400L);
            s.append(cachedDate).append(' ');
            two(s, sec / 3600);
            two(s, sec / 60 % 60);
            two(s, sec % 60);
            s.append(' ').append(e.pid).append(' ');
            Block b = e.block;
            String id = b.id;
            switch (e.type) {
                case ALLOCATE -> {
                    s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/").append(b.dir)
                            .append("/_temporary/_task_").append(jobId).append("_m_");
                    pad(s, b.task, 6);
                    s.append("_0/part-");
                    pad(s, b.task, 5);
                    s.append(". ").append(id);
                }
                case RECEIVING -> s.append("INFO dfs.DataNode$DataXceiver: Receiving block ").append(id)
                        .append(" src: /").append(ips[e.a]).append(':').append(e.c)
                        .append(" dest: /").append(ips[e.a]).append(":50010");
                case PR_TERMINATING -> s.append("INFO dfs.DataNode$PacketResponder: PacketResponder ").append(e.a)
                        .append(" for block ").append(id).append(" terminating");
                case RECEIVED_FROM -> s.append("INFO dfs.DataNode$PacketResponder: Received block ").append(id)
                        .append(" of size ").append(b.size).append(" from /").append(ips[e.a]);
                case ADDED -> s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: ")
                        .append(ips[e.a]).append(":50010 is added to ").append(id).append(" size ").append(b.size);
                case VERIFIED -> s.append("INFO dfs.DataBlockScanner: Verification succeeded for ").append(id);
                case SERVED -> s.append("INFO dfs.DataNode$DataXceiver: ").append(ips[e.a]).append(":50010 Served block ")
                        .append(id).append(" to /").append(ips[e.c]);
                case GOT_EXC_SERVING -> s.append("WARN dfs.DataNode$DataXceiver: ").append(ips[e.a])
                        .append(":50010:Got exception while serving ").append(id).append(" to /").append(ips[e.c]).append(':');
                case DELETE_INVALID -> s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.delete: ").append(id)
                        .append(" is added to invalidSet of ").append(ips[e.a]).append(":50010");
                case DELETING -> {
                    s.append("INFO dfs.FSDataset: Deleting block ").append(id).append(" file /mnt/hadoop/dfs/data/current/");
                    if (e.a >= 0) s.append("subdir").append(e.a).append('/');
                    s.append(id);
                }
                case ASK_REPLICATE -> s.append("INFO dfs.FSNamesystem: BLOCK* ask ").append(ips[e.a]).append(":50010 to replicate ")
                        .append(id).append(" to datanode(s) ").append(ips[e.c]).append(":50010");
                case START_TRANSFER -> s.append("INFO dfs.DataNode: ").append(ips[e.a]).append(":50010 Starting thread to transfer block ")
                        .append(id).append(" to ").append(ips[e.c]).append(":50010");
                case TRANSMITTED -> s.append("INFO dfs.DataNode$DataTransfer: ").append(ips[e.a]).append(":50010:Transmitted block ")
                        .append(id).append(" to /").append(ips[e.c]).append(":50010");
                case RECEIVED_SRC_DEST -> s.append("INFO dfs.DataNode$DataXceiver: Received block ").append(id)
                        .append(" src: /").append(ips[e.a]).append(':').append(e.c).append(" dest: /").append(ips[e.a])
                        .append(":50010 of size ").append(b.size);
                case WRITE_EXC -> s.append("INFO dfs.DataNode$DataXceiver: writeBlock ").append(id)
                        .append(" received exception ").append(WRITE_EXCEPTIONS[e.a]);
                case PR_EXC -> {
                    s.append("INFO dfs.DataNode$PacketResponder: PacketResponder ").append(id).append(' ').append(e.c);
                    if (e.a == 0) {
                        s.append(" Exception java.net.SocketTimeoutException: 120000 millis timeout while waiting for channel"
                                + " to be ready for read. ch : java.nio.channels.SocketChannel[connected local=/")
                                .append(ips[b.nodes[e.c]]).append(':').append(e.d).append(" remote=/")
                                .append(ips[b.nodes[(e.c + 1) % 3]]).append(":50010]");
                    } else {
                        s.append(" Exception java.io.InterruptedIOException: Interruped while waiting for IO on channel"
                                + " java.nio.channels.SocketChannel[closed]. ").append(e.d).append(" millis timeout left.");
                    }
                }
                case PR_INTERRUPTED -> s.append("INFO dfs.DataNode$PacketResponder: PacketResponder ").append(e.a)
                        .append(" for block ").append(id).append(" Interrupted.");
                case RECV_EXC -> {
                    s.append("INFO dfs.DataNode$BlockReceiver: Exception in receiveBlock for block ").append(id).append(' ');
                    switch (e.a) {
                        case 1 -> s.append("java.io.EOFException");
                        case 2 -> s.append("java.io.IOException: Connection reset by peer");
                        default -> s.append("java.io.InterruptedIOException: Interruped while waiting for IO on channel"
                                + " java.nio.channels.SocketChannel[connected local=/").append(ips[e.c])
                                .append(":50010 remote=/").append(ips[b.nodes[0]]).append(':').append(e.d)
                                .append("]. 0 millis timeout left.");
                    }
                }
                case MIRROR_EXC -> s.append("INFO dfs.DataNode$BlockReceiver: ").append(ips[e.a])
                        .append(":50010:Exception writing block ").append(id).append(" to mirror ").append(ips[e.c]).append(":50010");
                case CHANGING_OFFSET -> s.append("INFO dfs.DataNode$BlockReceiver: Changing block file offset of block ").append(id)
                        .append(" from 0 to ").append(e.a).append(" meta file offset to ").append(e.c);
                case EMPTY_PACKET -> s.append("INFO dfs.DataNode$BlockReceiver: Receiving empty packet for block ").append(id);
                case REDUNDANT_ADD -> s.append("WARN dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: Redundant addStoredBlock request received for ")
                        .append(id).append(" on ").append(ips[e.a]).append(":50010 size ").append(b.size);
                case NOT_BELONG -> s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: addStoredBlock request received for ")
                        .append(id).append(" on ").append(ips[e.a]).append(":50010 size ").append(b.size)
                        .append(" But it does not belong to any file.");
                case UNEXPECTED_DELETE -> s.append("WARN dfs.FSDataset: Unexpected error trying to delete block ").append(id)
                        .append(". BlockInfo not found in volumeMap.");
                case ASK_DELETE -> s.append("INFO dfs.FSNamesystem: BLOCK* ask ").append(ips[e.a]).append(":50010 to delete  ").append(id);
                default -> throw new IllegalStateException("event type " + e.type);
            }
            return s.toString();
        }

        private void two(StringBuilder s, int v) {
            s.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
        }

        private void pad(StringBuilder s, int v, int width) {
            String x = Integer.toString(v);
            for (int i = x.length(); i < width; i++) s.append('0');
            s.append(x);
        }
    }
}
