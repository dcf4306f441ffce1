package dev.logsieve.job;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.eval.Evaluation;
import dev.logsieve.eval.Report;
import dev.logsieve.eval.ReportPage;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Verdict;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.Locations;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.window.WindowOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backfill: stored log files through the detector in Flink's BATCH runtime mode, writing
 * {@code verdicts.jsonl} (or {@code verdicts.pb}), {@code dead-letter.jsonl} and {@code report.json}
 * (with scores when labels are known) into the output directory; the job writes the report
 * itself ({@link ReportSink}), so it is there however the job was submitted. When this program
 * waits for the job, it then writes {@code report.html} ({@link ReportPage}) beside it. Sessions span the whole input, so a sequence is what the data set
 * defines it to be.
 */
public final class BackfillJob {
    private final List<String> logs;
    private final String bundle;
    private final String out;
    private final Configuration conf;
    private final int parallelism;
    private boolean protobuf;

    /** Writes verdicts as length-delimited protobuf ({@code verdicts.pb}) instead of JSON lines. */
    public BackfillJob protobufVerdicts(boolean protobuf) {
        this.protobuf = protobuf;
        return this;
    }

    /** A backfill of local files into a local directory. */
    public BackfillJob(List<Path> logs, Path bundle, Path out, Configuration conf, int parallelism) {
        this(LineInput.locationsOf(logs), bundle.toAbsolutePath().toString(), out.toAbsolutePath().toString(), conf,
                parallelism);
    }

    /**
     * A backfill whose logs, bundle and output directory are local paths or URIs of any file system
     * Flink has ({@code file://}, and {@code s3://} or {@code hdfs://} through the cluster's plugins).
     * The TaskManagers read the logs and write the outputs where they are; the bundle (and a labels
     * file) is copied to each machine that reads it (see {@link Locations}).
     */
    public BackfillJob(List<String> logs, String bundle, String out, Configuration conf, int parallelism) {
        this.logs = logs;
        this.bundle = bundle;
        this.out = out;
        this.conf = new Configuration(conf);
        this.parallelism = parallelism;
    }

    /**
     * Runs to the end, showing progress on {@code progress} (null for none), and returns the report.
     * The job writes {@code report.json} itself, as its last step. Where this program does not wait
     * for the job (a cluster submission that is detached: {@code flink run -d}, a jar run through
     * the REST API or web UI, application mode), it returns null once the job is submitted.
     */
    public Report run(PrintStream progress) throws Exception {
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(out);
        dir.getFileSystem().mkdirs(dir);
        Models models = Models.open(bundle, conf);
        Path localBundle = Locations.local(bundle);
        Evaluation evaluation = new Evaluation(conf.getOptional(EvalOptions.LABELS).orElse(null),
                TrainingSequences.read(localBundle));
        List<String> files = Locations.files(logs);
        long inputBytes = Locations.size(files);
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, parallelism);
        Duration gap = conf.get(WindowOptions.SESSION_GAP);
        double trainingShare = trainingAnomalousShare(localBundle);
        Pipeline.Io io = new Pipeline.Io(new LineInput.FileInput(files, LineOptions.maxLineBytes(conf)), // listed once, above
                protobuf ? RecordFileSink.protobufVerdicts(out, "verdicts") : RecordFileSink.<Verdict>jsonLines(out, "verdicts"),
                RecordFileSink.<DeadLetter>jsonLines(out, "dead-letter"))
                .withSinkParallelism(1)
                .withReport(new ReportSink(reportFile(out), System.currentTimeMillis(), gap, trainingShare));
        Pipeline.build(env, conf, models, io, true, evaluation);

        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        JobClient client = env.executeAsync("logsieve backfill");
        if (!waitsForResult(env)) {
            if (progress != null) {
                progress.printf("backfill: submitted job %s; it writes %s when it ends (then 'logsieve report --out %s' "
                        + "writes report.html)%n", client.getJobID(), reportFile(out), out);
            }
            return null;
        }
        JobExecutionResult result = ProgressMeter.await(client, progress, linesBefore, inputBytes, files);
        Report report = RunReport.of(result.getAllAccumulatorResults(), (System.nanoTime() - start) / 1e9, gap, trainingShare);
        ReportPage.writeIn(out, conf.get(EvalOptions.RETRAIN_UNSEEN_SHARE));
        return report;
    }

    /** Where the job writes its report. */
    public static String reportFile(String out) {
        return outputFile(out, "report.json");
    }

    /** The output named {@code name} in the output directory {@code out} (a path or a URI). */
    public static String outputFile(String out, String name) {
        return new org.apache.flink.core.fs.Path(out, name).toString();
    }

    /**
     * Whether this program waits for the job's result: always in a local run; in a cluster only when
     * the submission is attached ({@code flink run} without {@code -d}). A jar run through the REST
     * API has no result to wait for (its job client cannot fetch one), nor does application mode
     * unless attached.
     */
    static boolean waitsForResult(StreamExecutionEnvironment env) {
        return env instanceof LocalStreamEnvironment || env.getConfiguration().get(DeploymentOptions.ATTACHED);
    }

    /** The share of anomalous sequences the bundle was trained on (0 when its manifest does not say). */
    private static double trainingAnomalousShare(Path bundle) throws java.io.IOException {
        Map<String, Long> counts = ModelBundle.readManifest(bundle).counts;
        long all = counts.getOrDefault("sequences", 0L);
        return all == 0 ? 0 : (double) counts.getOrDefault("anomalous", 0L) / all;
    }

    /** The report of a finished detection job, from its accumulators. */
    public static Report report(JobExecutionResult result, double seconds) {
        return RunReport.of(result.getAllAccumulatorResults(), seconds);
    }
}
