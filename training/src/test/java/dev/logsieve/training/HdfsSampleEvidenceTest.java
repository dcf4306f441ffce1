package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.cli.Commands;
import dev.logsieve.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDFS sample trained and backfilled as the README does (dt, knn and mlp): every anomalous
 * verdict's evidence names at least one line of its block, with a reason training supports.
 * Skipped where the shared data is absent.
 */
class HdfsSampleEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void everyAnomalousVerdictNamesALine() throws Exception {
        Path logs = SharedData.require("hdfs/HDFS_sample.log.gz");
        Path labels = SharedData.require("hdfs/anomaly_label.csv");
        Path bundle = dir.resolve("bundle");
        assertThat(run("train", "--format", "hdfs", "--logs", logs.toString(), "--labels", labels.toString(),
                "--members", "dt,knn,mlp", "--out", bundle.toString())).isZero();
        assertThat(bundle.resolve("templates.tsv")).exists();
        Path out = dir.resolve("out");
        assertThat(run("backfill", "--logs", logs.toString(), "--labels", labels.toString(), "--models", bundle.toString(),
                "--out", out.toString())).isZero();

        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> reasons = new TreeMap<>();
        int anomalous = 0;
        for (String line : Files.readAllLines(out.resolve("verdicts.jsonl"))) {
            JsonNode v = json.readTree(line);
            if (v.get("label").asInt() != 1) {
                continue;
            }
            anomalous++;
            JsonNode members = v.get("evidence").get("members");
            assertThat(members).as("each member's reason").hasSize(3);
            assertThat(members.get(0).get("path")).as("the tree's path").isNotEmpty();
            assertThat(members.get(1).get("neighbours").get(0).get("key").asText()).as("KNN's nearest training block")
                    .startsWith("blk_");
            assertThat(members.get(2).get("influences")).as("the MLP's most influential templates").isNotEmpty();
            JsonNode evidence = v.get("evidence").get("lines");
            assertThat(evidence.size()).as("evidence of " + v.get("key")).isGreaterThanOrEqualTo(1);
            for (JsonNode e : evidence) {
                assertThat(e.get("position").asInt()).isBetween(1, v.get("length").asInt());
                assertThat(e.get("text").asText()).as("the template's text").isNotBlank();
                reasons.merge(e.get("why").asText(), 1, Integer::sum);
            }
        }
        System.out.printf("HDFS sample: %d anomalous verdicts, each naming a line; evidence lines by reason %s%n",
                anomalous, reasons);
        assertThat(anomalous).isGreaterThan(250);
    }

    private static int run(String... args) {
        return Commands.execute(new TrainingMain(), new PrintWriter(new StringWriter()), new PrintWriter(System.err, true), args);
    }
}
