package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.testing.TestBundles;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labels file grows with the input (a row per session: 3.7 million rows for 35 million HDFS
 * lines), so a backfill must not hold it whole in the heap. Here one of 3 million rows labels a
 * small log, and {@code ./logsieve backfill} runs with a 256 MB heap: when each task read the file
 * into a map the job failed with {@code OutOfMemoryError: Java heap space}; joined by key, it
 * finishes and scores every block against its label.
 */
class LargeLabelsFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int FILLER_ROWS = 3_000_000;

    @Test
    void aLabelsFileLargerThanTheHeapIsJoinedByKeyAndEveryBlockIsScored(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(ROOT.resolve("flink-job/target/classpath.txt")),
                "the flink-job module is not built here (mvn verify from the root builds it first): skipped");
        Path bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 300, 1);
        Path log = dir.resolve("small.log");
        Path labels = dir.resolve("labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(5).withBlocks(500).withAnomalyFraction(0.1))
                .write(log, labels);
        List<String> rows = Files.readAllLines(labels);
        long anomalous = rows.stream().filter(r -> r.endsWith(",Anomaly")).count();
        Path big = dir.resolve("big-labels.csv");
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (String r : rows) {
                w.write(r);
                w.newLine();
            }
            for (int i = 0; i < FILLER_ROWS; i++) { // sessions of other logs, as a labels file of a whole data set has
                w.write(String.format("blk_9%018d,Normal%n", i));
            }
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\n"
                + "echo 'LargeLabelsFileTest: ./logsieve wanted to rebuild the project; build it first' >&2\nexit 3\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = dir.resolve("out");
        Path output = dir.resolve("backfill.log");
        ProcessBuilder pb = new ProcessBuilder("./logsieve", "backfill", "--format", "hdfs", "--logs", log.toString(),
                "--labels", big.toString(), "--models", bundle.toString(), "--out", out.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("LOGSIEVE_JAVA_OPTS", "-Xmx256m");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("backfill finished").isTrue();
        assertThat(p.exitValue()).as("backfill exited with %d:%n%s", p.exitValue(), Files.readString(output)).isZero();

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("sequences").asLong()).isEqualTo(rows.size() - 1);
        assertThat(report.get("tp").asLong() + report.get("fn").asLong()).as("anomalous blocks, by their labels")
                .isEqualTo(anomalous);
    }
}
