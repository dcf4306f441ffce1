package dev.logsieve.training;

import dev.logsieve.eval.Report;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.io.AlertPrintSink;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.job.BackfillJob;
import dev.logsieve.job.DetectionJob;
import dev.logsieve.job.LineInput;
import dev.logsieve.job.LogsieveOptions;
import dev.logsieve.job.ProgressMeter;
import dev.logsieve.job.SequenceCollector;
import dev.logsieve.job.StreamingEnvironment;
import dev.logsieve.job.Throttle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logsieve demo}: generates HDFS-style logs with injected faults, trains a bundle on one part,
 * then streams a second, unseen part through the detector on a local Flink with RocksDB state and
 * checkpoints, printing alerts as they happen and a summary at the end. Needs nothing outside the
 * repository.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Generate logs, train, and stream them through a local Flink, printing alerts.",
        description = "Generate logs with injected faults, train, and stream new logs through a local Flink "
            + "(RocksDB state, checkpoints), printing alerts as they happen and a summary at the end.")
public class DemoCommand implements Callable<Integer> {
    private static final Duration LIFETIME = Duration.ofMinutes(2);

    @Option(names = "--workdir", paramLabel = "DIR", description = "Where logs, bundle and checkpoints go (default: a new temporary directory)")
    Path workdir;

    @Option(names = "--train-blocks", paramLabel = "N", defaultValue = "4000", description = "Blocks in the training log (default: ${DEFAULT-VALUE})")
    int trainBlocks;

    @Option(names = "--stream-blocks", paramLabel = "N", defaultValue = "3000", description = "Blocks in the streamed log (default: ${DEFAULT-VALUE})")
    int streamBlocks;

    @Option(names = "--rate", paramLabel = "LINES_PER_S", defaultValue = "10000", description = "Replay speed of the streamed log (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Seed of the generated logs (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (trainBlocks < 100 || streamBlocks < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--train-blocks must be at least 100 and --stream-blocks at least 1");
        }
        if (!(rate > 0)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--rate must be positive");
        }
        Path dir = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("logsieve-demo");
        long t0 = System.nanoTime();
        say("1/3 generating logs in %s", dir);
        Path trainLog = dir.resolve("train.log.gz");
        Path trainLabels = dir.resolve("train-labels.csv");
        Path liveLog = dir.resolve("live.log.gz");
        Path liveLabels = dir.resolve("live-labels.csv");
        // Every block lives at most LIFETIME of event time, so a session gap a little longer puts each
        // block's lines into one streaming session, exactly as whole-input grouping does in training.
        GeneratorOptions gen = GeneratorOptions.defaults().withBlockLifetime(LIFETIME);
        new HdfsLogGenerator(gen.withSeed(seed).withBlocks(trainBlocks)).write(trainLog, trainLabels);
        new HdfsLogGenerator(gen.withSeed(seed + 1).withBlocks(streamBlocks)).write(liveLog, liveLabels);

        say("2/3 training dt, knn, mlp on %s", trainLog.getFileName());
        Configuration trainConf = new Configuration();
        trainConf.set(LogsieveOptions.FORMAT, "hdfs");
        trainConf.set(LogsieveOptions.LABELS, trainLabels.toString());
        int parallelism = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        SequenceCollector.Collected c = SequenceCollector.collect(List.of(trainLog), trainConf, parallelism, null);
        Path bundle = dir.resolve("bundle");
        Trainer.train(c.sequences, "hdfs", TrainCommand.groupingOf(trainConf), new TrainingSettings(), c.lines, bundle,
                msg -> say("    %s", msg));
        say("    %,d lines -> %,d sequences; bundle in %s", c.lines, c.sequences.size(), bundle);

        say("3/3 streaming %s at %,.0f lines/s through Flink (RocksDB state, checkpoints every 2 s)", liveLog.getFileName(), rate);
        Configuration conf = new Configuration();
        conf.set(LogsieveOptions.FORMAT, "hdfs");
        conf.set(LogsieveOptions.LABELS, liveLabels.toString());
        conf.set(LogsieveOptions.SESSION_GAP, LIFETIME.plusMinutes(1));
        StreamExecutionEnvironment env = StreamingEnvironment.create(conf, dir.resolve("checkpoints"),
                Duration.ofSeconds(2), parallelism);
        LineInput files = LineInput.files(List.of(liveLog), (int) conf.get(LogsieveOptions.MAX_LINE).getBytes());
        double perReader = rate;
        LineInput throttled = e -> {
            var lines = files.create(e);
            // Same parallelism as the reader: one throttle, so the rate is the whole stream's rate.
            return lines.map(new Throttle(perReader)).setParallelism(lines.getParallelism())
                    .name("replay at " + (long) perReader + " lines/s");
        };
        new DetectionJob(throttled, new AlertPrintSink(), RecordFileSink.<DeadLetter>jsonLines(dir, "dead-letter"))
                .withSinkParallelism(1)
                .build(env, conf, bundle.toString(), dev.logsieve.bundle.TrainingSequences.read(bundle), false);
        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        JobClient client = env.executeAsync("logsieve demo");
        JobExecutionResult result = ProgressMeter.await(client, null, linesBefore, 0, null);
        Report report = BackfillJob.report(result, (System.nanoTime() - start) / 1e9);
        System.out.println();
        System.out.println("Summary of the streamed log (scored against the injected faults):");
        System.out.print(report.summary());
        System.out.printf("demo finished in %.1f s; files in %s%n", (System.nanoTime() - t0) / 1e9, dir);
        return 0;
    }

    private static void say(String fmt, Object... args) {
        System.out.println("demo: " + String.format(fmt, args));
    }
}
