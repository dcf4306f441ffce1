package dev.logsieve.event;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes {@link KeyedLine}, the record of every line crossing the shuffle to its sequence. */
public final class KeyedLineSerializer extends RecordSerializer<KeyedLine> {
    private static final long serialVersionUID = 1L;

    public static final KeyedLineSerializer INSTANCE = new KeyedLineSerializer();

    @Override
    public KeyedLine createInstance() {
        return new KeyedLine();
    }

    @Override
    public KeyedLine copy(KeyedLine from) {
        return new KeyedLine(from.key, from.timestamp, from.lineNumber, from.templateId, from.template, from.label);
    }

    @Override
    public void serialize(KeyedLine line, DataOutputView out) throws IOException {
        writeString(line.key, out);
        out.writeLong(line.timestamp);
        out.writeLong(line.lineNumber);
        out.writeLong(line.templateId);
        writeString(line.template, out);
        out.writeInt(line.label);
    }

    @Override
    public KeyedLine deserialize(DataInputView in) throws IOException {
        String key = readString(in);
        long timestamp = in.readLong();
        long lineNumber = in.readLong();
        long templateId = in.readLong();
        String template = readString(in);
        return new KeyedLine(key, timestamp, lineNumber, templateId, template, in.readInt());
    }

    @Override
    public TypeSerializerSnapshot<KeyedLine> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot in checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyedLine> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link KeyedLine}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<KeyedLine> {
        @Override
        public TypeInformation<KeyedLine> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(KeyedLine.class, INSTANCE);
        }
    }
}
