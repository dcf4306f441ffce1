package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.llm.train.ClassifierConfig;
import dev.logsieve.llm.train.ClassifierWeights;
import dev.logsieve.llm.train.OnnxModels;
import dev.logsieve.llm.train.SeedAverage;
import dev.logsieve.mask.TemplateIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM member trained as several classifiers averaged ({@code --llm-seeds}), end to end on a small corpus. */
class LlmTrainingTest {

    static final String[] TEMPLATES = {"Receiving block <*> src: <*> dest: <*>", "PacketResponder <*> for block <*> terminating",
        "Received block <*> of size <*> from <*>", "Verification succeeded for <*>",
        "Exception in receiveBlock for block <*> java.io.IOException: Connection reset by peer"};

    /** Four-message sequences over the templates; anomalous when one holds the exception. */
    static List<LogSequence> sequences() {
        List<LogSequence> out = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            long[] ids = new long[4];
            String[] messages = new String[4];
            boolean anomalous = false;
            for (int j = 0, d = i; j < 4; j++, d /= TEMPLATES.length) {
                int t = d % TEMPLATES.length;
                ids[j] = TemplateIds.of(TEMPLATES[t]);
                messages[j] = TEMPLATES[t];
                anomalous |= t == TEMPLATES.length - 1;
            }
            out.add(new LogSequence("s" + i, i * 1000L, i * 1000L + 10, ids, messages, anomalous ? Labels.ANOMALOUS : Labels.NORMAL));
        }
        return out;
    }

    @Test
    void twoSeedsWriteTwoClassifiersServedAsOneModelThatAnswersTheirMean(@TempDir Path bundle) throws Exception {
        LlmTraining.Options d = LlmTraining.Options.defaults();
        LlmTraining.Options o = new LlmTraining.Options(null, null, ClassifierConfig.of(384, 32, 1, 2, 64), null,
                d.settings().withEpochs(1, 1, 1).withSeed(7), 0.5, 1, true, LlmAugmentations.Rates.standard(), d.onnx(), null, 2);
        List<String> progress = new ArrayList<>();
        LlmTraining.Result r = LlmTraining.train(sequences(), o, bundle, progress::add);

        assertThat(bundle.resolve(LlmFiles.CLASSIFIER_WEIGHTS)).isRegularFile();
        assertThat(bundle.resolve(LlmFiles.classifierWeights(1))).isRegularFile().hasFileName("classifier-2.safetensors");
        assertThat(bundle.resolve(LlmFiles.classifierWeights(2))).doesNotExist();
        // Two different classifiers: the seeds differ, and so do the weights they trained to.
        ClassifierWeights first = ClassifierWeights.read(bundle.resolve(LlmFiles.CLASSIFIER_WEIGHTS));
        ClassifierWeights second = ClassifierWeights.read(bundle.resolve(LlmFiles.classifierWeights(1)));
        assertThat(second.tensors().get("projector.weight").data()).isNotEqualTo(first.tensors().get("projector.weight").data());
        assertThat(r.facts()).containsEntry("classifiers", 2).containsEntry("seeds", List.of(7L, 8L));
        assertThat((List<?>) r.facts().get("validation_losses")).hasSize(2);
        assertThat(progress).anyMatch(l -> l.startsWith("llm: classifier 2 of 2 (seed 8): stage 3/3"));
        // Each classifier drew its own augmentations: two builds are reported.
        assertThat(progress.stream().filter(l -> l.startsWith("llm: augmentation ")).count()).isEqualTo(2);
        assertThat(OnnxModels.read(LlmFiles.repository(bundle).resolve("logllm_classifier/1/model.onnx")).getMetadataPropsList())
                .anyMatch(p -> p.getKey().equals(SeedAverage.CLASSIFIERS_KEY) && p.getValue().equals("2"));

        // The member scores through the averaged model like any other.
        LlmMember member = r.member();
        member.bind(bundle);
        try (member) {
            float[] p = LlmSelection.score(member, sequences().subList(0, 10));
            assertThat(p).hasSize(10);
            for (float v : p) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }
}
