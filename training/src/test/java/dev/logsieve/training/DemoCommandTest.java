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
            // The default demo's logs (4,000 blocks to train on, 3,000 streamed), replayed faster.
            code = new CommandLine(new DemoCommand()).execute("--workdir", dir.toString(), "--rate", "50000");
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
        assertThat(out).containsPattern("any alert\\s+sequences 3000 ").containsPattern("final verdict\\s+sequences 3000 ")
                .contains("0 keys without a final verdict");
        // Alerts a stream raises are worth reading: before validation judged the prefixes a stream
        // judges, the LLM member flagged a four-line prefix of most normal blocks and the vote let it
        // alert on 2,343 of 2,926 of them (any-alert precision 0.03), withdrawn later.
        assertThat(score(out, "any alert", "P")).as(out).isGreaterThanOrEqualTo(0.9);
        assertThat(score(out, "any alert", "F1")).as(out).isGreaterThanOrEqualTo(0.9);
        assertThat(score(out, "final verdict", "F1")).as(out).isGreaterThanOrEqualTo(0.9);
        // The faults no alert caught are named, by block id.
        assertThat(out).containsPattern("missed \\(never alerted\\) (none|\\d+: blk_)");
        // The job ran with RocksDB state and wrote checkpoints.
        assertThat(Files.list(dir.resolve("checkpoints")).count()).isPositive();
    }

    /** A figure of the summary's line {@code row}, such as {@code P} or {@code F1}. */
    private static double score(String out, String row, String figure) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + row + "\\s.*\\s" + figure + " (\\d\\.\\d+)").matcher(out);
        assertThat(m.find()).as("the summary's %s line with %s", row, figure).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
