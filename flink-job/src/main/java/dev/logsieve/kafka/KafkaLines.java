package dev.logsieve.kafka;

import dev.logsieve.format.LineFormat;
import dev.logsieve.io.RawLine;
import dev.logsieve.job.LineInput;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Raw lines from a Kafka topic, each parsed once as it is read ({@link RawRecords}): the job uses
 * that parse and does not parse the line again. Event time is assigned here, per partition (Flink's
 * per-split watermarks), from the parsed line; the Kafka record timestamp stands in when the format
 * has no time. A partition that sends nothing for the idleness timeout stops holding back event time.
 * A line's source is its partition ({@code topic-partition}) and its line number the offset, so a
 * dead letter names the record; count windows take the whole topic as one stream ({@link #stream}).
 */
public final class KafkaLines implements LineInput {
    private static final long serialVersionUID = 1L;

    private final String bootstrap;
    private final String topic;
    private final String groupId;
    private final KafkaOptions.StartFrom startFrom;
    private final boolean bounded;
    private final Properties properties;
    private final LineFormat format;
    private final int maxLineBytes;
    private final Duration outOfOrderness;
    private final Duration idleness;

    public KafkaLines(String bootstrap, String topic, String groupId, KafkaOptions.StartFrom startFrom, boolean bounded,
                      Properties properties, LineFormat format, int maxLineBytes, Duration outOfOrderness,
                      Duration idleness) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.groupId = groupId;
        this.startFrom = startFrom;
        this.bounded = bounded;
        this.properties = properties;
        this.format = format;
        this.maxLineBytes = maxLineBytes;
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
    }

    @Override
    public DataStream<RawLine> create(StreamExecutionEnvironment env) {
        KafkaSource<RawLine> source = KafkaLines.<RawLine>source(bootstrap, topic, groupId, startFrom, bounded, properties)
                .setDeserializer(new RawRecords(maxLineBytes, format))
                .build();
        SerializableTimestampAssigner<RawLine> eventTime = KafkaLines::eventTime;
        WatermarkStrategy<RawLine> watermarks = WatermarkStrategy.<RawLine>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(eventTime)
                .withIdleness(idleness);
        return env.fromSource(source, watermarks, "lines: kafka " + topic).uid("kafka-lines");
    }

    @Override
    public boolean assignsEventTime() {
        return true;
    }

    /** The topic: its partitions each hold an arbitrary share of one log, which count windows cut as a whole. */
    @Override
    public String stream() {
        return topic;
    }

    /**
     * The parsed line's own time; the record's when the format gives none. A line that could not be
     * parsed gets {@link Long#MIN_VALUE}: it is headed for the dead letters and must not move event
     * time (a record time of today would make every later line of an old log late).
     */
    static long eventTime(RawLine line, long recordTime) {
        if (line.parsed == null) {
            return Long.MIN_VALUE;
        }
        long t = line.parsed.timestamp;
        return t == 0 ? recordTime : t;
    }

    /** A source builder with the settings every Logsieve Kafka source shares. */
    static <T> KafkaSourceBuilder<T> source(String bootstrap, String topic, String groupId,
                                            KafkaOptions.StartFrom startFrom, boolean bounded, Properties properties) {
        KafkaSourceBuilder<T> b = KafkaSource.<T>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setProperties(properties)
                // Only committed verdicts of upstream transactional producers are lines.
                .setProperty("isolation.level", "read_committed")
                .setStartingOffsets(switch (startFrom) {
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                    case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                });
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b;
    }
}
