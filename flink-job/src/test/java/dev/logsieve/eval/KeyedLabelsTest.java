package dev.logsieve.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.event.SessionLabel;
import dev.logsieve.event.Verdict;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Labels joined to verdicts by key, whichever comes first; a key the file does not list keeps its own label. */
class KeyedLabelsTest {

    private static KeyedTwoInputStreamOperatorTestHarness<String, Verdict, SessionLabel, Verdict> harness()
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new KeyedLabels(), v -> v.key, l -> l.key,
                Types.STRING);
        h.open();
        return h;
    }

    private static Verdict verdict(String key, int trueLabel) {
        Verdict v = new Verdict();
        v.key = key;
        v.trueLabel = trueLabel;
        return v;
    }

    private static SessionLabel label(String key, int label, long line) {
        return new SessionLabel(key, label, "labels.csv", line);
    }

    @Test
    void aVerdictGetsItsKeysLabelWhetherTheLabelCameBeforeOrAfterIt() throws Exception {
        var h = harness();
        h.processElement2(new StreamRecord<>(label("blk_1", Labels.ANOMALOUS, 2)));
        h.processElement1(new StreamRecord<>(verdict("blk_1", Labels.UNKNOWN)));
        h.processElement1(new StreamRecord<>(verdict("blk_2", Labels.UNKNOWN)));
        assertThat(h.extractOutputValues()).extracting(v -> v.key + " " + v.trueLabel).containsExactly("blk_1 1");
        h.processElement2(new StreamRecord<>(label("blk_2", Labels.NORMAL, 3)));
        assertThat(h.extractOutputValues()).extracting(v -> v.key + " " + v.trueLabel).containsExactly("blk_1 1", "blk_2 0");
    }

    @Test
    void aKeyTheFileDoesNotListKeepsTheLabelItsLinesCarriedWhenItsInputEnds() throws Exception {
        var h = harness();
        h.processElement1(new StreamRecord<>(verdict("seq_9", Labels.ANOMALOUS)));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        assertThat(h.extractOutputValues()).extracting(v -> v.key + " " + v.trueLabel).containsExactly("seq_9 1");
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void aKeyLabeledTwiceDifferentlyFailsNamingBothLines() throws Exception {
        var h = harness();
        h.processElement2(new StreamRecord<>(label("blk_1", Labels.NORMAL, 2)));
        h.processElement2(new StreamRecord<>(label("blk_1", Labels.NORMAL, 5))); // the same label twice is fine
        assertThatThrownBy(() -> h.processElement2(new StreamRecord<>(label("blk_1", Labels.ANOMALOUS, 7))))
                .hasMessageContaining("labels.csv line 7: blk_1 is labeled anomalous here but normal on line 2");
    }
}
