package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which LLM candidate training keeps, given each one's validation F1 and standard error (none, then standard). */
class LlmSelectionTest {

    @Test
    void theAugmentedCandidateIsKeptWhereValidationCannotTellThemApart() {
        // BGL's validation part (BENCHMARKS.md): 0.827 without augmentation, 0.817 with; the previous
        // rule took the higher and the member then scored 0.31 on the later windows.
        assertThat(LlmSelection.preferred(new double[] {0.827, 0.817}, new double[] {0.021, 0.022})).isEqualTo(1);
        // HDFS: both perfect, no spread.
        assertThat(LlmSelection.preferred(new double[] {1.0, 1.0}, new double[] {0.0, 0.0})).isEqualTo(1);
    }

    @Test
    void trainingWithoutAugmentationWinsWhenValidationShowsTheAugmentedOneWorse() {
        // The augmentations can teach the opposite of what the labels mean (HDFS at threshold 0.5: F1 0).
        assertThat(LlmSelection.preferred(new double[] {1.0, 0.933}, new double[] {0.0, 0.03})).isEqualTo(0);
        assertThat(LlmSelection.preferred(new double[] {0.90, 0.85}, new double[] {0.02, 0.02})).isEqualTo(0);
    }

    @Test
    void aBetterAugmentedCandidateIsKeptAndASingleCandidateIsItself() {
        assertThat(LlmSelection.preferred(new double[] {0.70, 0.94}, new double[] {0.03, 0.01})).isEqualTo(1);
        assertThat(LlmSelection.preferred(new double[] {0.5}, new double[] {0.1})).isZero();
    }
}
