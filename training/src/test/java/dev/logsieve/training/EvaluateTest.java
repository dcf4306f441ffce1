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

/** The acceptance run on the real HDFS sample: evaluate reports F1 >= 0.99, and the de-duplicated F1 beside it. */
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
}
