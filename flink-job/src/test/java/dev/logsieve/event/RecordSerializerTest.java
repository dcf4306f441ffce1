package dev.logsieve.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.io.RawLine;
import dev.logsieve.io.RawLineSerializer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RecordSerializerTest {

    @Test
    void flinkPicksTheHandWrittenSerializersForTheRecordsOnTheHotPath() {
        assertThat(TypeInformation.of(KeyedLine.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(KeyedLineSerializer.INSTANCE);
        assertThat(TypeInformation.of(RawLine.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(RawLineSerializer.INSTANCE);
        assertThat(TypeInformation.of(LogSequence.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(LogSequenceSerializer.INSTANCE);
        assertThat(TypeInformation.of(Verdict.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(VerdictSerializer.INSTANCE);
    }

    @Test
    void aVerdictComesBackWithEveryFieldAndItsEvidence() throws IOException {
        Verdict bare = new Verdict();
        for (Verdict v : new Verdict[] {bare, Records.fullVerdict()}) {
            Verdict back = roundTrip(VerdictSerializer.INSTANCE, v);
            assertThat(back).usingRecursiveComparison(Records.fieldByField()).isEqualTo(v);
            assertThat(VerdictSerializer.INSTANCE.copy(v)).isNotSameAs(v).usingRecursiveComparison(Records.fieldByField()).isEqualTo(v);
        }
        // The fields Jackson writes out are the same too (step is not written; it came back above).
        Verdict full = Records.fullVerdict();
        assertThat(Records.json(roundTrip(VerdictSerializer.INSTANCE, full))).isEqualTo(Records.json(full));
    }

    @Test
    void theFullRecordsSetEveryFieldSoThatAFieldTheSerializersMissWouldShow() throws IllegalAccessException {
        // A field added to a record but not to its serializer would be lost at the next shuffle; the
        // round trips above only see it if the full records set it.
        for (Object[] pair : new Object[][] {{Records.fullVerdict(), new Verdict()}, {Records.fullSequence(), new LogSequence()}}) {
            for (Field f : pair[0].getClass().getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    assertThat(Objects.deepEquals(f.get(pair[0]), f.get(pair[1])))
                            .as("%s.%s differs from its default in the full record", pair[0].getClass().getSimpleName(), f.getName())
                            .isFalse();
                }
            }
        }
    }

    @Test
    void aSequenceComesBackWithEveryFieldAndTheLlmReason() throws IOException {
        LogSequence bare = new LogSequence();
        for (LogSequence s : new LogSequence[] {bare, Records.fullSequence()}) {
            assertThat(roundTrip(LogSequenceSerializer.INSTANCE, s)).usingRecursiveComparison(Records.fieldByField()).isEqualTo(s);
            LogSequence copy = LogSequenceSerializer.INSTANCE.copy(s);
            assertThat(copy).isNotSameAs(s).usingRecursiveComparison(Records.fieldByField()).isEqualTo(s);
            // A stage that sets a field on its copy (the LLM stage, the cache's gate) leaves the original as it was.
            copy.llmScore = 0.5f;
            assertThat(s.llmScore).isNotEqualTo(0.5f);
        }
    }

    @Test
    void aKeyedLineComesBackAsItWasWrittenWithAndWithoutItsTemplate() throws IOException {
        KeyedLine full = new KeyedLine("blk_-17", 1_700_000_000_123L, 42, -99L, "Receiving block <*> src: <*>", Labels.ANOMALOUS);
        KeyedLine bare = new KeyedLine("blk_3", 5, 6, 7, null, Labels.UNKNOWN);
        for (KeyedLine line : new KeyedLine[] {full, bare}) {
            KeyedLine back = roundTrip(KeyedLineSerializer.INSTANCE, line);
            assertThat(back).usingRecursiveComparison().isEqualTo(line);
            assertThat(KeyedLineSerializer.INSTANCE.copy(line)).isNotSameAs(line).usingRecursiveComparison().isEqualTo(line);
        }
    }

    @Test
    void aRawLineComesBackWithItsOriginalBytesAndTheRecordItsInputParsed() throws IOException {
        RawLine file = new RawLine("/logs/a.log", 7, "081109 203615 148 INFO dfs.DataNode: x", 40, false);
        RawLine kafka = new RawLine("topic-0", 1234, "bad \uFFFD line", 12, true);
        kafka.original = "bad \u00ff line".getBytes(StandardCharsets.ISO_8859_1);
        kafka.rejection = "no session key in the line";
        RawLine parsed = new RawLine("topic-1", 9, "line", 4, false);
        parsed.parsed = new LogRecord(1_226_234_175_000L, "INFO", "dfs.DataNode", "Receiving block blk_1",
                new String[] {"blk_1", "blk_2"}, Labels.NORMAL);
        parsed.parsed.source = "topic-1";
        parsed.parsed.lineNumber = 9;
        for (RawLine line : new RawLine[] {file, kafka, parsed}) {
            assertThat(roundTrip(RawLineSerializer.INSTANCE, line)).usingRecursiveComparison().isEqualTo(line);
            RawLine copy = RawLineSerializer.INSTANCE.copy(line);
            assertThat(copy).isNotSameAs(line).usingRecursiveComparison().isEqualTo(line);
        }
        // The parse stage sets a record's time on its copy; the reader's record must not change.
        RawLine copy = RawLineSerializer.INSTANCE.copy(parsed);
        copy.parsed.timestamp = 1;
        assertThat(parsed.parsed.timestamp).isEqualTo(1_226_234_175_000L);
    }

    @Test
    void aSessionsLinesComeBackWithTheirKeyWrittenOnce() throws IOException {
        SessionLines piece = new SessionLines("blk_9", java.util.List.of(
                new KeyedLine("blk_9", 10, 1, 100, null, Labels.UNKNOWN),
                new KeyedLine("blk_9", 12, 7, 101, "Deleting block <*> file <*>", Labels.NORMAL)));
        assertThat(roundTrip(SessionLinesSerializer.INSTANCE, piece)).usingRecursiveComparison().isEqualTo(piece);
        DataOutputSerializer one = new DataOutputSerializer(64);
        SessionLinesSerializer.INSTANCE.serialize(piece, one);
        DataOutputSerializer each = new DataOutputSerializer(64);
        for (KeyedLine l : piece.lines) {
            KeyedLineSerializer.INSTANCE.serialize(l, each);
        }
        assertThat(one.length()).isLessThan(each.length());
        assertThat(TypeInformation.of(SessionLines.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(SessionLinesSerializer.INSTANCE);
    }

    @Test
    void aSavepointsSerializerSnapshotRestoresTheSameSerializer() throws IOException {
        for (TypeSerializer<?> serializer : new TypeSerializer<?>[] {KeyedLineSerializer.INSTANCE, RawLineSerializer.INSTANCE,
                SessionLinesSerializer.INSTANCE, LogSequenceSerializer.INSTANCE, VerdictSerializer.INSTANCE}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
            TypeSerializerSnapshot<?> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                    new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
            assertThat(restored.restoreSerializer()).isSameAs(serializer);
        }
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("every byte written is read back").isZero();
        return back;
    }
}
