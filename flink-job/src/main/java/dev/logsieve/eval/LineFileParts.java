package dev.logsieve.eval;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A file of lines read in parts at once: its bytes are cut into about equal parts at line ends,
 * and each part is read by its own thread. {@code report.html} reads a backfill's verdicts again
 * after the job has ended, when every core is idle; on one thread that took seconds at 1.8 million
 * verdicts.
 */
final class LineFileParts {
    /** Below this many bytes a part is not worth a thread of its own. */
    static final long MIN_PART_BYTES = 8L << 20;

    private LineFileParts() {}

    /** Reads a part of the file: the bytes of whole lines. */
    interface PartReader<T> {
        T read(InputStream part) throws IOException;
    }

    /**
     * Where {@code file}'s parts start and end: offsets of line starts, the first 0 and the last the
     * file's length, for at most {@code parts} parts of at least {@link #MIN_PART_BYTES} each.
     */
    static long[] boundaries(Path file, int parts) throws IOException {
        return boundaries(file, parts, MIN_PART_BYTES);
    }

    /** As {@link #boundaries(Path, int)}, with parts of at least {@code minPartBytes}. */
    static long[] boundaries(Path file, int parts, long minPartBytes) throws IOException {
        FileSystem fs = file.getFileSystem();
        long length = fs.getFileStatus(file).getLen();
        int n = (int) Math.max(1, Math.min(parts, length / minPartBytes));
        long[] bounds = new long[n + 1];
        bounds[n] = length;
        try (FSDataInputStream in = fs.open(file)) {
            for (int i = 1; i < n; i++) {
                // A part starts after the first line end at or after its share of the bytes.
                long at = Math.max(bounds[i - 1] + 1, length * i / n);
                in.seek(at - 1);
                long pos = at - 1;
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    pos++;
                }
                bounds[i] = Math.min(length, pos + 1);
            }
        }
        return bounds;
    }

    /** Reads part {@code i} of {@code bounds} with {@code reader}, each part in its own thread; the results in file order. */
    static <T> List<T> read(Path file, long[] bounds, PartReader<T> reader) throws IOException {
        int n = bounds.length - 1;
        if (n == 1) {
            return List.of(readPart(file, bounds[0], bounds[1], reader));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "read " + file.getName());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long from = bounds[i];
                long to = bounds[i + 1];
                futures.add(pool.submit(() -> readPart(file, from, to, reader)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + file, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException rt) {
                throw rt;
            }
            throw new IOException("reading " + file + " failed", cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T readPart(Path file, long from, long to, PartReader<T> reader) throws IOException {
        try (FSDataInputStream in = file.getFileSystem().open(file)) {
            in.seek(from);
            return reader.read(new Bounded(in, to - from));
        }
    }

    /** The next {@code left} bytes of a stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }
}
