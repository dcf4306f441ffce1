package dev.logsieve.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The Kafka settings of {@code logsieve stream}, typed and documented once. Like
 * {@code dev.logsieve.cli.LogsieveOptions} they can be given with {@code -D key=value} or in Flink's
 * {@code config.yaml}. Checkpointing, the state backend, the restart strategy, parallelism and
 * max-parallelism are Flink's own options; {@link dev.logsieve.job.StreamSettings} gives them streaming defaults.
 */
public final class KafkaOptions {
    private KafkaOptions() {}

    /** Where a consumer group with no committed offsets starts. */
    public enum StartFrom { EARLIEST, LATEST, COMMITTED }

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("logsieve.kafka.bootstrap-servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka brokers to bootstrap from, host:port[,host:port...].");

    public static final ConfigOption<String> INPUT_TOPIC = ConfigOptions.key("logsieve.kafka.input-topic")
            .stringType().noDefaultValue()
            .withDescription("Topic of raw log lines: one line per record value (bytes, UTF-8 expected); the key is ignored.");

    public static final ConfigOption<String> OUTPUT_TOPIC = ConfigOptions.key("logsieve.kafka.output-topic")
            .stringType().noDefaultValue()
            .withDescription("Topic the verdicts go to, one JSON object per sequence, keyed by the sequence key "
                    + "(e.g. the HDFS block id). Written in transactions: read it with isolation.level=read_committed.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("logsieve.kafka.dead-letter-topic")
            .stringType().defaultValue("logsieve-dead-letters")
            .withDescription("Topic for records that could not be used (unparsable lines, too long lines, late lines, "
                    + "malformed corrections). The value is the original record's bytes; headers say where it came from "
                    + "(logsieve.topic, logsieve.partition, logsieve.offset) and why (logsieve.reason). Its "
                    + "max.message.bytes must be at least the input topic's.");

    public static final ConfigOption<String> CORRECTIONS_TOPIC = ConfigOptions.key("logsieve.kafka.corrections-topic")
            .stringType().noDefaultValue()
            .withDescription("Topic of label corrections, JSON {\"sequenceId\": id or \"templateIds\": [...], "
                    + "\"label\": 0, 1 or null (null deletes the cached verdict), \"who\": \"...\", \"when\": epoch-ms}. "
                    + "None: no corrections are read.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("logsieve.kafka.group-id")
            .stringType().defaultValue("logsieve")
            .withDescription("Consumer group id. Offsets live in Flink's checkpoints; they are also committed to "
                    + "Kafka on each checkpoint, for monitoring lag and for starting from COMMITTED.");

    public static final ConfigOption<StartFrom> STARTING_OFFSETS = ConfigOptions.key("logsieve.kafka.starting-offsets")
            .enumType(StartFrom.class).defaultValue(StartFrom.COMMITTED)
            .withDescription("Where a job that does not restore from a checkpoint or savepoint starts: EARLIEST, "
                    + "LATEST, or COMMITTED (the group's committed offsets, else the earliest).");

    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("logsieve.kafka.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the offsets that are the latest when the job starts, closing every open "
                    + "session at the end: for replays and tests. Normally false (run forever).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("logsieve.kafka.transactional-id-prefix")
            .stringType().defaultValue("logsieve")
            .withDescription("Prefix of the sinks' Kafka transactional ids. Keep it stable across restarts of the "
                    + "same job (lingering transactions are found and aborted by it) and unique per job on a cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("logsieve.kafka.transaction-timeout")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("The producers' transaction.timeout.ms. It must be at most the broker's "
                    + "transaction.max.timeout.ms (default 15 min; the broker rejects larger values) and longer than "
                    + "the checkpoint interval plus the longest expected restart, or the broker aborts a transaction "
                    + "Flink still means to commit and its verdicts are lost.");

    public static final ConfigOption<Map<String, String>> CLIENT_PROPERTIES = ConfigOptions.key("logsieve.kafka.properties")
            .mapType().defaultValue(Map.of())
            .withDescription("Extra Kafka client properties for every source and sink, e.g. "
                    + "'security.protocol:SASL_SSL,sasl.mechanism:PLAIN'.");
}
