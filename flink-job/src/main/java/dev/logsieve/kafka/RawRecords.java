package dev.logsieve.kafka;

import dev.logsieve.io.RawLine;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as a {@link RawLine}: source {@code topic-partition}, line number the offset, the
 * value decoded as UTF-8 (invalid bytes replaced) and cut to {@code maxBytes}, and the original bytes
 * kept for the dead-letter topic. Never fails: what is wrong with a record is the parser's to say.
 */
public final class RawRecords implements KafkaRecordDeserializationSchema<RawLine> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;

    public RawRecords(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        out.collect(toLine(record.topic(), record.partition(), record.offset(), record.value(), maxBytes));
    }

    /** The raw line of one record value (null counts as empty). */
    public static RawLine toLine(String topic, int partition, long offset, byte[] value, int maxBytes) {
        byte[] v = value == null ? EMPTY : value;
        int len = Math.min(v.length, maxBytes);
        // A record may end with the line terminator its producer left on.
        int end = len;
        if (end == v.length) {
            while (end > 0 && (v[end - 1] == '\n' || v[end - 1] == '\r')) {
                end--;
            }
        }
        RawLine line = new RawLine(topic + "-" + partition, offset, RawLine.decode(v, 0, end), v.length, v.length > maxBytes);
        line.original = v;
        return line;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
