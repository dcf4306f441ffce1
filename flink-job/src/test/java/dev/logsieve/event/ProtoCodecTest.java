package dev.logsieve.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Records survive the trip through their protobuf bytes. */
class ProtoCodecTest {

    @Test
    void verdictRoundTripsThroughBytes() throws Exception {
        Verdict v = new Verdict();
        v.key = "blk_-42";
        v.start = 1000;
        v.end = 2000;
        v.length = 7;
        v.sequenceId = 0x8000_0000_0000_0001L;
        v.label = Labels.ANOMALOUS;
        v.score = 2.0 / 3;
        v.members = new String[] {"dt", "knn", "mlp"};
        v.votes = new int[] {1, 0, 1};
        v.scores = new double[] {0.75, 0.25, 1.0};
        v.rule = "weighted";
        v.threshold = 0.42;
        v.unseenTemplates = 2;
        v.cached = true;
        v.trueLabel = Labels.NORMAL;
        MemberReason dt = new MemberReason("dt", "dt anomalous (0.75): leaf of 41 training sequences, 41 anomalous");
        dt.path = new MemberReason.Step[] {
            new MemberReason.Step(MemberReason.Step.TEMPLATE, -7L, "Exception in receiveBlock for block blk_<*>", 2, false, 0),
            new MemberReason.Step(MemberReason.Step.UNSEEN, 0, null, 1, true, 3),
        };
        dt.leafSequences = 41L;
        dt.leafAnomalous = 41L;
        MemberReason knn = new MemberReason("knn", "knn normal (0.25): nearest training blk_1 (normal, distance 0.69)");
        knn.neighbours = new MemberReason.Neighbour[] {new MemberReason.Neighbour("blk_1", Labels.NORMAL, 0.69, 3)};
        MemberReason mlp = new MemberReason("mlp", null);
        mlp.influences = new MemberReason.Influence[] {new MemberReason.Influence(3, -7L, null, 2, 0.875)};
        v.evidence = new VerdictEvidence(new EvidenceLine[] {
            new EvidenceLine(3, -7L, "Exception in receiveBlock for block blk_<*>", EvidenceLine.ONLY_ANOMALOUS, 41, 41, 2, 0),
            new EvidenceLine(5, 9L, null, EvidenceLine.UNSEEN, 0, 0, 1, 0),
        }, new MemberReason[] {dt, knn, mlp});
        byte[] bytes = ProtoCodec.toProto(v).toByteArray();
        Verdict back = ProtoCodec.fromProto(dev.logsieve.proto.Verdict.parseFrom(bytes));
        assertThat(back).usingRecursiveComparison().isEqualTo(v);
    }

    @Test
    void aMemberThatCouldNotAnswerStaysUnavailable() throws Exception {
        Verdict v = new Verdict();
        v.key = "k";
        v.members = new String[] {"dt", "llm"};
        v.votes = new int[] {1, Verdict.NO_VOTE};
        v.scores = new double[] {0.9, Double.NaN};
        v.rule = "majority";
        v.threshold = 0.5;
        Verdict back = ProtoCodec.fromProto(dev.logsieve.proto.Verdict.parseFrom(ProtoCodec.toProto(v).toByteArray()));
        assertThat(back.votes).containsExactly(1, Verdict.NO_VOTE);
        assertThat(back.scores[0]).isEqualTo(0.9);
        assertThat(back.scores[1]).isNaN();
        assertThat(back.rule).isEqualTo("majority");
    }

    @Test
    void sequenceRoundTripsWithAndWithoutMessages() throws Exception {
        LogSequence s = new LogSequence("k", 1, 2, new long[] {-1L, 5L}, new String[] {"a <*>", "b"}, Labels.UNKNOWN);
        LogSequence back = ProtoCodec.fromProto(dev.logsieve.proto.LogSequence.parseFrom(ProtoCodec.toProto(s).toByteArray()));
        // the LLM stage's fields live inside the job only and are not on the wire
        assertThat(back).usingRecursiveComparison().ignoringFields("llmScore", "llmMessages", "llmEncoded", "llmReason").isEqualTo(s);
        assertThat(back.llmScore).isNaN();
        s.messages = null;
        back = ProtoCodec.fromProto(ProtoCodec.toProto(s));
        assertThat(back.messages).isNull();
        assertThat(back.templateIds).containsExactly(-1L, 5L);
    }

    @Test
    void correctionsKeepTheirTargetAndADeleteHasNoLabel() {
        LabelCorrection c = new LabelCorrection(99L, Labels.UNKNOWN, "bob", 5L);
        assertThat(ProtoCodec.fromProto(ProtoCodec.toProto(c))).usingRecursiveComparison().isEqualTo(c);
        assertThatThrownBy(() -> ProtoCodec.fromProto(dev.logsieve.proto.LabelCorrection.newBuilder().setSequenceKey("x").build()))
                .hasMessageContaining("sequence id");
    }
}
