package dev.logsieve.cli;

import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.io.AlertPrintSink;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.kafka.KafkaOptions;
import dev.logsieve.kafka.StreamJob;
import dev.logsieve.window.WindowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code logsieve stream}: the detector on Kafka, exactly once, in a local Flink (the same job
 * runs on a cluster through {@link StreamJob#main}). Every option maps to a typed setting
 * ({@link KafkaOptions}, {@link LogsieveOptions} or Flink's own), which {@code -D} can also set.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        header = "Detect anomalies in log lines from Kafka, continuously and exactly once.",
        description = "Verdicts go as JSON to --output-topic (read them with isolation.level=read_committed), "
            + "unusable records to --dead-letter-topic, and label corrections from --corrections-topic "
            + "update the verdict cache.")
public class StreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--kafka", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers")
    String bootstrap;

    @Option(names = "--input-topic", required = true, paramLabel = "TOPIC", description = "Raw log lines, one per record")
    String inputTopic;

    @Option(names = "--output-topic", required = true, paramLabel = "TOPIC", description = "Verdicts (JSON, keyed by sequence key)")
    String outputTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "Unusable records, original bytes (default: logsieve-dead-letters)")
    String deadLetterTopic;

    @Option(names = "--corrections-topic", paramLabel = "TOPIC", description = "Label corrections (JSON); none by default")
    String correctionsTopic;

    @picocli.CommandLine.Mixin
    ModelOptions model;

    @Option(names = "--models", required = true, paramLabel = "BUNDLE", description = "Model bundle written by 'logsieve train'")
    Path models;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Line format (default: the bundle's, from its manifest; another than the bundle's is refused)")
    String format;

    @Option(names = "--session-gap", paramLabel = "DURATION", description = "Event time without a line that ends a session (default: 10 min)")
    String sessionGap;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "logsieve-checkpoints",
            description = "Checkpoint directory (default: ${DEFAULT-VALUE})")
    String checkpoints;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", description = "Default: 10 s; verdicts appear on the output topic at this pace")
    String checkpointInterval;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Restore from this savepoint or retained checkpoint")
    String fromSavepoint;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores)")
    Integer parallelism;

    @Option(names = "--max-parallelism", paramLabel = "N", description = "Key groups; fixed for the life of the state (default: 128)")
    Integer maxParallelism;

    @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group (default: logsieve)")
    String groupId;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX", description = "Stable per job (default: logsieve)")
    String transactionalIdPrefix;

    @Option(names = "--transaction-timeout", paramLabel = "DURATION",
            description = "Producer transaction.timeout.ms: at most the broker's transaction.max.timeout.ms (default 15 min), "
                    + "more than the checkpoint interval plus a restart (default: 10 min)")
    String transactionTimeout;

    @Option(names = "--starting-offsets", paramLabel = "WHERE", description = "EARLIEST, LATEST or COMMITTED (default)")
    KafkaOptions.StartFrom startingOffsets;

    @Option(names = "--bounded", description = "Stop at the offsets that are the latest at start (replays)")
    boolean bounded;

    @Option(names = "--alerts", description = "Also print each alert to standard output as it is raised or resolved,"
            + " with its evidence lines and each member's reason (as the demo does)")
    boolean alerts;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any Logsieve, Kafka or Flink setting, e.g. -D logsieve.watermark.idleness=1m")
    Map<String, String> settings;

    @Override
    public Integer call() throws Exception {
        Configuration conf = toConfiguration();
        model.apply(conf, models);
        StreamExecutionEnvironment env = StreamSettings.localEnvironment(conf);
        StreamJob job = StreamJob.kafka(conf);
        (alerts ? job.withAlerts(new AlertPrintSink()) : job).build(env, conf, models.toAbsolutePath().toString());
        System.err.printf("stream: %s %s -> %s (dead letters: %s%s), checkpoints in %s, parallelism %d%n",
                bootstrap, inputTopic, outputTopic, conf.get(KafkaOptions.DEAD_LETTER_TOPIC),
                correctionsTopic == null ? "" : ", corrections: " + correctionsTopic, checkpoints, env.getParallelism());
        env.execute("logsieve stream");
        return 0;
    }

    /** Checks the options together and turns them into the job's settings. */
    Configuration toConfiguration() {
        Configuration conf = new Configuration();
        if (settings != null) {
            conf.addAll(Configuration.fromMap(settings));
        }
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(KafkaOptions.INPUT_TOPIC, inputTopic);
        conf.set(KafkaOptions.OUTPUT_TOPIC, outputTopic);
        setIfPresent(conf, KafkaOptions.DEAD_LETTER_TOPIC, deadLetterTopic);
        setIfPresent(conf, KafkaOptions.CORRECTIONS_TOPIC, correctionsTopic);
        setIfPresent(conf, KafkaOptions.GROUP_ID, groupId);
        setIfPresent(conf, KafkaOptions.TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
        setIfPresent(conf, KafkaOptions.STARTING_OFFSETS, startingOffsets);
        if (bounded) {
            conf.set(KafkaOptions.BOUNDED, true);
        }
        conf.set(BundleOptions.BUNDLE, models.toAbsolutePath().toString());
        conf.set(FormatSettings.FORMAT, BundleFormat.resolve(format, models, this::bad));
        if (sessionGap != null) {
            conf.set(WindowOptions.SESSION_GAP, duration("--session-gap", sessionGap));
        }
        Duration interval = checkpointInterval == null ? conf.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                .orElse(StreamSettings.CHECKPOINT_INTERVAL) : duration("--checkpoint-interval", checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        if (transactionTimeout != null) {
            conf.set(KafkaOptions.TRANSACTION_TIMEOUT, duration("--transaction-timeout", transactionTimeout));
        }
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Path.of(checkpoints).toAbsolutePath().toUri().toString());
        if (fromSavepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
        }
        conf.set(CoreOptions.DEFAULT_PARALLELISM,
                parallelism == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : parallelism);
        if (maxParallelism != null) {
            conf.set(PipelineOptions.MAX_PARALLELISM, maxParallelism);
        }
        try {
            StreamJob.check(conf);
        } catch (StreamJob.InvalidSetting e) {
            String option = OPTION_OF.get(e.key());
            throw option == null ? bad("-D " + e.key(), e.reason()) : bad(option, e.reason());
        }
        return conf;
    }

    /** The command-line option of each setting the job's checks may name. */
    private static final Map<String, String> OPTION_OF = Map.of(
            KafkaOptions.OUTPUT_TOPIC.key(), "--output-topic",
            KafkaOptions.INPUT_TOPIC.key(), "--input-topic",
            KafkaOptions.BOOTSTRAP_SERVERS.key(), "--kafka",
            BundleOptions.BUNDLE.key(), "--models",
            FormatSettings.FORMAT.key(), "--format",
            WindowOptions.SESSION_GAP.key(), "--session-gap",
            KafkaOptions.TRANSACTION_TIMEOUT.key(), "--transaction-timeout",
            CoreOptions.DEFAULT_PARALLELISM.key(), "--parallelism",
            PipelineOptions.MAX_PARALLELISM.key(), "--max-parallelism");

    private Duration duration(String option, String text) {
        try {
            Duration d = TimeUtils.parseDuration(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw bad(option, "'" + text + "' is not a positive duration (e.g. 30s, 10min)");
        }
    }

    private static <T> void setIfPresent(Configuration conf, ConfigOption<T> opt, T value) {
        if (value != null) {
            conf.set(opt, value);
        }
    }

    private ParameterException bad(String option, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }
}
