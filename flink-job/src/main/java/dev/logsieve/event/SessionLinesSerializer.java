package dev.logsieve.event;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes {@link SessionLines}: the key once, then each line without it. */
public final class SessionLinesSerializer extends RecordSerializer<SessionLines> {
    private static final long serialVersionUID = 1L;

    public static final SessionLinesSerializer INSTANCE = new SessionLinesSerializer();

    @Override
    public SessionLines createInstance() {
        return new SessionLines();
    }

    @Override
    public SessionLines copy(SessionLines from) {
        List<KeyedLine> lines = new ArrayList<>(from.lines.size());
        for (KeyedLine l : from.lines) {
            lines.add(KeyedLineSerializer.INSTANCE.copy(l));
        }
        return new SessionLines(from.key, lines);
    }

    @Override
    public void serialize(SessionLines batch, DataOutputView out) throws IOException {
        writeString(batch.key, out);
        out.writeInt(batch.lines.size());
        for (KeyedLine l : batch.lines) {
            out.writeLong(l.timestamp);
            out.writeLong(l.lineNumber);
            out.writeLong(l.templateId);
            writeString(l.template, out);
            out.writeInt(l.label);
        }
    }

    @Override
    public SessionLines deserialize(DataInputView in) throws IOException {
        String key = readString(in);
        int n = in.readInt();
        List<KeyedLine> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long timestamp = in.readLong();
            long lineNumber = in.readLong();
            long templateId = in.readLong();
            String template = readString(in);
            lines.add(new KeyedLine(key, timestamp, lineNumber, templateId, template, in.readInt()));
        }
        return new SessionLines(key, lines);
    }

    @Override
    public TypeSerializerSnapshot<SessionLines> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot in checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SessionLines> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link SessionLines}' {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<SessionLines> {
        @Override
        public TypeInformation<SessionLines> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(SessionLines.class, INSTANCE);
        }
    }
}
