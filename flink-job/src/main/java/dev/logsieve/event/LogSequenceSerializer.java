package dev.logsieve.event;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes {@link LogSequence}, which crosses the shuffle from the sequences to the judge (through
 * the LLM stage, whose in-flight sequences sit in its state, when that member votes).
 */
public final class LogSequenceSerializer extends RecordSerializer<LogSequence> {
    private static final long serialVersionUID = 1L;

    public static final LogSequenceSerializer INSTANCE = new LogSequenceSerializer();

    @Override
    public LogSequence createInstance() {
        return new LogSequence();
    }

    @Override
    public LogSequence copy(LogSequence from) {
        return from.copy();
    }

    @Override
    public void serialize(LogSequence s, DataOutputView out) throws IOException {
        writeString(s.key, out);
        out.writeLong(s.start);
        out.writeLong(s.end);
        writeLongs(s.templateIds, out);
        writeStrings(s.messages, out);
        out.writeInt(s.label);
        out.writeFloat(s.llmScore);
        writeNullable(s.llmReason, EvidenceFields::writeReason, out);
        out.writeInt(s.llmMessages);
        out.writeInt(s.llmEncoded);
        out.writeLong(s.cacheGeneration);
        out.writeBoolean(s.skippedLlm);
        out.writeInt(s.step);
        out.writeBoolean(s.last);
        out.writeLong(s.judgedAt);
        writeLongs(s.times, out);
    }

    @Override
    public LogSequence deserialize(DataInputView in) throws IOException {
        LogSequence s = new LogSequence(readString(in), in.readLong(), in.readLong(), readLongs(in), readStrings(in), in.readInt());
        s.llmScore = in.readFloat();
        s.llmReason = readNullable(in, EvidenceFields::readReason);
        s.llmMessages = in.readInt();
        s.llmEncoded = in.readInt();
        s.cacheGeneration = in.readLong();
        s.skippedLlm = in.readBoolean();
        s.step = in.readInt();
        s.last = in.readBoolean();
        s.judgedAt = in.readLong();
        s.times = readLongs(in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<LogSequence> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot in checkpoints and savepoints; reads state written when a sequence was a POJO. */
    public static final class Snapshot extends FormerPojoSnapshot<LogSequence> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link LogSequence}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<LogSequence> {
        @Override
        public TypeInformation<LogSequence> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(LogSequence.class, INSTANCE);
        }
    }
}
