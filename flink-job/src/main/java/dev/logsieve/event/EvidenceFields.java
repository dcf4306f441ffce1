package dev.logsieve.event;

import static dev.logsieve.event.RecordSerializer.readArray;
import static dev.logsieve.event.RecordSerializer.readNullable;
import static dev.logsieve.event.RecordSerializer.readString;
import static dev.logsieve.event.RecordSerializer.writeArray;
import static dev.logsieve.event.RecordSerializer.writeNullable;
import static dev.logsieve.event.RecordSerializer.writeString;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serialized form of the explanations that ride on records: a verdict's
 * {@link VerdictEvidence} and a member's {@link MemberReason} (the LLM stage's reason rides on the
 * {@link LogSequence}). Fields in a fixed order, for {@link VerdictSerializer} and
 * {@link LogSequenceSerializer}; a change here changes both records' form, so bump both snapshots.
 */
final class EvidenceFields {
    private EvidenceFields() {}

    static void writeEvidence(VerdictEvidence e, DataOutputView out) throws IOException {
        writeArray(e.lines, EvidenceFields::writeLine, out);
        writeArray(e.members, EvidenceFields::writeReason, out);
    }

    static VerdictEvidence readEvidence(DataInputView in) throws IOException {
        EvidenceLine[] lines = readArray(in, EvidenceLine[]::new, EvidenceFields::readLine);
        return new VerdictEvidence(lines, readArray(in, MemberReason[]::new, EvidenceFields::readReason));
    }

    static void writeReason(MemberReason r, DataOutputView out) throws IOException {
        writeString(r.member, out);
        writeString(r.summary, out);
        writeArray(r.path, EvidenceFields::writeStep, out);
        writeNullable(r.leafSequences, (n, o) -> o.writeLong(n), out);
        writeNullable(r.leafAnomalous, (n, o) -> o.writeLong(n), out);
        writeArray(r.neighbours, EvidenceFields::writeNeighbour, out);
        writeArray(r.influences, EvidenceFields::writeInfluence, out);
    }

    static MemberReason readReason(DataInputView in) throws IOException {
        MemberReason r = new MemberReason(readString(in), readString(in));
        r.path = readArray(in, MemberReason.Step[]::new, EvidenceFields::readStep);
        r.leafSequences = readNullable(in, DataInputView::readLong);
        r.leafAnomalous = readNullable(in, DataInputView::readLong);
        r.neighbours = readArray(in, MemberReason.Neighbour[]::new, EvidenceFields::readNeighbour);
        r.influences = readArray(in, MemberReason.Influence[]::new, EvidenceFields::readInfluence);
        return r;
    }

    private static void writeLine(EvidenceLine l, DataOutputView out) throws IOException {
        out.writeInt(l.position);
        out.writeLong(l.templateId);
        writeString(l.text, out);
        writeString(l.why, out);
        out.writeLong(l.trainingSequences);
        out.writeLong(l.trainingAnomalous);
        out.writeInt(l.occurrences);
        out.writeInt(l.usualCount);
    }

    private static EvidenceLine readLine(DataInputView in) throws IOException {
        return new EvidenceLine(in.readInt(), in.readLong(), readString(in), readString(in), in.readLong(), in.readLong(),
                in.readInt(), in.readInt());
    }

    private static void writeStep(MemberReason.Step s, DataOutputView out) throws IOException {
        writeString(s.feature, out);
        out.writeLong(s.templateId);
        writeString(s.text, out);
        out.writeInt(s.count);
        out.writeBoolean(s.atMostBranch);
        out.writeInt(s.atMost);
    }

    private static MemberReason.Step readStep(DataInputView in) throws IOException {
        return new MemberReason.Step(readString(in), in.readLong(), readString(in), in.readInt(), in.readBoolean(), in.readInt());
    }

    private static void writeNeighbour(MemberReason.Neighbour n, DataOutputView out) throws IOException {
        writeString(n.key, out);
        out.writeInt(n.label);
        out.writeDouble(n.distance);
        out.writeInt(n.sequences);
    }

    private static MemberReason.Neighbour readNeighbour(DataInputView in) throws IOException {
        return new MemberReason.Neighbour(readString(in), in.readInt(), in.readDouble(), in.readInt());
    }

    private static void writeInfluence(MemberReason.Influence i, DataOutputView out) throws IOException {
        out.writeInt(i.position);
        out.writeLong(i.templateId);
        writeString(i.text, out);
        out.writeInt(i.occurrences);
        out.writeDouble(i.drop);
    }

    private static MemberReason.Influence readInfluence(DataInputView in) throws IOException {
        return new MemberReason.Influence(in.readInt(), in.readLong(), readString(in), in.readInt(), in.readDouble());
    }
}
