package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.inference.OnnxClassifier;
import dev.logsieve.onnx.GraphProto;
import dev.logsieve.onnx.ModelProto;
import dev.logsieve.onnx.NodeProto;
import dev.logsieve.onnx.ValueInfoProto;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierExportTest {

    static final ClassifierConfig CONFIG = ClassifierConfig.defaults();

    @Test
    void defaultVocabularyHoldsThePromptAndAnswerWords() {
        assertThat(CONFIG.vocabulary()).startsWith("<pad>", "<unk>", "below", "is", "a", "sequence")
                .contains(":", ".", "?", "this", "normal", "or", "anomalous").doesNotHaveDuplicates();
        assertThat(CONFIG.prefixIds()).hasSize(9);
        assertThat(CONFIG.suffixIds()).hasSize(8);
        assertThat(CONFIG.vocabulary().get(CONFIG.anomalousId())).isEqualTo("anomalous");
        assertThat(CONFIG.vocabulary().get(CONFIG.normalId())).isEqualTo("normal");
        assertThat(CONFIG.ids("Is Anomalous banana")).containsExactly(3, CONFIG.anomalousId(), 1);
        assertThat(CONFIG.maxSequence()).isEqualTo(9 + 128 + 8);
        assertThatThrownBy(() -> ClassifierConfig.of(384, 60, 2, 4, 128)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configAndWeightsRoundTrip() throws Exception {
        ClassifierConfig small = ClassifierConfig.of(16, 8, 1, 2, 12);
        assertThat(ClassifierConfig.fromJson(small.toJson())).isEqualTo(small);
        ClassifierWeights w = ClassifierWeights.random(small, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        byte[] bytes = out.toByteArray();
        long headerLength = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8))
                .startsWith("{\"embed_tokens\":{\"dtype\":\"F32\",\"shape\":[").contains("\"__metadata__\"");
        ClassifierWeights back = ClassifierWeights.read(new ByteArrayInputStream(bytes)).check(small);
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(w.tensors().keySet());
        for (Map.Entry<String, ClassifierWeights.Tensor> e : w.tensors().entrySet()) {
            assertThat(back.get(e.getKey()).shape()).containsExactly(e.getValue().shape());
            assertThat(back.get(e.getKey()).data()).containsExactly(e.getValue().data());
        }
        assertThatThrownBy(() -> w.check(CONFIG)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportHasTheContractsTensorsAndDynamicDimensions() throws Exception {
        ModelProto m = ClassifierExport.export(CONFIG, ClassifierWeights.random(CONFIG, 1));
        GraphProto g = m.getGraph();
        assertThat(g.getName()).isEqualTo("logllm_classifier");
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(17);
        assertThat(g.getInputList()).extracting(ValueInfoProto::getName).containsExactly("message_embeddings", "message_mask");
        assertThat(g.getInput(0).getType().getTensorType().getShape().getDimList())
                .extracting(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam())
                .containsExactly("batch_size", "messages", "384");
        assertThat(g.getOutputList()).extracting(ValueInfoProto::getName).containsExactly("p_anomalous");
        assertThat(g.getNodeList()).extracting(NodeProto::getOpType)
                .contains("CumSum", "Gather", "Expand", "Concat", "Softmax", "Sigmoid", "ReduceMean", "Slice")
                .doesNotContain("Loop", "If");
        String json = m.getMetadataPropsList().stream().filter(e -> e.getKey().equals(ClassifierExport.CONFIG_KEY))
                .findFirst().orElseThrow().getValue();
        assertThat(ClassifierConfig.fromJson(json)).isEqualTo(CONFIG);
    }

    @Test
    void writesTheTritonLayoutAndTheFileRunsLikeTheModelInMemory(@TempDir Path repo) throws Exception {
        ModelProto m = ClassifierExport.export(CONFIG, ClassifierWeights.random(CONFIG, 5));
        Path file = ClassifierRepository.writeTritonModel(m, CONFIG.dimension(), repo, ClassifierRepository.DEFAULT_MAX_BATCH);
        assertThat(file).isEqualTo(repo.resolve("logllm_classifier/1/model.onnx"));
        assertThat(Files.readString(repo.resolve("logllm_classifier/config.pbtxt")))
                .isEqualTo(ClassifierRepository.tritonConfig(384, 64))
                .contains("platform: \"onnxruntime_onnx\"", "max_batch_size: 64", "dims: [ -1, 384 ]",
                        "data_type: TYPE_INT64", "dynamic_batching { }", "kind: KIND_GPU", "# optimization");
        float[][][] e = ClassifierParityTest.embeddings(new Random(2), 2, 3);
        long[][] mask = {{1, 1, 0}, {1, 1, 1}};
        try (OnnxClassifier a = OnnxClassifier.open(file, 384, 1); OnnxClassifier b = OnnxClassifier.create(m, 384, 1)) {
            assertThat(a.predict(e, mask)).containsExactly(b.predict(e, mask));
        }
    }

    @Test
    void committedTritonTemplateIsWhatTheExportWrites() throws Exception {
        Path template = Paths.get("..", "triton-models", "logllm_classifier", "config.pbtxt");
        assertThat(Files.readString(template, StandardCharsets.UTF_8))
                .isEqualTo(ClassifierRepository.tritonConfig(MiniLmEncoder.DIMENSION, ClassifierRepository.DEFAULT_MAX_BATCH));
    }
}
