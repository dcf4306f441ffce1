package dev.logsieve.kafka;

import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Verdict;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.Locations;
import dev.logsieve.job.LineInput;
import dev.logsieve.job.Models;
import dev.logsieve.job.Pipeline;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.window.WindowOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * The streaming detector on Kafka: the {@link Pipeline} with lines from a topic, verdicts and dead
 * letters to topics through exactly-once transactions, and label corrections from a topic into the
 * verdict cache; checkpointed, so a restart loses and repeats nothing. {@link #kafka} wires the
 * production input and sinks; tests swap them with {@link #withLines}. {@link #main} submits it to
 * a Flink cluster, after the same checks ({@link #check}) that {@code logsieve stream} makes.
 */
public final class StreamJob {
    private final Pipeline.Io io;

    /** The job on these inputs and outputs. */
    public StreamJob(Pipeline.Io io) {
        this.io = io;
    }

    /** The same job reading lines from {@code other} (tests wrap the Kafka input to inject failures). */
    public StreamJob withLines(LineInput other) {
        return new StreamJob(io.withLines(other));
    }

    /** The same job printing its alerts too ({@code logsieve stream --alerts}). */
    public StreamJob withAlerts(Sink<Verdict> alerts) {
        return new StreamJob(io.withAlerts(alerts));
    }

    public LineInput lines() {
        return io.lines();
    }

    /** A setting whose value cannot work, with the setting's key. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        InvalidSetting(ConfigOption<?> option, String message) {
            super(option.key() + ": " + message);
            this.key = option.key();
        }

        /** The key of the setting at fault. */
        public String key() {
            return key;
        }

        /** The message without the key (for a command line that names its own option). */
        public String reason() {
            return getMessage().substring(key.length() + 2);
        }
    }

    /**
     * Checks the settings of a streaming run together, before anything starts: both
     * {@code logsieve stream} and {@link #main} (a cluster submission with {@code -D} settings) call it.
     *
     * @throws InvalidSetting naming the first setting that cannot work
     */
    public static void check(ReadableConfig conf) {
        String input = required(conf, KafkaOptions.INPUT_TOPIC);
        if (input.equals(required(conf, KafkaOptions.OUTPUT_TOPIC))) {
            throw new InvalidSetting(KafkaOptions.OUTPUT_TOPIC, "must differ from the input topic");
        }
        required(conf, KafkaOptions.BOOTSTRAP_SERVERS);
        String bundle = required(conf, BundleOptions.BUNDLE);
        Path local;
        try {
            local = Locations.local(bundle);
        } catch (IOException | RuntimeException e) {
            throw new InvalidSetting(BundleOptions.BUNDLE, "cannot read " + bundle + ": " + e.getMessage());
        }
        if (!Files.isDirectory(local)) {
            throw new InvalidSetting(BundleOptions.BUNDLE, "no such bundle directory: " + bundle);
        }
        try {
            FormatSettings.lineFormat(conf);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(FormatSettings.FORMAT, e.getMessage());
        }
        positive(conf, WindowOptions.SESSION_GAP);
        positive(conf, WindowOptions.COUNT_TIMEOUT);
        Duration gap = conf.get(WindowOptions.SESSION_GAP);
        conf.getOptional(WindowOptions.SESSION_LIFETIME).ifPresent(lifetime -> {
            if (lifetime.compareTo(gap) < 0) {
                throw new InvalidSetting(WindowOptions.SESSION_LIFETIME, TimeUtils.formatWithHighestUnit(lifetime)
                        + " must be at least the session gap (" + TimeUtils.formatWithHighestUnit(gap)
                        + "): a session is judged after a gap, and finally when its lifetime ends");
            }
        });
        Duration interval = conf.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                .orElse(StreamSettings.CHECKPOINT_INTERVAL);
        Duration tx = conf.get(KafkaOptions.TRANSACTION_TIMEOUT);
        if (tx.compareTo(interval) <= 0) {
            throw new InvalidSetting(KafkaOptions.TRANSACTION_TIMEOUT, TimeUtils.formatWithHighestUnit(tx)
                    + " must be longer than the checkpoint interval (" + TimeUtils.formatWithHighestUnit(interval)
                    + "), or transactions time out before they are committed");
        }
        int p = conf.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(1);
        if (p < 1) {
            throw new InvalidSetting(CoreOptions.DEFAULT_PARALLELISM, "must be at least 1, got " + p);
        }
        int max = conf.getOptional(PipelineOptions.MAX_PARALLELISM).orElse(StreamSettings.MAX_PARALLELISM);
        if (max < p || max > 32768) {
            throw new InvalidSetting(PipelineOptions.MAX_PARALLELISM,
                    "must be between the parallelism (" + p + ") and 32768, got " + max);
        }
    }

    /** The job on Kafka, as {@link KafkaOptions} in {@code conf} say. */
    public static StreamJob kafka(Configuration conf) {
        String bootstrap = required(conf, KafkaOptions.BOOTSTRAP_SERVERS);
        String input = required(conf, KafkaOptions.INPUT_TOPIC);
        String output = required(conf, KafkaOptions.OUTPUT_TOPIC);
        String dead = conf.get(KafkaOptions.DEAD_LETTER_TOPIC);
        String prefix = conf.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX);
        Properties props = clientProperties(conf);
        String group = conf.get(KafkaOptions.GROUP_ID);
        KafkaOptions.StartFrom start = conf.get(KafkaOptions.STARTING_OFFSETS);
        boolean bounded = conf.get(KafkaOptions.BOUNDED);

        LineInput lines = new KafkaLines(bootstrap, input, group, start, bounded, props, FormatSettings.lineFormat(conf),
                LineOptions.maxLineBytes(conf), conf.get(WindowOptions.OUT_OF_ORDERNESS), conf.get(WindowOptions.IDLENESS));
        Duration txTimeout = conf.get(KafkaOptions.TRANSACTION_TIMEOUT);
        Sink<Verdict> verdictSink = sink(bootstrap, props, prefix + "-verdicts", txTimeout, new VerdictRecords(output));
        Sink<DeadLetter> deadSink = sink(bootstrap, props, prefix + "-dead-letters", txTimeout, new DeadLetterRecords(dead));
        KafkaCorrections fixes = conf.getOptional(KafkaOptions.CORRECTIONS_TOPIC)
                .map(topic -> new KafkaCorrections(bootstrap, topic, group, start, bounded, props,
                        sink(bootstrap, props, prefix + "-corrections-dead-letters", txTimeout, new DeadLetterRecords(dead))))
                .orElse(null);
        return new StreamJob(new Pipeline.Io(lines, verdictSink, deadSink).withCorrections(fixes));
    }

    /** An exactly-once Kafka sink: records become visible when the checkpoint that covers them completes. */
    public static <T> KafkaSink<T> sink(String bootstrap, Properties props, String transactionalIdPrefix,
                                        Duration transactionTimeout, KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(props)
                .setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(records)
                .build();
    }

    /**
     * Adds the job to {@code env}; the caller executes it. The bundle is a directory or a URI of any
     * file system Flink has (each TaskManager copies it once, see {@link Locations}). Sessions close by event time (never at the
     * end of the input), and the cache entries expire after the cache TTL.
     */
    public void build(StreamExecutionEnvironment env, Configuration conf, String bundlePath) {
        Pipeline.build(env, conf, Models.open(bundlePath, conf), io, false, null);
    }

    /**
     * Submits the job to the cluster it runs in ({@code flink run -c dev.logsieve.kafka.StreamJob JAR
     * -Dlogsieve.kafka.bootstrap-servers=... -Dlogsieve.models=/path ...}): arguments are
     * {@code -Dkey=value}, {@code key=value} or {@code --key value}; the cluster's config.yaml supplies
     * the rest, and {@link StreamSettings} the defaults for what neither sets.
     */
    public static void main(String[] args) throws Exception {
        Configuration given = Configuration.fromMap(parseArgs(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(given);
        // The cluster's config.yaml and the arguments, then the streaming defaults for what neither sets.
        ReadableConfig effective = env.getConfiguration();
        Configuration all = StreamSettings.withDefaults(effective instanceof Configuration ? (Configuration) effective : given);
        check(all);
        env.configure(all);
        kafka(all).build(env, all, all.get(BundleOptions.BUNDLE));
        env.execute("logsieve stream");
    }

    /** {@code -Dk=v}, {@code k=v} and {@code --k v} arguments as a map. */
    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 < args.length && !a.contains("=")) {
                out.put(a.substring(2), args[++i]);
                continue;
            }
            String kv = a.startsWith("-D") ? a.substring(2) : a.startsWith("--") ? a.substring(2) : a;
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected -Dkey=value, key=value or --key value, got '" + a + "'");
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    private static Properties clientProperties(Configuration conf) {
        Properties p = new Properties();
        p.putAll(conf.get(KafkaOptions.CLIENT_PROPERTIES));
        return p;
    }

    private static void positive(ReadableConfig conf, ConfigOption<Duration> option) {
        Duration d = conf.get(option);
        if (d.isZero() || d.isNegative()) {
            throw new InvalidSetting(option, "must be positive, got " + d);
        }
    }

    private static String required(ReadableConfig conf, ConfigOption<String> option) {
        return conf.getOptional(option).orElseThrow(() -> new InvalidSetting(option, "missing setting"));
    }
}
