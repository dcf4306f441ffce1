package dev.logsieve.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/** Records with every field set, nested evidence included, for the serializer tests and benchmark. */
final class Records {
    private Records() {}

    static LogSequence fullSequence() {
        LogSequence s = new LogSequence("blk_-42", 1_226_234_175_000L, 1_226_234_176_500L, new long[] {7, -3, 7},
                new String[] {"Receiving block <*>", null, "Deleting block <*> file <*>"}, Labels.ANOMALOUS);
        s.llmScore = 0.875f;
        s.llmReason = reason("llm");
        s.llmMessages = 3;
        s.llmEncoded = 2;
        s.cacheGeneration = 11;
        s.skippedLlm = true;
        s.step = 4;
        s.last = false;
        s.judgedAt = 1_226_234_999_000L;
        s.times = new long[] {1_226_234_175_000L, 1_226_234_176_000L, 1_226_234_176_500L};
        return s;
    }

    static Verdict fullVerdict() {
        Verdict v = new Verdict();
        v.key = "blk_-42";
        v.start = 1_226_234_175_000L;
        v.end = 1_226_234_176_500L;
        v.length = 3;
        v.sequenceId = -8_123_456_789L;
        v.label = Labels.ANOMALOUS;
        v.score = 0.7;
        v.rule = "average";
        v.threshold = 0.41;
        v.members = new String[] {"dt", "knn", "mlp", "llm"};
        v.votes = new int[] {1, 0, 1, Verdict.NO_VOTE};
        v.scores = new double[] {0.9, 0.2, 0.8, Double.NaN};
        v.unseenTemplates = 2;
        v.cached = true;
        v.degraded = true;
        v.trueLabel = Labels.NORMAL;
        v.revision = 3;
        v.finalRevision = false;
        v.alert = Verdict.RAISED;
        v.evidence = new VerdictEvidence(new EvidenceLine[] {
            new EvidenceLine(2, -3, "Deleting block <*> file <*>", EvidenceLine.ONLY_ANOMALOUS, 40, 40, 1, 0),
            new EvidenceLine(0, 7, null, EvidenceLine.UNSEEN, 0, 0, 2, 1)},
                new MemberReason[] {reason("dt"), new MemberReason("mlp", null)});
        v.judgedAt = 1_226_234_999_000L;
        v.step = 5;
        return v;
    }

    /** A member's reason with a tree path, neighbours and influences, and a null in each kind of array. */
    private static MemberReason reason(String member) {
        MemberReason r = new MemberReason(member, "the path says anomalous");
        r.path = new MemberReason.Step[] {new MemberReason.Step(MemberReason.Step.TEMPLATE, -3, "Deleting block <*>", 1, false, 0),
            new MemberReason.Step(MemberReason.Step.UNSEEN, 0, null, 2, true, 1), null};
        r.leafSequences = 120L;
        r.leafAnomalous = 118L;
        r.neighbours = new MemberReason.Neighbour[] {new MemberReason.Neighbour("blk_5", Labels.ANOMALOUS, 0.25, 3), null};
        r.influences = new MemberReason.Influence[] {new MemberReason.Influence(1, 7, "Receiving block <*>", 2, 0.31)};
        return r;
    }

    /** Field by field, where NaN (a member that could not answer, no LLM score) equals NaN. */
    static RecursiveComparisonConfiguration fieldByField() {
        return RecursiveComparisonConfiguration.builder()
                .withEqualsForType(Double::equals, Double.class)
                .withEqualsForType(Float::equals, Float.class)
                .build();
    }

    static String json(Verdict v) throws JsonProcessingException {
        return new ObjectMapper().writeValueAsString(v);
    }

    /** Flink's POJO type for the class, as the job had before the class named its own serializer. */
    static <T> TypeInformation<T> pojo(Class<T> type) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.put(f.getName(), TypeInformation.of(f.getType()));
            }
        }
        return Types.POJO(type, fields);
    }
}
