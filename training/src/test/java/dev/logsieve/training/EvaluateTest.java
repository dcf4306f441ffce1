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
 * leaves a Triton model repository in its bundle. On HDFS and on BGL's later windows the vote chosen
 * on the validation part is not below its best member there.
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
                "--split", "random:0.8", "--seed", "42", "--report", report.toString(), "--models-out", dir.resolve("b").toString());
        assertThat(code).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("lines").asLong()).isEqualTo(178_116);
        assertThat(r.get("sequences").asLong()).isEqualTo(1_840); // 20 % of 9,201 blocks
        assertThat(r.get("f1").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.get("dedup").get("sequences").asLong()).isBetween(1L, 1_839L);
        assertThat(r.get("dedup").has("f1")).isTrue();
        assertThat(r.get("details").get("member_scores").fieldNames()).toIterable().containsExactlyInAnyOrder("dt", "knn", "mlp", "llm");
        JsonNode manifest = notBelowItsBestMemberOnValidation(dir.resolve("b"));
        assertThat(manifest.get("validation").get("llm").get("candidates")).hasSize(2); // without and with augmentation
        // Blocks live for hours: the prefixes a stream judges after each quiet spell are judged on validation too.
        assertThat(manifest.get("validation").get("judged_prefixes").asInt()).isPositive();
    }

    @Test
    void bglLaterWindowsVoteAtLeastAsWellAsTheBestMemberOnValidation() throws Exception {
        Path windows = SharedData.require("bgl/bgl_windows100_train.jsonl.gz");
        Path report = dir.resolve("bgl.json");
        int code = Commands.execute(new TrainingMain(), new PrintWriter(new StringWriter()), new PrintWriter(System.err, true),
                "evaluate", "--format", "sequences", "--logs", windows.toString(), "--split", "chronological:0.8",
                "--members", "dt,knn,mlp", "--report", report.toString(), "--models-out", dir.resolve("bgl").toString());
        assertThat(code).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("f1").asDouble()).isGreaterThanOrEqualTo(0.95); // majority of the same members: 0.9531
        JsonNode manifest = notBelowItsBestMemberOnValidation(dir.resolve("bgl"));
        JsonNode validation = manifest.get("validation");
        assertThat(validation.get("split").asText()).isEqualTo("latest");
        // judged as it is, and its normal sequences again with 30 % of their templates reworded
        int held = validation.get("held_out_sequences").asInt();
        int normal = held - validation.get("held_out_anomalous").asInt();
        assertThat(validation.get("judged_sequences").asInt()).isEqualTo(held + normal);
        assertThat(validation.get("judged_prefixes").asInt()).isZero(); // windows without line times have none
        assertThat(validation.get("reworded").get("templates_touched").asInt()).isPositive();
        assertThat(validation.get("reworded").get("anomalous_touched").asInt()).isZero();
        // the semantic fallback's threshold is chosen there too: the reworded templates are new ones
        JsonNode fallback = validation.get("fallback");
        assertThat(fallback.get("new_templates").asInt()).isPositive();
        assertThat(fallback.get("candidates").size()).isEqualTo(1 + FallbackSelection.GRID.length);
        double best = 0;
        for (JsonNode c : fallback.get("candidates")) {
            best = Math.max(best, c.get("f1").asDouble());
        }
        String chosen = fallback.get("chosen").asText();
        assertThat(fallback.get("candidates").get(chosen.equals("off") ? "off"
                : String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(chosen))).get("f1").asDouble()).isEqualTo(best);
        assertThat(dir.resolve("bgl").resolve(dev.logsieve.bundle.FallbackFiles.TEMPLATES).toFile().isFile())
                .isEqualTo(!chosen.equals("off"));
        JsonNode reported = r.get("details").get("fallback");
        if (chosen.equals("off")) {
            assertThat(reported == null || reported.isNull()).as("the report says no fallback").isTrue();
        } else {
            assertThat(reported.get("threshold").asDouble()).isEqualTo(Double.parseDouble(chosen));
        }
    }

    /** The manifest's validation scores: the chosen vote's F1 is at least every member's. */
    private static JsonNode notBelowItsBestMemberOnValidation(Path bundle) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        JsonNode vote = manifest.get("vote");
        double ensemble = vote.get("validation_ensemble").get("f1").asDouble();
        vote.get("validation_members").fields().forEachRemaining(m ->
                assertThat(ensemble).as("validation F1 of the %s vote against member %s", vote.get("rule"), m.getKey())
                        .isGreaterThanOrEqualTo(m.getValue().get("f1").asDouble()));
        assertThat(vote.get("reason").asText()).isNotBlank();
        return manifest;
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
                "--models-out", bundle.toString()); // the chosen candidate's files make the bundle
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
        // By default three classifiers averaged, from the seed given and the next two.
        assertThat(manifest.get("llm").get("classifiers").asInt()).isEqualTo(3);
        assertThat(manifest.get("llm").get("seeds").toString()).isEqualTo("[42,43,44]");
        assertThat(bundle.resolve("llm/classifier-3.safetensors")).isRegularFile();
        assertThat(bundle.resolve("llm/classifier-4.safetensors")).doesNotExist();
        // Chosen on validation: the augmented candidate unless its F1 is more than one standard error
        // below the best candidate's. On HDFS both usually score 1.000 there (standard error 0), so the
        // augmented one. But the members' training is not bit-reproducible on CPU: in one of six full
        // builds the candidate without augmentation ended at validation loss 0.0059 instead of 0.0016
        // and scored 0.933. So what is asserted is the rule, and the bundle holding what it chose.
        JsonNode validation = manifest.get("validation").get("llm");
        JsonNode top = null;
        for (JsonNode c : validation.get("candidates")) {
            if (top == null || c.get("f1").asDouble() > top.get("f1").asDouble()) {
                top = c;
            }
            assertThat(c.get("standard_error").asDouble()).isBetween(0.0, 0.5);
        }
        JsonNode best = null;
        for (JsonNode c : validation.get("candidates")) {
            if (c.get("f1").asDouble() >= top.get("f1").asDouble() - top.get("standard_error").asDouble() - 1e-12) {
                best = c; // the last one within one standard error of the best
            }
        }
        assertThat(validation.get("candidates")).extracting(c -> c.get("augmentation").asText())
                .containsExactly("none", "standard");
        assertThat(validation.get("augmentation").asText()).as("the augmented candidate unless more than one standard error worse")
                .isEqualTo(best.get("rates").asText());
        assertThat(validation.get("reason").asText()).isNotBlank();
        boolean none = best.get("augmentation").asText().equals("none");
        JsonNode augmentation = manifest.get("llm").get("augmentation");
        assertThat(augmentation.get("rates").get("drift").asDouble() == 0).as("the bundle's rates are the chosen ones").isEqualTo(none);
        assertThat(augmentation.has("reworded_templates")).isEqualTo(!none);
        // Nothing else to refit, and the LLM member is kept as validation judged it.
        assertThat(manifest.get("validation").get("refit").asBoolean()).isTrue();
        assertThat(manifest.get("validation").get("llm_refit").asBoolean()).isFalse();
        assertThat(manifest.get("llm").get("threshold").asDouble()).isEqualTo(validation.get("threshold").asDouble());
        dev.logsieve.bundle.ModelBundle.verifyModelFiles(bundle);
    }
}
