package dev.logsieve.cache;

/**
 * The id of a template-id sequence: FNV-1a 64 over the ids' little-endian bytes. Stable across
 * instances, restarts and the training module, so it can key state and name a sequence in a
 * correction.
 */
public final class SequenceIds {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private SequenceIds() {}

    public static long of(long[] templateIds) {
        long h = OFFSET;
        for (long id : templateIds) {
            for (int b = 0; b < 8; b++) {
                h ^= (id >>> (8 * b)) & 0xff;
                h *= PRIME;
            }
        }
        return h;
    }
}
