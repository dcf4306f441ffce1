package dev.logsieve.training;

import dev.logsieve.eval.EvalOptions;
import dev.logsieve.eval.JoinLabels;
import dev.logsieve.eval.Report;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Verdict;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.format.SessionLabels;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.io.AlertPrintSink;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.job.BackfillJob;
import dev.logsieve.job.LineInput;
import dev.logsieve.job.Models;
import dev.logsieve.job.Pipeline;
import dev.logsieve.job.ProgressMeter;
import dev.logsieve.job.SequenceCollector;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.job.Throttle;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.WindowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    /**
     * How long a generated block lives: written in seconds, verified within hours, deleted at 80-85 %
     * of it, as HDFS_v1's blocks are. Streaming must keep each block open that long to judge it as
     * training saw it.
     */
    private static final Duration LIFETIME = Duration.ofHours(6);

    @Spec
    CommandSpec spec;

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

    @Option(names = "--members", split = ",", paramLabel = "NAMES", defaultValue = "dt,knn,mlp,llm",
            description = "Members to train and vote: dt, knn, mlp, llm (default: ${DEFAULT-VALUE}; without llm the demo "
                    + "takes about a minute less)")
    List<String> members;

    @Override
    public Integer call() throws Exception {
        if (trainBlocks < 100 || streamBlocks < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--train-blocks must be at least 100 and --stream-blocks at least 1");
        }
        for (String m : members) {
            if (!TrainingOptions.ALL_MEMBERS.contains(m.trim())) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--members: unknown member '" + m + "' (known: " + String.join(", ", TrainingOptions.ALL_MEMBERS) + ")");
            }
        }
        if (!(rate > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be positive");
        }
        Path dir = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("logsieve-demo");
        long t0 = System.nanoTime();
        say("1/3 generating logs in %s", dir);
        Path trainLog = dir.resolve("train.log.gz");
        Path trainLabels = dir.resolve("train-labels.csv");
        Path liveLog = dir.resolve("live.log.gz");
        Path liveLabels = dir.resolve("live-labels.csv");
        GeneratorOptions gen = GeneratorOptions.defaults().withBlockLifetime(LIFETIME);
        new HdfsLogGenerator(gen.withSeed(seed).withBlocks(trainBlocks)).write(trainLog, trainLabels);
        new HdfsLogGenerator(gen.withSeed(seed + 1).withBlocks(streamBlocks)).write(liveLog, liveLabels);

        TrainingSettings settings = new TrainingSettings();
        settings.members = new LinkedHashSet<>(members.stream().map(String::trim).toList());
        say("2/3 training %s on %s", String.join(", ", settings.members), trainLog.getFileName());
        Configuration trainConf = new Configuration();
        trainConf.set(FormatSettings.FORMAT, "hdfs");
        trainConf.set(EvalOptions.LABELS, trainLabels.toString());
        int parallelism = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        SequenceCollector.Collected c = SequenceCollector.collect(List.of(trainLog), trainConf, parallelism, null);
        Path bundle = dir.resolve("bundle");
        Trainer.train(c.sequences, "hdfs", TrainCommand.groupingOf(trainConf), settings, c.lines, bundle,
                msg -> say("    %s", msg));
        say("    %,d lines -> %,d sequences; bundle in %s", c.lines, c.sequences.size(), bundle);

        say("3/3 streaming %s at %,.0f lines/s through Flink (RocksDB state, checkpoints every 2 s)", liveLog.getFileName(), rate);
        say("    blocks live %s of event time: each is judged after %s without lines and again as it grows; "
                + "ALERT lines are raised alerts, RESOLVED lines alerts a later revision withdrew",
                LIFETIME, WindowOptions.SESSION_GAP.defaultValue());
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = StreamSettings.localEnvironment(conf);
        LineInput files = LineInput.files(List.of(liveLog), LineOptions.maxLineBytes(conf));
        double perReader = rate;
        LineInput throttled = e -> {
            var lines = files.create(e);
            // Same parallelism as the reader: one throttle, so the rate is the whole stream's rate.
            return lines.map(new Throttle(perReader)).setParallelism(lines.getParallelism())
                    .name("replay at " + (long) perReader + " lines/s");
        };
        // The pipeline as Pipeline.build lays it out, with two verdict sinks: the alert console, and
        // a file the summary scores against the injected faults.
        Models models = Models.open(bundle, conf);
        Pipeline.Sequences seqs = Pipeline.sequences(env, conf, throttled, models, false);
        // The demo knows its faults: each verdict carries its block's true label, so alerts say whether they hit one.
        DataStream<Verdict> verdicts = Pipeline.judge(seqs.sequences(), null, conf, models, false)
                .map(new JoinLabels(liveLabels.toString())).name("evaluation: labels");
        verdicts.sinkTo(new AlertPrintSink()).name("alerts").setParallelism(1);
        verdicts.sinkTo(RecordFileSink.<Verdict>jsonLines(dir, "verdicts")).name("verdicts").setParallelism(1);
        seqs.deadLetters().sinkTo(RecordFileSink.<DeadLetter>jsonLines(dir, "dead-letter")).name("dead-letters")
                .setParallelism(1);
        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        JobClient client = env.executeAsync("logsieve demo");
        JobExecutionResult result = ProgressMeter.await(client, null, linesBefore, 0, null);
        // A streamed block is judged several times: count blocks (final verdicts) and judgements apart.
        Report judged = BackfillJob.report(result, (System.nanoTime() - start) / 1e9);
        Report report = new Report(JobCounter.SEQUENCES.in(result), null, null, judged.lines, judged.seconds);
        report.with("judgements", JobCounter.JUDGED.in(result));
        report.details.putAll(judged.details);
        StreamScore score = StreamScore.of(Replay.read(dir.resolve("verdicts.jsonl")), SessionLabels.read(liveLabels));
        System.out.println();
        System.out.println("Summary of the streamed log (scored per block against the injected faults):");
        System.out.print(report.summary());
        System.out.print(score.summary());
        System.out.printf("demo finished in %.1f s; files in %s%n", (System.nanoTime() - t0) / 1e9, dir);
        return 0;
    }

    private static void say(String fmt, Object... args) {
        System.out.println("demo: " + String.format(fmt, args));
    }
}
