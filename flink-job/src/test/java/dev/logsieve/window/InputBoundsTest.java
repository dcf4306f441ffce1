package dev.logsieve.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * When a backfill says its sessions may be cut off by the input's bounds: many near a bound, and
 * those flagged far more often than the rest of the run (or than training, when nearly all are near).
 */
class InputBoundsTest {
    private static final Duration GAP = Duration.ofMinutes(10);

    @Test
    void theFirstLinesOfALogWhoseBlocksAreFlaggedWarn() {
        // 228 sessions within two minutes, 110 flagged; training had 3 % anomalous.
        InputBounds.Counts c = InputBounds.of(accumulators(Map.of(0, 228), Map.of(2, 228), Map.of(0, 110), Map.of(2, 110)), GAP);
        assertThat(c.nearStart()).isEqualTo(228);
        assertThat(c.warning(110, 0.03)).contains("228 of 228 sequences (100 %)").contains("48 % of those were flagged");
        assertThat(c.warning(10, 0.5)).as("flagged no more than training").isNull();
    }

    @Test
    void sessionsNearABoundFlaggedAsOftenAsTheRestDoNotWarn() {
        // A day: 400 sessions start in the first 10 minutes, 600 later; 12 % flagged in both parts.
        InputBounds.Counts c = InputBounds.of(accumulators(Map.of(0, 400, 600, 600), Map.of(30, 400, 1400, 600),
                Map.of(0, 48, 600, 72), Map.of(30, 48, 1400, 72)), GAP);
        assertThat(c.nearStart()).isEqualTo(400);
        assertThat(c.warning(120, 0.03)).isNull();
        // The same, with the early ones flagged five times as often as the rest: a warning.
        InputBounds.Counts cut = InputBounds.of(accumulators(Map.of(0, 400, 600, 600), Map.of(30, 400, 1400, 600),
                Map.of(0, 240, 600, 72), Map.of(30, 240, 1400, 72)), GAP);
        assertThat(cut.warning(312, 0.03)).contains("400 of 1,000 sequences (40 %) start within 10 min");
    }

    @Test
    void withoutTimeOrWithFewSequencesThereIsNothingToSay() {
        assertThat(InputBounds.of(Map.of(), GAP)).isNull();
        assertThat(InputBounds.of(accumulators(Map.of(0, 5), Map.of(0, 5), Map.of(), Map.of()), GAP)).isNull();
        assertThat(InputBounds.of(accumulators(Map.of(0, 5), Map.of(3, 5), Map.of(0, 5), Map.of(3, 5)), GAP).warning(5, 0.0))
                .isNull();
    }

    private static Map<String, Object> accumulators(Map<Integer, Integer> starts, Map<Integer, Integer> ends,
                                                    Map<Integer, Integer> anomalousStarts, Map<Integer, Integer> anomalousEnds) {
        return Map.of(InputBounds.STARTS, new TreeMap<>(starts), InputBounds.ENDS, new TreeMap<>(ends),
                InputBounds.ANOMALOUS_STARTS, new TreeMap<>(anomalousStarts), InputBounds.ANOMALOUS_ENDS,
                new TreeMap<>(anomalousEnds));
    }
}
