package dev.logsieve.generate;

/**
 * The data the generator passes from planning to rendering: the types of HDFS log lines, a block
 * ({@link Block}) and one future log line of it ({@link Ev}), rendered only when it is emitted.
 */
final class HdfsEvents {
    private HdfsEvents() {}

    // event types, one per line template
    static final byte ALLOCATE = 0, RECEIVING = 1, PR_TERMINATING = 2, RECEIVED_FROM = 3,
            ADDED = 4, VERIFIED = 5, SERVED = 6, GOT_EXC_SERVING = 7, DELETE_INVALID = 8, DELETING = 9,
            ASK_REPLICATE = 10, START_TRANSFER = 11, TRANSMITTED = 12, RECEIVED_SRC_DEST = 13,
            WRITE_EXC = 14, PR_EXC = 15, PR_INTERRUPTED = 16, RECV_EXC = 17, MIRROR_EXC = 18,
            CHANGING_OFFSET = 19, EMPTY_PACKET = 20, REDUNDANT_ADD = 21, NOT_BELONG = 22,
            UNEXPECTED_DELETE = 23, ASK_DELETE = 24;

    /** One future log line: rendered only when it is emitted. */
    static final class Ev {
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

    static final class Block {
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
}
