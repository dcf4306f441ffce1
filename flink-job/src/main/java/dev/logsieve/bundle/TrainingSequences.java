package dev.logsieve.bundle;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ids of the distinct template-id sequences a bundle was trained on, kept in the bundle as
 * {@code training-sequences.bin} (a count, then sorted 64-bit ids, big-endian). Reports use them to
 * score the de-duplicated test set: test sequences seen in training are left out.
 */
public final class TrainingSequences {
    public static final String FILE = "training-sequences.bin";

    private TrainingSequences() {}

    public static void write(Path bundleDir, long[] sequenceIds) throws IOException {
        long[] ids = Arrays.stream(sequenceIds).sorted().distinct().toArray();
        try (OutputStream os = Files.newOutputStream(bundleDir.resolve(FILE));
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            out.writeInt(ids.length);
            for (long id : ids) {
                out.writeLong(id);
            }
        }
    }

    /** The sorted ids, or an empty array for a bundle without the file. */
    public static long[] read(Path bundleDir) throws IOException {
        Path f = bundleDir.resolve(FILE);
        if (!Files.exists(f)) {
            return new long[0];
        }
        try (InputStream is = Files.newInputStream(f);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException(f + " is corrupt: negative count " + n);
            }
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readLong();
            }
            return ids;
        }
    }
}
