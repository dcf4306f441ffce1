package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.mask.TemplateIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The LLM member learns each distinct sequence once, under the label most of its occurrences carry:
 * a prefix that many normal blocks pass through is not taught as an alert because a few abandoned
 * blocks stopped there. (What that changes on a stream is measured by the demo, {@code DemoCommandTest}.)
 */
class DistinctExamplesTest {
    private static LogSequence sequence(String key, int label, int... templates) {
        long[] ids = new long[templates.length];
        String[] messages = new String[templates.length];
        for (int j = 0; j < templates.length; j++) {
            messages[j] = LlmTrainingTest.TEMPLATES[templates[j]];
            ids[j] = TemplateIds.of(messages[j]);
        }
        return new LogSequence(key, 0, 0, ids, messages, label);
    }

    @Test
    void eachSequenceOnceUnderItsMajorityLabelAndUnderBothOnATie() {
        List<LogSequence> in = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            in.add(sequence("n" + i, Labels.NORMAL, 0, 1, 1, 1));
        }
        in.add(sequence("a1", Labels.ANOMALOUS, 0, 1, 1, 1));
        in.add(sequence("a2", Labels.ANOMALOUS, 0, 1, 1, 1));
        in.add(sequence("t1", Labels.NORMAL, 0, 2));
        in.add(sequence("t2", Labels.ANOMALOUS, 0, 2));
        in.add(sequence("x1", Labels.ANOMALOUS, 0, 4, 2, 3));
        in.add(sequence("x2", Labels.ANOMALOUS, 0, 4, 2, 1)); // equal to x1 in the first three messages

        DistinctExamples.Result r = DistinctExamples.of(in, 3);

        assertThat(r.sequences()).extracting(s -> s.key + ":" + s.label)
                .containsExactly("n0:" + Labels.NORMAL, "t1:" + Labels.NORMAL, "t1:" + Labels.ANOMALOUS, "x1:" + Labels.ANOMALOUS);
        assertThat(r.conflicting()).isEqualTo(2);
        assertThat(r.tied()).isEqualTo(1);
        assertThat(in.get(30).label).as("the input is not changed").isEqualTo(Labels.ANOMALOUS);
    }
}
