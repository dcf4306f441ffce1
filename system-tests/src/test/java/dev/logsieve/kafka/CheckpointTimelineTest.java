package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the stream benchmark splits a verdict's latency with the job's checkpoint history. */
class CheckpointTimelineTest {
    /** Flink's answer to GET /jobs/:jobid/checkpoints, cut to the fields read, newest first as Flink lists them. */
    private static final String HISTORY = """
            {"counts": {"completed": 3, "failed": 1},
             "history": [
               {"id": 5, "status": "IN_PROGRESS", "trigger_timestamp": 5000, "end_to_end_duration": 10},
               {"id": 4, "status": "COMPLETED", "trigger_timestamp": 4000, "end_to_end_duration": 120},
               {"id": 3, "status": "FAILED", "trigger_timestamp": 3000, "end_to_end_duration": 50},
               {"id": 2, "status": "COMPLETED", "trigger_timestamp": 2000, "end_to_end_duration": 150},
               {"id": 1, "status": "COMPLETED", "trigger_timestamp": 1000, "end_to_end_duration": 100}]}
            """;

    @Test
    void aVerdictIsCommittedByTheLatestCheckpointCompletedBeforeItWasRead() throws Exception {
        CheckpointTimeline t = CheckpointTimeline.parse(HISTORY);

        assertThat(t.committing(1099)).isNull(); // nothing had completed yet
        assertThat(t.committing(1100).id()).isEqualTo(1);
        assertThat(t.committing(2149).id()).isEqualTo(1);
        assertThat(t.committing(2180).id()).isEqualTo(2);
        assertThat(t.committing(4150).id()).as("the failed checkpoint 3 committed nothing").isEqualTo(4);
        assertThat(t.committing(9000).id()).as("a checkpoint in progress has committed nothing").isEqualTo(4);
    }

    @Test
    void theLatencySplitsIntoTheWaitForTheTriggerTheCheckpointAndTheCommit() throws Exception {
        CheckpointTimeline t = CheckpointTimeline.parse(HISTORY);
        Map<String, Long> closed = Map.of("a", 1500L, "b", 1990L, "c", 2100L, "d", 900L, "e", 800L);
        // e was read before any checkpoint completed (a reader's clock ahead of Flink's), so it cannot be split.
        Map<String, Long> readable = Map.of("a", 2180L, "b", 2170L, "c", 4150L, "d", 1100L, "e", 1050L);

        String line = t.split(closed, readable);

        // Waits for the trigger: a 500, b 10, c 1,900 (checkpoint 3 failed, so 4 committed it), d 100.
        assertThat(line).contains("over 4 verdicts and 3 checkpoints")
                .contains("trigger of the checkpoint that committed its verdict p50 100 ms, p99 1900 ms")
                // Checkpoints 1, 2 and 4 took 100, 150 and 120 ms; the failed one is not counted.
                .contains("trigger -> complete p50 120 ms, max 150 ms")
                // Commits: a 30, b 20, c 30, d 0.
                .contains("complete -> verdict readable p50 20 ms, p99 30 ms, max 30 ms");
    }
}
