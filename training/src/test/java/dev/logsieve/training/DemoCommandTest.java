package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A small demo end to end: generate blocks that live for hours, train, stream through Flink with
 * RocksDB and checkpoints. Alerts are printed as they happen and the summary scores every block's
 * revisions against the injected faults, by any alert and by final verdict.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsAlertsAndASummary() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new CommandLine(new DemoCommand()).execute("--workdir", dir.toString(),
                    "--train-blocks", "1500", "--stream-blocks", "600", "--rate", "50000");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("ALERT ").contains("[injected fault]").contains("Summary of the streamed log");
        long alerts = out.lines().filter(l -> l.startsWith("ALERT ")).count();
        long found = out.lines().filter(l -> l.startsWith("ALERT ") && l.contains("[injected fault]")).count();
        assertThat(found).isGreaterThan(alerts / 2);
        // Under each alert, each of the four members says why in one line.
        long reasons = out.lines().filter(l -> l.matches("    (dt|knn|mlp|llm) (anomalous \\(|normal \\(|could not answer).*")).count();
        assertThat(reasons).isEqualTo(4 * alerts);
        assertThat(out).containsPattern("\n    dt (anomalous|normal) \\(\\d\\.\\d\\d\\): leaf of \\d+ training sequences")
                .containsPattern("\n    knn (anomalous|normal) \\(\\d\\.\\d\\d\\): nearest training blk_");
        assertThat(out).containsPattern("any alert\\s+sequences 600 ").containsPattern("final verdict\\s+sequences 600 ")
                .contains("0 keys without a final verdict");
        // The faults no alert caught are named, by block id.
        assertThat(out).containsPattern("missed \\(never alerted\\) (none|\\d+: blk_)");
        // The job ran with RocksDB state and wrote checkpoints.
        assertThat(Files.list(dir.resolve("checkpoints")).count()).isPositive();
    }
}
