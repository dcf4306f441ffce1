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
 * Serializes {@link Verdict}, which crosses the shuffle from the judge to the revisions in a stream
 * and waits for its label in a backfill. Its evidence, when it has any, follows its fields.
 */
public final class VerdictSerializer extends RecordSerializer<Verdict> {
    private static final long serialVersionUID = 1L;

    public static final VerdictSerializer INSTANCE = new VerdictSerializer();

    @Override
    public Verdict createInstance() {
        return new Verdict();
    }

    @Override
    public Verdict copy(Verdict from) {
        Verdict v = new Verdict();
        v.key = from.key;
        v.start = from.start;
        v.end = from.end;
        v.length = from.length;
        v.sequenceId = from.sequenceId;
        v.label = from.label;
        v.score = from.score;
        v.rule = from.rule;
        v.threshold = from.threshold;
        v.members = from.members;
        v.votes = from.votes;
        v.scores = from.scores;
        v.unseenTemplates = from.unseenTemplates;
        v.cached = from.cached;
        v.degraded = from.degraded;
        v.trueLabel = from.trueLabel;
        v.revision = from.revision;
        v.finalRevision = from.finalRevision;
        v.alert = from.alert;
        v.evidence = from.evidence;
        v.judgedAt = from.judgedAt;
        v.step = from.step;
        return v;
    }

    @Override
    public void serialize(Verdict v, DataOutputView out) throws IOException {
        writeString(v.key, out);
        out.writeLong(v.start);
        out.writeLong(v.end);
        out.writeInt(v.length);
        out.writeLong(v.sequenceId);
        out.writeInt(v.label);
        out.writeDouble(v.score);
        writeString(v.rule, out);
        out.writeDouble(v.threshold);
        writeStrings(v.members, out);
        writeInts(v.votes, out);
        writeDoubles(v.scores, out);
        out.writeInt(v.unseenTemplates);
        out.writeBoolean(v.cached);
        out.writeBoolean(v.degraded);
        out.writeInt(v.trueLabel);
        out.writeInt(v.revision);
        out.writeBoolean(v.finalRevision);
        writeString(v.alert, out);
        writeNullable(v.evidence, EvidenceFields::writeEvidence, out);
        out.writeLong(v.judgedAt);
        out.writeInt(v.step);
    }

    @Override
    public Verdict deserialize(DataInputView in) throws IOException {
        Verdict v = new Verdict();
        v.key = readString(in);
        v.start = in.readLong();
        v.end = in.readLong();
        v.length = in.readInt();
        v.sequenceId = in.readLong();
        v.label = in.readInt();
        v.score = in.readDouble();
        v.rule = readString(in);
        v.threshold = in.readDouble();
        v.members = readStrings(in);
        v.votes = readInts(in);
        v.scores = readDoubles(in);
        v.unseenTemplates = in.readInt();
        v.cached = in.readBoolean();
        v.degraded = in.readBoolean();
        v.trueLabel = in.readInt();
        v.revision = in.readInt();
        v.finalRevision = in.readBoolean();
        v.alert = readString(in);
        v.evidence = readNullable(in, EvidenceFields::readEvidence);
        v.judgedAt = in.readLong();
        v.step = in.readInt();
        return v;
    }

    @Override
    public TypeSerializerSnapshot<Verdict> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot in checkpoints and savepoints; reads state written when a verdict was a POJO. */
    public static final class Snapshot extends FormerPojoSnapshot<Verdict> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link Verdict}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<Verdict> {
        @Override
        public TypeInformation<Verdict> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(Verdict.class, INSTANCE);
        }
    }
}
