package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.inference.OnnxClassifier;
import dev.logsieve.llm.train.ClassifierExport.Precision;
import dev.logsieve.llm.train.ClassifierRepository.Options;
import dev.logsieve.llm.train.ClassifierRepository.Storage;
import dev.logsieve.onnx.ModelProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several classifiers written as one Triton model that answers their mean, run through ONNX Runtime. */
class SeedAverageTest {

    static final ClassifierConfig CONFIG = ClassifierStorageTest.CONFIG;
    final List<ClassifierWeights> weights = List.of(ClassifierWeights.random(CONFIG, 1), ClassifierWeights.random(CONFIG, 2),
            ClassifierWeights.random(CONFIG, 3));
    final float[][][] embeddings = ClassifierParityTest.embeddings(new Random(5), 6, 10);
    final long[][] mask = ClassifierStorageTest.mask(6, 10);

    float[] alone(ClassifierWeights w) throws Exception {
        try (OnnxClassifier c = OnnxClassifier.create(ClassifierExport.export(CONFIG, w), CONFIG.dimension(), 1)) {
            return c.predict(embeddings, mask);
        }
    }

    @Test
    void theWrittenModelAnswersTheMeanOfItsClassifiers(@TempDir Path repo) throws Exception {
        Path model = ClassifierRepository.writeTritonModel(CONFIG, weights, repo, 8, Options.defaults());
        float[] mean;
        try (OnnxClassifier c = OnnxClassifier.open(model, CONFIG.dimension(), 1)) {
            mean = c.predict(embeddings, mask);
        }
        float[][] each = {alone(weights.get(0)), alone(weights.get(1)), alone(weights.get(2))};
        for (int i = 0; i < mean.length; i++) {
            assertThat(mean[i]).as("sequence %d", i).isCloseTo((each[0][i] + each[1][i] + each[2][i]) / 3, within(1e-6f));
        }
        // Random classifiers answer differently, so the mean is not any one of them.
        assertThat(mean).isNotEqualTo(each[0]);
        ModelProto read = OnnxModels.read(model);
        assertThat(read.getGraph().getInputList()).extracting(i -> i.getName())
                .containsExactly("message_embeddings", "message_mask");
        assertThat(read.getMetadataPropsList()).anyMatch(p -> p.getKey().equals(SeedAverage.CLASSIFIERS_KEY)
                && p.getValue().equals("3"));
        assertThat(read.getMetadataPropsList()).anyMatch(p -> p.getKey().equals(ClassifierExport.CONFIG_KEY));
    }

    @Test
    void inHalfPrecisionTooTheMeanStaysWithinFp16sRounding(@TempDir Path repo) throws Exception {
        Path model = ClassifierRepository.writeTritonModel(CONFIG, weights, repo, 8, new Options(Precision.FP16, Storage.AUTO));
        float[] mean;
        try (OnnxClassifier c = OnnxClassifier.open(model, CONFIG.dimension(), 1)) {
            mean = c.predict(embeddings, mask);
        }
        float[][] each = {alone(weights.get(0)), alone(weights.get(1)), alone(weights.get(2))};
        for (int i = 0; i < mean.length; i++) {
            assertThat((double) mean[i]).isCloseTo((each[0][i] + each[1][i] + each[2][i]) / 3.0,
                    within(ClassifierStorageTest.FP16_TOLERANCE));
        }
    }

    @Test
    void oneClassifierIsWrittenAsBefore(@TempDir Path repo) throws Exception {
        Path model = ClassifierRepository.writeTritonModel(CONFIG, weights.subList(0, 1), repo, 8, Options.defaults());
        assertThat(OnnxModels.read(model)).isEqualTo(ClassifierExport.export(CONFIG, weights.get(0)));
    }

    @Test
    void anAverageWithItsWeightsOutsideIsRefusedWithTheOptionToChange(@TempDir Path repo) {
        assertThatThrownBy(() -> ClassifierRepository.writeTritonModel(CONFIG, weights, repo, 8,
                new Options(Precision.FP32, Storage.EXTERNAL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--llm-seeds 1");
    }
}
