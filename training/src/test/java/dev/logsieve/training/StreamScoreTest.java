package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed run's score per block names the faults no revision flagged, so a user can look them up. */
class StreamScoreTest {
    @Test
    void theFaultsNoRevisionFlaggedAreNamed() {
        Map<String, Integer> labels = Map.of("blk_1", Labels.ANOMALOUS, "blk_2", Labels.ANOMALOUS, "blk_3", Labels.NORMAL,
                "blk_4", Labels.ANOMALOUS);
        List<Verdict> verdicts = List.of(verdict("blk_1", Labels.ANOMALOUS, false), verdict("blk_1", Labels.NORMAL, true),
                verdict("blk_2", Labels.NORMAL, true), verdict("blk_3", Labels.NORMAL, true));
        StreamScore score = StreamScore.of(verdicts, labels);
        assertThat(score.missed).containsExactly("blk_2", "blk_4"); // blk_4: no verdict at all
        assertThat(score.anyAlert.fn).isEqualTo(2);
        assertThat(score.summary()).contains("missed (never alerted) 2: blk_2, blk_4");
        assertThat(StreamScore.of(List.of(verdict("blk_1", Labels.ANOMALOUS, true)), Map.of("blk_1", Labels.ANOMALOUS))
                .summary()).contains("missed (never alerted) none");
    }

    private static Verdict verdict(String key, int label, boolean last) {
        Verdict v = new Verdict();
        v.key = key;
        v.label = label;
        v.finalRevision = last;
        return v;
    }
}
