package dev.logsieve.job;

import dev.logsieve.io.Locations;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.metrics.JobCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

/**
 * Waits for a job and prints its progress every two seconds: lines read, lines per second and,
 * when the input size is known, the share done and the time left. The share is by bytes; for gzip
 * files the uncompressed size is estimated from the first megabyte of the first file. Once no more
 * lines come in, it says how long it has been since the last and how many sequences the job has judged.
 *
 * <p>In a local run the readers are in this JVM and their counts ({@link ReadProgress}) are live.
 * When this JVM has read nothing, the readers run in a cluster (the job was submitted with
 * {@code flink run}), and the counts come from the job's own accumulators through the job client
 * (Flink's REST API); TaskManagers report them with their heartbeats, every
 * {@code heartbeat.interval} (10 s by default, 1 s in local runs). The sequences judged always come
 * from the accumulators.
 */
public final class ProgressMeter {
    private ProgressMeter() {}

    /**
     * @param inputs the files read (paths or URIs; the first one's compression estimates the
     *     uncompressed size), or null when the size is unknown
     */
    public static JobExecutionResult await(JobClient client, PrintStream progress, long linesBefore,
                                           long inputBytesOnDisk, List<String> inputs) throws Exception {
        long bytesBefore = ReadProgress.bytes();
        double expectedBytes = inputs == null ? 0 : inputBytesOnDisk * expansion(Locations.files(inputs).get(0));
        long start = System.nanoTime();
        var done = client.getJobExecutionResult();
        long lastLines = -1;
        double readFor = 0;
        while (true) {
            try {
                return done.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (progress != null) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long lines = ReadProgress.lines() - linesBefore;
                    long bytes = ReadProgress.bytes() - bytesBefore;
                    Map<String, Object> counts = null; // asked of the job only where needed: a call to the JobMaster
                    if (lines == 0) {
                        counts = accumulators(client);
                        lines = JobCounter.LINES_READ.in(counts);
                        bytes = JobCounter.BYTES_READ.in(counts);
                    }
                    if (lines > 0 && lines == lastLines) {
                        counts = counts != null ? counts : accumulators(client);
                        progress.println(afterReading(lines, readFor, seconds, JobCounter.JUDGED.in(counts)));
                    } else {
                        lastLines = lines;
                        readFor = seconds;
                        progress.println(line(lines, bytes, expectedBytes, seconds));
                    }
                }
            } catch (ExecutionException e) {
                throw new JobFailedException(e.getCause());
            }
        }
    }

    /** The running job's accumulators, or none when the client cannot tell within a second. */
    private static Map<String, Object> accumulators(JobClient client) {
        try {
            return client.getAccumulators().get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Map.of();
        }
    }

    static String line(long lines, long bytes, double expectedBytes, double seconds) {
        double rate = seconds > 0 ? lines / seconds : 0;
        StringBuilder sb = new StringBuilder(String.format("  %,d lines read, %,.0f lines/s", lines, rate));
        if (expectedBytes > 0 && bytes > 0) {
            double share = Math.min(1.0, bytes / expectedBytes);
            double left = share > 0 ? seconds * (1 - share) / share : 0;
            sb.append(String.format(", about %.0f %% of the input, ETA %.0f s", share * 100, left));
        }
        return sb.toString();
    }

    /**
     * Progress once no more lines come in: a bounded job reads its input first, then builds and
     * judges its sequences, and a rate falling with the clock and "ETA 0 s" would say nothing of that.
     */
    static String afterReading(long lines, double readFor, double seconds, long judged) {
        return String.format("  %,d lines read in about %.0f s (%,.0f lines/s), none in the %.0f s since%s",
                lines, readFor, readFor > 0 ? lines / readFor : 0, seconds - readFor,
                judged > 0 ? String.format(", %,d sequences judged", judged) : "");
    }

    /** Uncompressed bytes per byte on disk: 1 for plain files, measured on the first MB for gzip. */
    static double expansion(String first) {
        if (!first.endsWith(".gz")) {
            return 1.0;
        }
        try (InputStream raw = Locations.open(first);
             CountingStream counted = new CountingStream(raw);
             InputStream in = new GZIPInputStream(counted, 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            long out = 0;
            int n;
            while (out < (8L << 20) && (n = in.read(buf)) > 0) {
                out += n;
            }
            return counted.count == 0 ? 1.0 : (double) out / counted.count;
        } catch (IOException e) {
            return 0; // unknown: no ETA
        }
    }

    /** A stream that counts the bytes taken from it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** A job that failed; the message says why, from the root cause. */
    public static final class JobFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        JobFailedException(Throwable cause) {
            super("the Flink job failed: " + rootMessage(cause), cause);
        }

        private static String rootMessage(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }
}
