package dev.logsieve.job;

import dev.logsieve.eval.Report;
import dev.logsieve.metrics.CountsAtEnd;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The last step of a bounded run: gathers every counting operator's totals (sent when its input
 * ends) in one task and, when all have arrived, writes {@code report.json} to the output path
 * through Flink's file systems. So the report exists however the job was submitted, also where no
 * client waits for the job's result (a jar run through the REST API or the web UI). It is written
 * to a hidden file first and renamed, so a reader never sees half a report. Its {@code seconds} run
 * from when the job was laid out to when the report is written.
 */
public final class ReportSink implements Sink<Map<String, Long>> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long startMillis;
    private final Duration sessionGap;
    private final double trainingAnomalousShare;

    /**
     * @param file where the report goes, any Flink file system path ({@code file:}, {@code s3:}, ...)
     * @param startMillis when the run began (epoch ms), for its duration
     * @param sessionGap what counts as near the input's bounds
     * @param trainingAnomalousShare the bundle's share of anomalous training sequences
     */
    public ReportSink(String file, long startMillis, Duration sessionGap, double trainingAnomalousShare) {
        this.file = file;
        this.startMillis = startMillis;
        this.sessionGap = sessionGap;
        this.trainingAnomalousShare = trainingAnomalousShare;
    }

    @Override
    public SinkWriter<Map<String, Long>> createWriter(WriterInitContext context) {
        return new Writer();
    }

    /** Writes the report of these totals to {@code file}, replacing any there. */
    static void writeReport(Report report, Path file) throws IOException {
        FileSystem fs = file.getFileSystem();
        Path hidden = new Path(file.getParent(), "." + file.getName() + ".inprogress");
        try (OutputStream out = fs.create(hidden, FileSystem.WriteMode.OVERWRITE)) {
            report.write(out);
        }
        fs.delete(file, false);
        if (!fs.rename(hidden, file)) {
            throw new IOException("could not rename " + hidden + " to " + file);
        }
    }

    private final class Writer implements SinkWriter<Map<String, Long>> {
        private final Map<String, Long> totals = new TreeMap<>();
        private boolean written;

        @Override
        public void write(Map<String, Long> counts, Context context) {
            counts.forEach((name, n) -> totals.merge(name, n, Long::sum));
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput && !written) {
                double seconds = (System.currentTimeMillis() - startMillis) / 1000.0;
                Report report = RunReport.of(CountsAtEnd.asAccumulators(totals), seconds, sessionGap, trainingAnomalousShare);
                writeReport(report, new Path(file));
                written = true;
            }
        }

        @Override
        public void close() {}
    }
}
