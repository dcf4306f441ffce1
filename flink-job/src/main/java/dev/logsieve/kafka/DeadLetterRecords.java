package dev.logsieve.kafka;

import dev.logsieve.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A dead letter as a Kafka record, the way Kafka Connect keeps them: the value is the original
 * record's bytes (or the line's text where no original was kept, e.g. a late line), the key
 * {@code source:offset}, and headers say where it came from and why.
 */
public final class DeadLetterRecords implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    public static final String SOURCE = "logsieve.source";
    public static final String TOPIC = "logsieve.topic";
    public static final String PARTITION = "logsieve.partition";
    public static final String OFFSET = "logsieve.offset";
    public static final String REASON = "logsieve.reason";

    private final String topic;

    public DeadLetterRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] value = d.original != null ? d.original
                : d.line == null ? new byte[0] : d.line.getBytes(StandardCharsets.UTF_8);
        String source = d.source == null ? "" : d.source;
        List<Header> headers = new ArrayList<>();
        headers.add(header(SOURCE, source));
        int dash = source.lastIndexOf('-');
        if (d.original != null && dash > 0) { // topic-partition of a Kafka input
            headers.add(header(TOPIC, source.substring(0, dash)));
            headers.add(header(PARTITION, source.substring(dash + 1)));
        }
        headers.add(header(OFFSET, Long.toString(d.lineNumber)));
        headers.add(header(REASON, d.reason == null ? "" : d.reason));
        byte[] key = (source + ":" + d.lineNumber).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, Records.timestamp(timestamp), key, value, headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
