package dev.logsieve.job;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.eval.Confusion;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.eval.Evaluation;
import dev.logsieve.eval.Report;
import dev.logsieve.eval.ScoreVerdicts;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Verdict;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.InputBounds;
import dev.logsieve.window.WindowOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backfill: stored log files through the detector in Flink's BATCH runtime mode, writing
 * {@code verdicts.jsonl} (or {@code verdicts.pb}), {@code dead-letter.jsonl} and, when labels are
 * known, {@code report.json}
 * into the output directory. Sessions span the whole input, so a sequence is what the data set
 * defines it to be.
 */
public final class BackfillJob {
    private final List<Path> logs;
    private final Path bundle;
    private final Path out;
    private final Configuration conf;
    private final int parallelism;
    private boolean protobuf;

    /** Writes verdicts as length-delimited protobuf ({@code verdicts.pb}) instead of JSON lines. */
    public BackfillJob protobufVerdicts(boolean protobuf) {
        this.protobuf = protobuf;
        return this;
    }

    public BackfillJob(List<Path> logs, Path bundle, Path out, Configuration conf, int parallelism) {
        this.logs = logs;
        this.bundle = bundle;
        this.out = out;
        this.conf = new Configuration(conf);
        this.parallelism = parallelism;
    }

    /** Runs to the end, showing progress on {@code progress} (null for none), and returns the report. */
    public Report run(PrintStream progress) throws Exception {
        Files.createDirectories(out);
        Models models = Models.open(bundle, conf);
        Evaluation evaluation = new Evaluation(conf.getOptional(EvalOptions.LABELS).orElse(null),
                TrainingSequences.read(bundle));
        long inputBytes = LineInput.sizeOnDisk(logs);
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, parallelism);
        Pipeline.Io io = new Pipeline.Io(LineInput.files(logs, LineOptions.maxLineBytes(conf)),
                protobuf ? RecordFileSink.protobufVerdicts(out, "verdicts") : RecordFileSink.<Verdict>jsonLines(out, "verdicts"),
                RecordFileSink.<DeadLetter>jsonLines(out, "dead-letter"))
                .withSinkParallelism(1);
        Pipeline.build(env, conf, models, io, true, evaluation);

        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        JobClient client = env.executeAsync("logsieve backfill");
        JobExecutionResult result = ProgressMeter.await(client, progress, linesBefore, inputBytes, logs);
        double seconds = (System.nanoTime() - start) / 1e9;
        Report report = report(result, seconds);
        InputBounds.Counts bounds = InputBounds.of(result.getAllAccumulatorResults(), conf.get(WindowOptions.SESSION_GAP));
        if (bounds != null) {
            report.with("sequences_near_input_start", bounds.nearStart()).with("sequences_near_input_end", bounds.nearEnd());
            String warning = bounds.warning(JobCounter.ANOMALIES.in(result), trainingAnomalousShare(bundle));
            if (warning != null) {
                report.warnings.add(warning);
            }
        }
        if (report.labeled()) {
            report.write(out.resolve("report.json"));
        }
        return report;
    }

    /** The share of anomalous sequences the bundle was trained on (0 when its manifest does not say). */
    private static double trainingAnomalousShare(Path bundle) throws java.io.IOException {
        Map<String, Long> counts = ModelBundle.readManifest(bundle).counts;
        long all = counts.getOrDefault("sequences", 0L);
        return all == 0 ? 0 : (double) counts.getOrDefault("anomalous", 0L) / all;
    }

    /** The report of a finished detection job, from its accumulators. */
    public static Report report(JobExecutionResult result, double seconds) {
        Report r = new Report(JobCounter.JUDGED.in(result), ScoreVerdicts.plain(result),
                ScoreVerdicts.dedup(result), JobCounter.LINES_READ.in(result), seconds);
        // The accounting a user can check at a glance: lines = lines_used + dead_letters (late_lines
        // found at the grouping are among the lines used; those found at parsing among the dead letters).
        r.with("lines_used", JobCounter.LINES_PARSED.in(result))
                .with("dead_letters", JobCounter.DEAD_LETTERS.in(result))
                .with("late_lines", JobCounter.LATE_LINES.in(result))
                .with("invalid_utf8_lines", JobCounter.INVALID_UTF8.in(result))
                .with("anomalies", JobCounter.ANOMALIES.in(result))
                .with("lines_in_sequences", JobCounter.SEQUENCED_LINES.in(result))
                .with("verdict_cache_hits", JobCounter.CACHE_HITS.in(result))
                .with("degraded", JobCounter.DEGRADED.in(result));
        Map<String, Confusion[]> members = ScoreVerdicts.members(result);
        if (!members.isEmpty()) {
            Map<String, Object> each = new LinkedHashMap<>();
            members.forEach((name, c) -> each.put(name, Map.of("plain", c[0], "dedup", c[1])));
            r.with("member_scores", each);
        }
        long scored = JobCounter.LLM_SCORED.in(result);
        long unscored = JobCounter.LLM_UNSCORED.in(result);
        if (scored + unscored > 0) {
            long looked = JobCounter.LLM_MESSAGES.in(result);
            long encoded = JobCounter.LLM_ENCODED.in(result);
            r.with("llm_scored", scored).with("llm_unscored", unscored)
                    .with("llm_messages_looked_up", looked)
                    .with("llm_messages_encoded", encoded)
                    .with("llm_embedding_cache_share", looked == 0 ? 0.0 : 1.0 - (double) encoded / looked);
        }
        return r;
    }
}
