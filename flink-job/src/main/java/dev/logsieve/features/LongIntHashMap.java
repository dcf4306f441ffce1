package dev.logsieve.features;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A primitive {@code long -> int} map with open addressing and linear probing: no boxing on the hot
 * path. Values must be non-negative; {@link #get} answers -1 for an absent key. Not thread-safe for
 * writes; concurrent reads of a map that is no longer written are safe.
 */
final class LongIntHashMap implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ABSENT = -1;

    private long[] keys;
    /** -1 marks an empty slot. */
    private int[] values;
    private int mask;
    private int size;

    LongIntHashMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1; // load factor <= 0.5
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, ABSENT);
        mask = capacity - 1;
        size = 0;
    }

    /** Murmur3's 64-bit finaliser: template ids are already hashes, but cheap insurance for any key. */
    private static int slot(long key, int mask) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    int get(long key) {
        final long[] k = keys;
        final int[] v = values;
        final int m = mask;
        int i = slot(key, m);
        while (true) {
            int value = v[i];
            if (value == ABSENT) {
                return ABSENT;
            }
            if (k[i] == key) {
                return value;
            }
            i = (i + 1) & m;
        }
    }

    /** Puts key -> value (value >= 0) and returns the previous value, or -1. */
    int put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0: " + value);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key, mask);
        while (values[i] != ABSENT) {
            if (keys[i] == key) {
                int previous = values[i];
                values[i] = value;
                return previous;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return ABSENT;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != ABSENT) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    int size() {
        return size;
    }
}
