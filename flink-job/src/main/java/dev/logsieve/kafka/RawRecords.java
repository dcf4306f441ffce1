package dev.logsieve.kafka;

import dev.logsieve.format.LineFormat;
import dev.logsieve.io.RawLine;
import dev.logsieve.job.ParseAndMask;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as a {@link RawLine}: source {@code topic-partition}, line number the offset, the
 * value decoded as UTF-8 (invalid bytes replaced) and cut to {@code maxBytes}, and the original bytes
 * kept for the dead-letter topic; then parsed once by the line format ({@link ParseAndMask#parse}),
 * so that event time comes from the parse and the job does not parse the line again. Never fails:
 * what is wrong with a record travels with it as its rejection, to the dead letters.
 */
public final class RawRecords implements KafkaRecordDeserializationSchema<RawLine> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;
    private final LineFormat format;

    /** @param format parses each record's line; null to leave parsing to the job */
    public RawRecords(int maxBytes, LineFormat format) {
        this.maxBytes = maxBytes;
        this.format = format;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        RawLine line = toLine(record.topic(), record.partition(), record.offset(), record.value(), maxBytes);
        if (format != null) {
            ParseAndMask.parse(format, line, maxBytes);
        }
        out.collect(line);
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
        RawLine line = RawLine.read(topic + "-" + partition, offset, v, 0, end, v.length, v.length > maxBytes);
        line.original = v;
        return line;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
