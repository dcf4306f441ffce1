package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.event.LogSequence;
import dev.logsieve.llm.train.ClassifierConfig;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After validation chose the LLM member's settings, {@code train} keeps that member (fitted without
 * the validation part) unless {@code --llm-refit}: the retrained one is judged by nothing.
 */
class LlmRefitTest {
    @TempDir
    Path dir;

    @Test
    void theMemberValidationJudgedIsTheBundlesUnlessAskedToRetrainIt() throws Exception {
        List<LogSequence> sequences = LlmTrainingTest.sequences();
        Manifest kept = train(false, dir.resolve("kept"));
        Manifest retrained = train(true, dir.resolve("retrained"));

        // Both chose on the same latest 20 %, and the vote's other members were refitted on everything.
        assertThat(kept.validation).containsEntry("refit", true).containsEntry("llm_refit", false);
        assertThat(retrained.validation).containsEntry("refit", true).containsEntry("llm_refit", true);
        int held = ((Number) kept.validation.get("held_out_sequences")).intValue();
        assertThat(held).isPositive();
        // Kept: the member learned from the fit part only, the sequences before the held-out ones.
        assertThat(kept.llm.get("training_examples")).isEqualTo(sequences.size() - held);
        assertThat(retrained.llm.get("training_examples")).isEqualTo(sequences.size());
        assertThat(kept.llm.get("threshold")).isEqualTo(((Map<?, ?>) kept.validation.get("llm")).get("threshold"));
        ModelBundle.verifyModelFiles(dir.resolve("kept"));
    }

    private Manifest train(boolean llmRefit, Path bundle) throws Exception {
        TrainingSettings s = new TrainingSettings();
        s.members = new LinkedHashSet<>(List.of("llm"));
        LlmTraining.Options d = LlmTraining.Options.defaults();
        s.llm = new LlmTraining.Options(null, null, ClassifierConfig.of(384, 32, 1, 2, 64), null,
                d.settings().withEpochs(1, 1, 1), 0.5, 1, true, LlmAugmentations.Rates.none(), d.onnx(), null, 1);
        s.validationReword = 0; // the held-out part as it is: sequences of distinct ids, counted exactly
        s.fallback = "off";
        s.llmRefit = llmRefit;
        List<LogSequence> sequences = LlmTrainingTest.sequences();
        Trainer.train(sequences, "sequences", Map.of(), s, 0, bundle, line -> {});
        return ModelBundle.readManifest(bundle);
    }
}
