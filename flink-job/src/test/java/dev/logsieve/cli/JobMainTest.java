package dev.logsieve.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The entry class a Flink cluster runs never ends the JVM: inside a JobManager (web submission,
 * application mode) {@code System.exit} would take the JobManager down. Had {@code main} called
 * it here, this test's JVM would have ended and the test run would report a crash.
 */
class JobMainTest {
    @Test
    void successReturnsAndFailureThrowsWithoutExiting() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JobMain.main(new String[] {"--version"});
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("logsieve 0.1.0");

            assertThatThrownBy(() -> JobMain.main(new String[] {"backfill", "--no-such-option"}))
                    .isInstanceOf(JobMain.CommandFailedException.class)
                    .hasMessageContaining("exit code 2")
                    .satisfies(e -> assertThat(((JobMain.CommandFailedException) e).exitCode).isEqualTo(2));
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("logsieve backfill: ", "Run 'logsieve backfill --help'");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
