package dev.logsieve.generate;

import static dev.logsieve.generate.HdfsEvents.*;

import dev.logsieve.generate.HdfsEvents.Block;
import dev.logsieve.generate.HdfsEvents.Ev;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the life of one block as events, in causal order: a healthy write, verification, reads and
 * deletion for a normal block ({@link #normal()}), or one of the faults of {@link AnomalyKind}.
 * The probabilities of the steps and their counts are those measured on the shared HDFS sample.
 * Every draw comes from the block's own random stream, so a block's events do not depend on the
 * others'.
 */
final class BlockPlanner {
    final SplittableRandom r;
    final Block b;
    final long tA;
    final long life;
    final long startSecond;
    final int datanodes;
    final List<Ev> out;

    /**
     * @param r           the block's own random stream (after its kind was drawn)
     * @param b           the block
     * @param tA          its allocation second
     * @param life        the block lifetime, seconds
     * @param startSecond the first second of the log (process ids grow with time)
     * @param datanodes   the number of datanodes (clients of reads are drawn among them)
     * @param out         receives the events
     */
    BlockPlanner(SplittableRandom r, Block b, long tA, long life, long startSecond, int datanodes, List<Ev> out) {
        this.r = r;
        this.b = b;
        this.tA = tA;
        this.life = life;
        this.startSecond = startSecond;
        this.datanodes = datanodes;
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
            int client = i < served && r.nextInt(3) > 0 ? server : r.nextInt(datanodes);
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
