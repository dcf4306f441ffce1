package dev.logsieve.io;

import java.util.concurrent.atomic.LongAdder;

/**
 * Lines and bytes read so far by every {@link LineFileFormat} reader in this JVM. A local run (the
 * command line's backfill, train, evaluate, demo) reads these to show progress while the job runs;
 * on a cluster the readers run elsewhere and Flink's metrics show the same counts.
 */
public final class ReadProgress {
    private static final LongAdder LINES = new LongAdder();
    private static final LongAdder BYTES = new LongAdder();

    private ReadProgress() {}

    static void add(long lines, long bytes) {
        LINES.add(lines);
        BYTES.add(bytes);
    }

    public static long lines() {
        return LINES.sum();
    }

    /** Uncompressed bytes read. */
    public static long bytes() {
        return BYTES.sum();
    }
}
