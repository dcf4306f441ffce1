package dev.logsieve.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Verdict;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.job.LineInput;
import dev.logsieve.job.Models;
import dev.logsieve.job.Pipeline;
import dev.logsieve.job.ProgressMeter;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.metrics.JobCounter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Streams stored logs through the streaming pipeline exactly as {@code logsieve stream} runs it
 * (STREAMING mode, RocksDB state, checkpoints, sessions that close by event time, verdict
 * revisions), reading the files in order so that event time advances as it did when the logs were
 * written. The input ends, so at the end every open sequence gets its final verdict.
 */
public final class Replay {
    private Replay() {}

    /** Every verdict revision the stream emitted, and the job's counts. */
    public record Result(List<Verdict> verdicts, long lines, long deadLetters, long lateLines, double seconds) {}

    /**
     * @param workDir where checkpoints, {@code verdicts.jsonl} and {@code dead-letter.jsonl} go
     */
    public static Result run(List<Path> logs, Configuration settings, Path bundle, int parallelism, Path workDir,
                             PrintStream progress) throws Exception {
        Files.createDirectories(workDir);
        Configuration conf = new Configuration(settings);
        if (conf.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, workDir.resolve("checkpoints").toUri().toString());
        }
        if (conf.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(5));
        }
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = StreamSettings.localEnvironment(conf);
        Pipeline.Io io = new Pipeline.Io(LineInput.files(logs, LineOptions.maxLineBytes(conf)),
                RecordFileSink.<Verdict>jsonLines(workDir, "verdicts"), RecordFileSink.<DeadLetter>jsonLines(workDir, "dead-letter"))
                .withSinkParallelism(1);
        Pipeline.build(env, conf, Models.open(bundle, conf), io, false, null);
        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        JobClient client = env.executeAsync("logsieve replay");
        JobExecutionResult r = ProgressMeter.await(client, progress, linesBefore, LineInput.sizeOnDisk(logs),
                LineInput.locationsOf(logs));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(read(workDir.resolve("verdicts.jsonl")), JobCounter.LINES_READ.in(r),
                JobCounter.DEAD_LETTERS.in(r), JobCounter.LATE_LINES.in(r), seconds);
    }

    /** The verdicts of a {@code verdicts.jsonl} file. */
    static List<Verdict> read(Path jsonl) throws IOException {
        ObjectReader json = new ObjectMapper().readerFor(Verdict.class);
        List<Verdict> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    out.add(json.readValue(line));
                }
            }
        }
        return out;
    }
}
