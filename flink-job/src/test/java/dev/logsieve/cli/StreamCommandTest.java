package dev.logsieve.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.bundle.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logsieve stream}'s option errors name the option and exit 2, before anything connects. */
class StreamCommandTest {
    @TempDir
    Path dir;

    @Test
    void badOptionsNameTheOption() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        // Only the manifest's head: these checks stop before the models are read.
        Files.writeString(bundle.resolve("manifest.json"),
                "{\"kind\": \"" + ModelBundle.KIND + "\", \"formatVersion\": " + ModelBundle.FORMAT_VERSION + ", \"format\": \"hdfs\"}");
        String[] base = {"--kafka", "localhost:1", "--input-topic", "in", "--output-topic", "out", "--models", bundle.toString()};
        assertThat(run(base, "--transaction-timeout", "5s", "--checkpoint-interval", "10s"))
                .contains("--transaction-timeout").contains("longer than the checkpoint interval");
        assertThat(run(base, "--checkpoint-interval", "soon")).contains("--checkpoint-interval");
        assertThat(run(base, "--parallelism", "0")).contains("--parallelism");
        assertThat(run(base, "--parallelism", "4", "--max-parallelism", "2")).contains("--max-parallelism");
        assertThat(run(base, "--format", "nope")).contains("--format");
        assertThat(run(base, "--format", "bgl")).as("logs read in another format than the bundle's")
                .contains("--format").contains("'bgl'").contains("trained on 'hdfs'");
        assertThat(run(base, "--session-gap", "10min", "-D", "logsieve.window.session-lifetime=5min"))
                .contains("-D logsieve.window.session-lifetime").contains("at least the session gap");
        assertThat(run(new String[] {"--kafka", "localhost:1", "--input-topic", "t", "--output-topic", "t",
                "--models", bundle.toString()})).contains("--output-topic");
        assertThat(run(new String[] {"--kafka", "localhost:1", "--input-topic", "in", "--output-topic", "out",
                "--models", dir.resolve("missing").toString()})).contains("--models");
    }

    private static String run(String[] base, String... more) {
        String[] args = new String[base.length + more.length + 1];
        args[0] = "stream";
        System.arraycopy(base, 0, args, 1, base.length);
        System.arraycopy(more, 0, args, 1 + base.length, more.length);
        StringWriter err = new StringWriter();
        int code = Commands.execute(new JobMain(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isEqualTo(2);
        return err.toString();
    }
}
