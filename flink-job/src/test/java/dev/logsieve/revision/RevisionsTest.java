package dev.logsieve.revision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** A growing sequence's judgements as revisions: numbered, only on change, final last, alerts said. */
class RevisionsTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, Verdict, Verdict> harness(double minChange)
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new Revisions(minChange), v -> v.key, Types.STRING);
        h.open();
        return h;
    }

    private static void judgement(KeyedOneInputStreamOperatorTestHarness<String, Verdict, Verdict> h, String key,
                                  int step, boolean last, int label, double score) throws Exception {
        Verdict v = new Verdict();
        v.key = key;
        v.step = step;
        v.finalRevision = last;
        v.label = label;
        v.score = score;
        v.judgedAt = step * 1000L;
        h.processElement(new StreamRecord<>(v, v.judgedAt));
    }

    private static List<String> revisions(KeyedOneInputStreamOperatorTestHarness<String, Verdict, Verdict> h) {
        return h.extractOutputValues().stream()
                .map(v -> v.key + " r" + v.revision + (v.finalRevision ? " final" : "") + " "
                        + (v.label == Labels.ANOMALOUS ? "anomalous" : "normal") + (v.alert == null ? "" : " " + v.alert))
                .collect(Collectors.toList());
    }

    @Test
    void onlyChangesBecomeRevisionsNumberedWithoutGapsAndTheLastIsFinal() throws Exception {
        var h = harness(Double.POSITIVE_INFINITY);
        judgement(h, "blk", 1, false, Labels.NORMAL, 0);
        judgement(h, "blk", 2, false, Labels.NORMAL, 0.25);   // same label: no revision
        judgement(h, "blk", 3, false, Labels.ANOMALOUS, 1);
        judgement(h, "blk", 4, false, Labels.ANOMALOUS, 1);   // unchanged
        judgement(h, "blk", 5, false, Labels.NORMAL, 0);
        judgement(h, "blk", 6, true, Labels.NORMAL, 0);       // unchanged, but final: always a revision
        assertThat(revisions(h)).containsExactly("blk r1 normal", "blk r2 anomalous raised", "blk r3 normal resolved",
                "blk r4 final normal");
    }

    @Test
    void aScoreChangeMakesARevisionWhenAsked() throws Exception {
        var h = harness(0.5);
        judgement(h, "k", 1, false, Labels.NORMAL, 0);
        judgement(h, "k", 2, false, Labels.NORMAL, 0.25);
        judgement(h, "k", 3, false, Labels.NORMAL, 0.5);
        assertThat(revisions(h)).containsExactly("k r1 normal", "k r2 normal");
    }

    @Test
    void aJudgementOvertakenByANewerOneIsStaleAndDropped() throws Exception {
        var h = harness(Double.POSITIVE_INFINITY);
        judgement(h, "k", 1, false, Labels.NORMAL, 0);
        judgement(h, "k", 3, true, Labels.ANOMALOUS, 1);
        judgement(h, "k", 2, false, Labels.NORMAL, 0);        // arrives after the final: must not reopen the key
        assertThat(revisions(h)).containsExactly("k r1 normal", "k r2 final anomalous raised");
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void aSequenceJudgedOnceIsRevisionOneAndFinal() throws Exception {
        var h = harness(Double.POSITIVE_INFINITY);
        judgement(h, "window#1", 0, true, Labels.ANOMALOUS, 1);
        assertThat(revisions(h)).containsExactly("window#1 r1 final anomalous raised");
    }
}
