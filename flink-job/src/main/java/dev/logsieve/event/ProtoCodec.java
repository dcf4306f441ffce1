package dev.logsieve.event;

import dev.logsieve.proto.Label;
import dev.logsieve.proto.MemberVote;

/**
 * Converts the job's records to and from their published protobuf form
 * ({@code proto/src/main/proto/logsieve.proto}), for programs that read Logsieve's output in
 * binary. The conversion is lossless for every field both forms have.
 */
public final class ProtoCodec {
    private ProtoCodec() {}

    public static Label label(int label) {
        switch (label) {
            case Labels.NORMAL: return Label.LABEL_NORMAL;
            case Labels.ANOMALOUS: return Label.LABEL_ANOMALOUS;
            default: return Label.LABEL_UNKNOWN;
        }
    }

    public static int label(Label label) {
        switch (label) {
            case LABEL_NORMAL: return Labels.NORMAL;
            case LABEL_ANOMALOUS: return Labels.ANOMALOUS;
            default: return Labels.UNKNOWN;
        }
    }

    public static dev.logsieve.proto.Verdict toProto(Verdict v) {
        dev.logsieve.proto.Verdict.Builder b = dev.logsieve.proto.Verdict.newBuilder()
                .setKey(v.key == null ? "" : v.key)
                .setStartMillis(v.start)
                .setEndMillis(v.end)
                .setAnomalous(v.label == Labels.ANOMALOUS)
                .setScore(v.score)
                .setUnseenTemplates(v.unseenTemplates)
                .setCached(v.cached)
                .setDegraded(v.degraded)
                .setLength(v.length)
                .setTrueLabel(label(v.trueLabel))
                .setSequenceId(v.sequenceId)
                .setRule(v.rule == null ? "" : v.rule)
                .setThreshold(v.threshold);
        if (v.members != null) {
            for (int i = 0; i < v.members.length; i++) {
                MemberVote.Builder m = MemberVote.newBuilder().setMember(v.members[i])
                        .setAnomalous(v.votes[i] == Labels.ANOMALOUS).setUnavailable(v.votes[i] == Verdict.NO_VOTE);
                if (v.scores != null && !Double.isNaN(v.scores[i])) {
                    m.setScore(v.scores[i]);
                }
                b.addVotes(m);
            }
        }
        if (v.evidence != null) {
            b.setEvidence(EvidenceCodec.toProto(v.evidence));
        }
        return b.build();
    }

    public static Verdict fromProto(dev.logsieve.proto.Verdict p) {
        Verdict v = new Verdict();
        v.key = p.getKey();
        v.start = p.getStartMillis();
        v.end = p.getEndMillis();
        v.label = p.getAnomalous() ? Labels.ANOMALOUS : Labels.NORMAL;
        v.score = p.getScore();
        v.unseenTemplates = p.getUnseenTemplates();
        v.cached = p.getCached();
        v.degraded = p.getDegraded();
        v.length = p.getLength();
        v.trueLabel = label(p.getTrueLabel());
        v.sequenceId = p.getSequenceId();
        v.rule = p.getRule().isEmpty() ? null : p.getRule();
        v.threshold = p.getThreshold();
        v.members = new String[p.getVotesCount()];
        v.votes = new int[p.getVotesCount()];
        v.scores = new double[p.getVotesCount()];
        for (int i = 0; i < v.members.length; i++) {
            MemberVote m = p.getVotes(i);
            v.members[i] = m.getMember();
            v.votes[i] = m.getUnavailable() ? Verdict.NO_VOTE : m.getAnomalous() ? Labels.ANOMALOUS : Labels.NORMAL;
            v.scores[i] = m.getUnavailable() ? Double.NaN : m.getScore();
        }
        if (p.hasEvidence()) {
            v.evidence = EvidenceCodec.fromProto(p.getEvidence());
        }
        return v;
    }

    public static dev.logsieve.proto.LogSequence toProto(LogSequence s) {
        dev.logsieve.proto.LogSequence.Builder b = dev.logsieve.proto.LogSequence.newBuilder()
                .setKey(s.key == null ? "" : s.key)
                .setStartMillis(s.start)
                .setEndMillis(s.end)
                .setLabel(label(s.label));
        for (long id : s.templateIds) {
            b.addTemplateIds(id);
        }
        if (s.messages != null) {
            for (String m : s.messages) {
                b.addMessages(m == null ? "" : m);
            }
        }
        return b.build();
    }

    public static LogSequence fromProto(dev.logsieve.proto.LogSequence p) {
        long[] ids = new long[p.getTemplateIdsCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = p.getTemplateIds(i);
        }
        String[] messages = p.getMessagesCount() == 0 ? null : p.getMessagesList().toArray(new String[0]);
        return new LogSequence(p.getKey(), p.getStartMillis(), p.getEndMillis(), ids, messages, label(p.getLabel()));
    }

    public static dev.logsieve.proto.LabelCorrection toProto(LabelCorrection c) {
        return dev.logsieve.proto.LabelCorrection.newBuilder()
                .setSequenceId(c.sequenceId)
                .setLabel(label(c.label))
                .setWho(c.who == null ? "" : c.who)
                .setWhenMillis(c.when)
                .build();
    }

    /** A correction naming its sequence by id; one naming it by key needs the key's id looked up first. */
    public static LabelCorrection fromProto(dev.logsieve.proto.LabelCorrection p) {
        if (!p.hasSequenceId()) {
            throw new IllegalArgumentException("the correction names no sequence id");
        }
        return new LabelCorrection(p.getSequenceId(), label(p.getLabel()), p.getWho(), p.getWhenMillis());
    }
}
