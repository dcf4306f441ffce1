package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.cli.Commands;
import dev.logsieve.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issues' acceptance runs on the real HDFS sample: evaluate with the full ensemble (dt, knn, mlp,
 * llm) reports F1 >= 0.99 and the de-duplicated F1 beside it; the LLM member alone reaches 0.98 and
 * leaves a Triton model repository in its bundle.
 */
class EvaluateTest {
    @TempDir
    Path dir;

    @Test
    void hdfsSampleRandomSplitReachesTheTarget() throws Exception {
        Path logs = SharedData.require("hdfs/HDFS_sample.log.gz");
        Path labels = SharedData.require("hdfs/anomaly_label.csv");
        Path report = dir.resolve("report.json");
        int code = Commands.execute(new TrainingMain(), new PrintWriter(new StringWriter()), new PrintWriter(System.err, true),
                "evaluate", "--format", "hdfs", "--logs", logs.toString(), "--labels", labels.toString(),
                "--split", "random:0.8", "--seed", "42", "--report", report.toString());
        assertThat(code).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("lines").asLong()).isEqualTo(178_116);
        assertThat(r.get("sequences").asLong()).isEqualTo(1_840); // 20 % of 9,201 blocks
        assertThat(r.get("f1").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.get("dedup").get("sequences").asLong()).isBetween(1L, 1_839L);
        assertThat(r.get("dedup").has("f1")).isTrue();
    }

    @Test
    void theLlmMemberAloneReachesItsTargetAndWritesTheTritonRepository() throws Exception {
        Path logs = SharedData.require("hdfs/HDFS_sample.log.gz");
        Path labels = SharedData.require("hdfs/anomaly_label.csv");
        Path report = dir.resolve("report.json");
        Path bundle = dir.resolve("bundle");
        int code = Commands.execute(new TrainingMain(), new PrintWriter(new StringWriter()), new PrintWriter(System.err, true),
                "evaluate", "--format", "hdfs", "--logs", logs.toString(), "--labels", labels.toString(),
                "--split", "random:0.8", "--seed", "42", "--members", "llm", "--report", report.toString(),
                "--models-out", bundle.toString());
        assertThat(code).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("details").get("members").asText()).isEqualTo("llm");
        assertThat(r.get("f1").asDouble()).isGreaterThanOrEqualTo(0.98);

        for (String f : new String[] {"triton/logllm_encoder/config.pbtxt", "triton/logllm_encoder/1/model.onnx",
                "triton/logllm_classifier/config.pbtxt", "triton/logllm_classifier/1/model.onnx", "llm/tokenizer.json",
                "llm/classifier.json", "llm/classifier.safetensors", "llm.ser"}) {
            assertThat(bundle.resolve(f)).as(f).isRegularFile();
        }
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertThat(manifest.get("members").toString()).isEqualTo("[\"llm\"]");
        assertThat(manifest.get("files").has("triton/logllm_classifier/1/model.onnx")).isTrue();
        assertThat(manifest.get("llm").get("stage_seconds")).hasSize(3);
        JsonNode augmentation = manifest.get("llm").get("augmentation");
        assertThat(augmentation.get("rates").get("drift").asDouble()).as("off by default").isZero();
        assertThat(augmentation.has("reworded_templates")).isFalse();
        dev.logsieve.bundle.ModelBundle.verifyModelFiles(bundle);
    }
}
