package dev.logsieve.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.logsieve.event.Verdict;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A verdict as a Kafka record: key = the sequence key (e.g. the HDFS block id), value = the verdict as JSON. */
public final class VerdictRecords implements KafkaRecordSerializationSchema<Verdict> {
    private static final long serialVersionUID = 1L;
    private static final ObjectWriter JSON = new ObjectMapper().writerFor(Verdict.class);

    private final String topic;

    public VerdictRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Verdict v, KafkaSinkContext context, Long timestamp) {
        try {
            return new ProducerRecord<>(topic, null, Records.timestamp(timestamp), v.key == null ? null : v.key.getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write verdict of " + v.key, e);
        }
    }
}
