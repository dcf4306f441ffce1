package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LogRecord;
import dev.logsieve.format.Formats;
import dev.logsieve.format.FormatOptions;
import dev.logsieve.format.LineFormat;
import dev.logsieve.format.MalformedLineException;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.RawLine;
import dev.logsieve.job.ParseAndMask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A Kafka record is parsed once: by the deserializer, which takes event time from the parse, and
 * never again by the job's first operator; a record that does not parse keeps its reason and its
 * original bytes on the way to the dead letters.
 */
class ParseOnceTest {
    static final AtomicInteger PARSES = new AtomicInteger();

    /** The HDFS format, counting its parses (static: the harness runs in this JVM). */
    static final class CountingHdfs implements LineFormat {
        private static final long serialVersionUID = 1L;
        private final LineFormat hdfs = Formats.lineFormat("hdfs", FormatOptions.defaults());

        @Override
        public String name() {
            return "hdfs";
        }

        @Override
        public LogRecord parse(String line) throws MalformedLineException {
            PARSES.incrementAndGet();
            return hdfs.parse(line);
        }

        @Override
        public boolean hasSessions() {
            return true;
        }
    }

    private static List<RawLine> deserialize(RawRecords schema, String... values) throws Exception {
        List<RawLine> out = new ArrayList<>();
        Collector<RawLine> collector = new Collector<>() {
            @Override
            public void collect(RawLine record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        long offset = 0;
        for (String v : values) {
            schema.deserialize(new ConsumerRecord<>("lines", 0, offset++, null, v.getBytes(StandardCharsets.UTF_8)), collector);
        }
        return out;
    }

    @Test
    void aRecordIsParsedOnceFromTopicToKeyedLine() throws Exception {
        LineFormat format = new CountingHdfs();
        String good = "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating";
        String bad = "not an hdfs line";
        PARSES.set(0);
        List<RawLine> lines = deserialize(new RawRecords(1 << 16, format), good, bad);
        assertThat(PARSES).as("the deserializer parses each record").hasValue(2);
        assertThat(KafkaLines.eventTime(lines.get(0), 7L)).as("event time from the line's own header")
                .isEqualTo(lines.get(0).parsed.timestamp).isNotEqualTo(7L);
        assertThat(KafkaLines.eventTime(lines.get(1), 7L)).as("an unparsable line does not move event time")
                .isEqualTo(Long.MIN_VALUE);

        ParseAndMask first = new ParseAndMask(format, true, LineOptions.Limits.of(1 << 16), true, null);
        try (OneInputStreamOperatorTestHarness<RawLine, KeyedLine> h =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(first))) {
            h.open();
            for (RawLine l : lines) {
                h.processElement(new StreamRecord<>(l, 1L));
            }
            assertThat(PARSES).as("the job's first operator does not parse again").hasValue(2);
            assertThat(h.extractOutputValues()).extracting(k -> k.key).containsExactly("blk_38865049064139660");
            List<DeadLetter> dead = new ArrayList<>();
            h.getSideOutput(ParseAndMask.DEAD_LETTERS).forEach(r -> dead.add(r.getValue()));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).original).as("the original bytes").isEqualTo(bad.getBytes(StandardCharsets.UTF_8));
            assertThat(dead.get(0).reason).isNotBlank();
        }
    }
}
