package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.inference.OnnxClassifier;
import dev.logsieve.llm.train.ClassifierRepository.Options;
import dev.logsieve.llm.train.ClassifierExport.Precision;
import dev.logsieve.llm.train.ClassifierRepository.Storage;
import dev.logsieve.onnx.ModelProto;
import dev.logsieve.onnx.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the classifier's weights are stored: external data beside {@code model.onnx} and half
 * precision, each run through ONNX Runtime from the files Triton would read.
 */
class ClassifierStorageTest {

    /** Wide enough that most tensors pass the 1 KB external-data threshold; two layers. */
    static final ClassifierConfig CONFIG = ClassifierConfig.of(384, 64, 2, 4, 128);
    /** |p_fp16 - p_fp32| allowed: FP16 keeps 11 significant bits (1.6e-4 was the largest seen here). */
    static final double FP16_TOLERANCE = 2e-3;

    final ClassifierWeights weights = ClassifierWeights.random(CONFIG, 11);
    final float[][][] embeddings = ClassifierParityTest.embeddings(new Random(4), 8, 12);
    final long[][] mask = mask(8, 12);

    static long[][] mask(int b, int n) {
        long[][] m = new long[b][n];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n - i; j++) {
                m[i][j] = 1; // row i has i padded slots at its end
            }
        }
        return m;
    }

    float[] predict(Path model) throws Exception {
        try (OnnxClassifier c = OnnxClassifier.open(model, CONFIG.dimension(), 1)) {
            return c.predict(embeddings, mask);
        }
    }

    float[] reference() throws Exception {
        try (OnnxClassifier c = OnnxClassifier.create(ClassifierExport.export(CONFIG, weights), CONFIG.dimension(), 1)) {
            return c.predict(embeddings, mask);
        }
    }

    @Test
    void externalDataHoldsTheWeightsAndScoresExactlyAsInside(@TempDir Path repo) throws Exception {
        Path model = ClassifierRepository.writeTritonModel(CONFIG, weights, repo, 8, new Options(Precision.FP32, Storage.EXTERNAL));
        Path data = model.resolveSibling(ClassifierRepository.DATA_FILE);
        assertThat(model).isEqualTo(repo.resolve("logllm_classifier/1/model.onnx"));
        assertThat(repo.resolve("logllm_classifier/config.pbtxt")).exists();
        assertThat(Files.size(data)).isGreaterThanOrEqualTo(ClassifierRepository.weightBytes(weights, false));
        assertThat(Files.size(model)).isLessThan(Files.size(data) / 10);
        assertThat(model.resolveSibling(ClassifierRepository.DATA_FILE + ".tmp")).doesNotExist();

        ModelProto m = OnnxModels.read(model);
        TensorProto wq = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("layers.0.wq"))
                .findFirst().orElseThrow();
        assertThat(wq.getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
        assertThat(wq.getRawData().isEmpty()).isTrue();
        assertThat(wq.getExternalDataList()).extracting(e -> e.getKey())
                .containsExactly("location", "offset", "length");
        assertThat(wq.getExternalData(0).getValue()).isEqualTo(ClassifierRepository.DATA_FILE);
        assertThat(Long.parseLong(wq.getExternalData(1).getValue()) % OnnxTensors.ALIGNMENT).isZero();
        assertThat(Long.parseLong(wq.getExternalData(2).getValue())).isEqualTo(4L * 64 * 64);
        for (TensorProto t : m.getGraph().getInitializerList()) {
            assertThat(t.getDataLocation() == TensorProto.DataLocation.EXTERNAL)
                    .as(t.getName()).isEqualTo(t.getRawData().isEmpty() && t.getInt64DataCount() == 0);
        }

        assertThat(predict(model)).containsExactly(reference());
    }

    @Test
    void automaticStorageKeepsASmallModelInOneFileAndRemovesAnEarlierDataFile(@TempDir Path repo) throws Exception {
        Path model = ClassifierRepository.writeTritonModel(CONFIG, weights, repo, 8, new Options(Precision.FP32, Storage.EXTERNAL));
        assertThat(model.resolveSibling(ClassifierRepository.DATA_FILE)).exists();
        ClassifierRepository.writeTritonModel(CONFIG, weights, repo, 8, Options.defaults());
        assertThat(model.resolveSibling(ClassifierRepository.DATA_FILE)).doesNotExist();
        assertThat(Files.size(model)).isGreaterThan(ClassifierRepository.weightBytes(weights, false));
        assertThat(predict(model)).containsExactly(reference());
    }

    @Test
    void halfPrecisionHalvesTheWeightsAndScoresWithinTheTolerance(@TempDir Path repo) throws Exception {
        float[] fp32 = reference();
        Path inside = ClassifierRepository.writeTritonModel(CONFIG, weights, repo.resolve("inside"), 8,
                new Options(Precision.FP16, Storage.INSIDE));
        Path external = ClassifierRepository.writeTritonModel(CONFIG, weights, repo.resolve("external"), 8,
                new Options(Precision.FP16, Storage.EXTERNAL));
        Path single = ClassifierRepository.writeTritonModel(CONFIG, weights, repo.resolve("fp32"), 8, Options.defaults());
        // The weights halve; the causal table stays FP32 (the attention bias is built in FP32).
        assertThat(Files.size(inside)).isLessThan(Files.size(single) * 6 / 10);
        TensorProto wq = OnnxModels.read(external).getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("layers.0.wq")).findFirst().orElseThrow();
        assertThat(wq.getExternalData(2).getValue()).isEqualTo(Long.toString(2L * 64 * 64));

        ModelProto m = OnnxModels.read(inside);
        assertThat(m.getMetadataPropsList()).anyMatch(e -> e.getKey().equals(ClassifierExport.PRECISION_KEY)
                && e.getValue().equals("fp16"));
        assertThat(m.getGraph().getInitializerList()).filteredOn(t -> t.getName().equals("layers.1.w_down"))
                .singleElement().extracting(TensorProto::getDataType).isEqualTo(TensorProto.DataType.FLOAT16_VALUE);

        float[] half = predict(inside);
        assertThat(predict(external)).containsExactly(half);
        double spread = 0;
        for (int i = 0; i < fp32.length; i++) {
            assertThat(half[i]).as("sequence %d", i).isCloseTo(fp32[i], within((float) FP16_TOLERANCE));
            spread = Math.max(spread, Math.abs(fp32[i] - fp32[0]));
        }
        assertThat(spread).as("the sequences must score differently, or the comparison says little")
                .isGreaterThan(10 * FP16_TOLERANCE);
    }

    @Test
    void badStorageOrPrecisionNamesIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ClassifierRepository.parse(Precision.class, "fp8"))
                .hasMessage("'fp8' is not one of [fp32, fp16]");
        assertThat(ClassifierRepository.parse(Storage.class, "External")).isEqualTo(Storage.EXTERNAL);
    }
}
