package dev.logsieve.job;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.cache.Judge;
import dev.logsieve.eval.Report;
import dev.logsieve.eval.ScoreVerdicts;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Verdict;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.window.ToSequence;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        this.conf.set(LogsieveOptions.WHOLE_INPUT_SESSIONS, true);
        this.parallelism = parallelism;
    }

    /** Runs to the end, showing progress on {@code progress} (null for none), and returns the report. */
    public Report run(PrintStream progress) throws Exception {
        Files.createDirectories(out);
        long[] trainingIds = TrainingSequences.read(bundle);
        if (!conf.contains(LogsieveOptions.KEEP_MESSAGES)) {
            // None of the bundle's members reads message text: do not carry it through the shuffles.
            conf.set(LogsieveOptions.KEEP_MESSAGES,
                    ModelBundle.read(bundle).ensemble().select(conf.get(LogsieveOptions.MEMBERS)).needsMessages());
        }
        int maxLine = (int) conf.get(LogsieveOptions.MAX_LINE).getBytes();
        long inputBytes = 0;
        for (Path p : LineInput.expand(logs)) {
            inputBytes += Files.size(p);
        }
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, parallelism);
        new DetectionJob(LineInput.files(logs, maxLine),
                protobuf ? RecordFileSink.protobufVerdicts(out, "verdicts") : RecordFileSink.<Verdict>jsonLines(out, "verdicts"),
                RecordFileSink.<DeadLetter>jsonLines(out, "dead-letter"))
                .withSinkParallelism(1)
                .build(env, conf, bundle.toString(), trainingIds, true);

        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        JobClient client = env.executeAsync("logsieve backfill");
        JobExecutionResult result = ProgressMeter.await(client, progress, linesBefore, inputBytes, logs);
        double seconds = (System.nanoTime() - start) / 1e9;
        Report report = report(result, seconds);
        if (report.labeled()) {
            report.write(out.resolve("report.json"));
        }
        return report;
    }

    /** The report of a finished detection job, from its accumulators. */
    public static Report report(JobExecutionResult result, double seconds) {
        Map<String, Object> acc = result.getAllAccumulatorResults();
        Report r = new Report(count(acc, Judge.JUDGED), ScoreVerdicts.plain(result),
                ScoreVerdicts.dedup(result), count(acc, ParseAndMask.LINES_READ), seconds);
        r.with("anomalies", count(acc, Judge.ANOMALIES))
                .with("dead_letters", count(acc, ParseAndMask.DEAD_LETTER_COUNT))
                .with("late_lines", count(acc, Sequencer.LATE_LINES))
                .with("lines_in_sequences", count(acc, ToSequence.SEQUENCED_LINES))
                .with("verdict_cache_hits", count(acc, Judge.CACHE_HITS))
                .with("degraded", count(acc, Judge.DEGRADED));
        long scored = count(acc, Judge.LLM_SCORED);
        long unscored = count(acc, Judge.LLM_UNSCORED);
        if (scored + unscored > 0) {
            long looked = count(acc, Judge.LLM_MESSAGES);
            r.with("llm_scored", scored).with("llm_unscored", unscored)
                    .with("llm_messages_looked_up", looked)
                    .with("llm_messages_encoded", count(acc, Judge.LLM_ENCODED))
                    .with("llm_embedding_cache_share", looked == 0 ? 0.0
                            : 1.0 - (double) count(acc, Judge.LLM_ENCODED) / looked);
        }
        return r;
    }

    static long count(Map<String, Object> acc, String name) {
        Object o = acc.get(name);
        return o == null ? 0 : ((Number) o).longValue();
    }
}
