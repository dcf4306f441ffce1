package dev.logsieve.kafka;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Verdict;
import dev.logsieve.job.DetectionJob;
import dev.logsieve.job.LineInput;
import dev.logsieve.job.LocalEnvironment;
import dev.logsieve.job.LogsieveOptions;
import dev.logsieve.job.Sequencer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming detector: lines in, sessions closed by event time, verdicts and dead letters out,
 * label corrections into the verdict cache; checkpointed, so a restart loses and repeats nothing.
 * It takes its input and sinks as constructor arguments ({@link #kafka} wires the production ones);
 * {@link #main} submits it to a Flink cluster.
 */
public final class StreamJob {
    private final LineInput lines;
    private final Sink<Verdict> verdicts;
    private final Sink<DeadLetter> deadLetters;
    private final DetectionJob.DataStreamFactory<LabelCorrection> corrections;
    private boolean watermarksAtSource;

    /** @param corrections label corrections, or null for none */
    public StreamJob(LineInput lines, Sink<Verdict> verdicts, Sink<DeadLetter> deadLetters,
                     DetectionJob.DataStreamFactory<LabelCorrection> corrections) {
        this.lines = lines;
        this.verdicts = verdicts;
        this.deadLetters = deadLetters;
        this.corrections = corrections;
    }

    /** The same job reading lines from {@code other} (tests wrap the Kafka input to inject failures). */
    public StreamJob withLines(LineInput other) {
        StreamJob job = new StreamJob(other, verdicts, deadLetters, corrections);
        job.watermarksAtSource = watermarksAtSource;
        return job;
    }

    public LineInput lines() {
        return lines;
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
        int maxLine = (int) Math.min(Integer.MAX_VALUE, conf.get(LogsieveOptions.MAX_LINE).getBytes());

        LineInput lines = new KafkaLines(bootstrap, input, group, start, bounded, props, Sequencer.lineFormat(conf),
                maxLine, conf.get(LogsieveOptions.OUT_OF_ORDERNESS), conf.get(LogsieveOptions.IDLENESS));
        Duration txTimeout = conf.get(KafkaOptions.TRANSACTION_TIMEOUT);
        Sink<Verdict> verdictSink = sink(bootstrap, props, prefix + "-verdicts", txTimeout, new VerdictRecords(output));
        Sink<DeadLetter> deadSink = sink(bootstrap, props, prefix + "-dead-letters", txTimeout, new DeadLetterRecords(dead));
        KafkaCorrections fixes = conf.getOptional(KafkaOptions.CORRECTIONS_TOPIC)
                .map(topic -> new KafkaCorrections(bootstrap, topic, group, start, bounded, props,
                        sink(bootstrap, props, prefix + "-corrections-dead-letters", txTimeout, new DeadLetterRecords(dead))))
                .orElse(null);
        StreamJob job = new StreamJob(lines, verdictSink, deadSink, fixes);
        job.watermarksAtSource = true; // KafkaLines assigns event time per partition
        return job;
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
     * Adds the job to {@code env}; the caller executes it. Sessions close by event time (never at the
     * end of the input unless the input is bounded), and the cache entries expire after the cache TTL.
     */
    public void build(StreamExecutionEnvironment env, Configuration conf, String bundlePath) {
        Configuration c = new Configuration(conf);
        if (watermarksAtSource) {
            c.set(LogsieveOptions.WATERMARKS_AT_SOURCE, true);
        }
        new DetectionJob(lines, verdicts, deadLetters, corrections)
                .build(env, c, bundlePath, new long[0], false);
    }

    /** A local (embedded MiniCluster) streaming environment with {@link StreamSettings}' defaults. */
    public static StreamExecutionEnvironment localEnvironment(Configuration conf) {
        Configuration c = StreamSettings.withDefaults(conf);
        return LocalEnvironment.create(c, RuntimeExecutionMode.STREAMING, c.get(CoreOptions.DEFAULT_PARALLELISM));
    }

    /**
     * Submits the job to the cluster it runs in ({@code flink run -c dev.logsieve.kafka.StreamJob JAR
     * -Dlogsieve.kafka.bootstrap-servers=... -Dlogsieve.models=/path ...}): arguments are
     * {@code -Dkey=value}, {@code key=value} or {@code --key value}; the cluster's config.yaml supplies
     * the rest, and {@link StreamSettings} the defaults for what neither sets.
     */
    public static void main(String[] args) throws Exception {
        Configuration given = Configuration.fromMap(parseArgs(args));
        String bundle = required(given, LogsieveOptions.BUNDLE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(given);
        // The cluster's config.yaml and the arguments, then the streaming defaults for what neither sets.
        org.apache.flink.configuration.ReadableConfig effective = env.getConfiguration();
        Configuration all = StreamSettings.withDefaults(effective instanceof Configuration ? (Configuration) effective : given);
        env.configure(all);
        kafka(all).build(env, all, bundle);
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

    private static String required(Configuration conf, ConfigOption<String> option) {
        return conf.getOptional(option).orElseThrow(() ->
                new IllegalArgumentException("missing setting " + option.key()));
    }
}
