package dev.logsieve.io;

import dev.logsieve.event.LogRecord;
import dev.logsieve.event.RecordSerializer;
import dev.logsieve.event.RecordTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes {@link RawLine}, with the {@link LogRecord} it carries when its input parsed it. A
 * raw line is copied once on its way from its reader to the chained parse stage, so the copy
 * matters most: a new line and a new record, the strings and arrays shared.
 */
public final class RawLineSerializer extends RecordSerializer<RawLine> {
    private static final long serialVersionUID = 1L;

    public static final RawLineSerializer INSTANCE = new RawLineSerializer();

    @Override
    public RawLine createInstance() {
        return new RawLine();
    }

    @Override
    public RawLine copy(RawLine from) {
        RawLine c = new RawLine(from.source, from.lineNumber, from.text, from.bytes, from.truncated);
        c.invalidUtf8 = from.invalidUtf8;
        c.original = from.original;
        c.rejection = from.rejection;
        LogRecord r = from.parsed;
        if (r != null) {
            c.parsed = new LogRecord(r.timestamp, r.level, r.component, r.content, r.sessionKeys, r.label);
            c.parsed.source = r.source;
            c.parsed.lineNumber = r.lineNumber;
        }
        return c;
    }

    @Override
    public void serialize(RawLine line, DataOutputView out) throws IOException {
        writeString(line.source, out);
        out.writeLong(line.lineNumber);
        writeString(line.text, out);
        out.writeInt(line.bytes);
        out.writeBoolean(line.truncated);
        out.writeBoolean(line.invalidUtf8);
        writeBytes(line.original, out);
        writeString(line.rejection, out);
        LogRecord r = line.parsed;
        out.writeBoolean(r != null);
        if (r != null) {
            writeString(r.source, out);
            out.writeLong(r.lineNumber);
            out.writeLong(r.timestamp);
            writeString(r.level, out);
            writeString(r.component, out);
            writeString(r.content, out);
            writeStrings(r.sessionKeys, out);
            out.writeInt(r.label);
        }
    }

    @Override
    public RawLine deserialize(DataInputView in) throws IOException {
        String source = readString(in);
        long lineNumber = in.readLong();
        String text = readString(in);
        int bytes = in.readInt();
        RawLine line = new RawLine(source, lineNumber, text, bytes, in.readBoolean());
        line.invalidUtf8 = in.readBoolean();
        line.original = readBytes(in);
        line.rejection = readString(in);
        if (in.readBoolean()) {
            LogRecord r = new LogRecord();
            r.source = readString(in);
            r.lineNumber = in.readLong();
            r.timestamp = in.readLong();
            r.level = readString(in);
            r.component = readString(in);
            r.content = readString(in);
            r.sessionKeys = readStrings(in);
            r.label = in.readInt();
            line.parsed = r;
        }
        return line;
    }

    @Override
    public TypeSerializerSnapshot<RawLine> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot in checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawLine> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link RawLine}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<RawLine> {
        @Override
        public TypeInformation<RawLine> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(RawLine.class, INSTANCE);
        }
    }
}
