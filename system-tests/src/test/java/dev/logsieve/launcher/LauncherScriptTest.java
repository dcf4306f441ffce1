package dev.logsieve.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code logsieve} script rebuilds when its classpath names jars that are gone (a Maven cache
 * that moved or was cleaned), instead of failing with {@code NoClassDefFoundError}. The script runs
 * for real, in a copy of the repository's layout; Maven is replaced by a stand-in {@code mvn} on the
 * PATH that records that it was called (a real build here would take minutes and rebuild this
 * very checkout).
 */
class LauncherScriptTest {

    @Test
    void aClasspathNamingAJarThatIsGoneMakesTheScriptRebuildFirst(@TempDir Path dir) throws Exception {
        Path repo = layout(dir);
        Path gone = dir.resolve("old-m2/picocli-4.7.7.jar");
        Files.writeString(repo.resolve("training/target/classpath.txt"), repo.resolve("lib.jar") + ":" + gone);

        Result r = runScript(repo, dir);

        assertThat(r.err).contains("logsieve: building the project first").contains(gone.toString()).contains("gone");
        assertThat(Files.readString(dir.resolve("mvn-called"))).contains("-DskipTests install");
    }

    @Test
    void aClasspathWhoseJarsAreAllThereDoesNotRebuild(@TempDir Path dir) throws Exception {
        Path repo = layout(dir);
        Files.writeString(repo.resolve("training/target/classpath.txt"), repo.resolve("lib.jar").toString());

        Result r = runScript(repo, dir);

        assertThat(r.err).doesNotContain("building the project first");
        assertThat(dir.resolve("mvn-called")).doesNotExist();
    }

    /**
     * Maven does not rewrite a jar whose content is unchanged (the system-tests module's jar is
     * always empty): the stand-in build leaves the jar older than a changed source, as Maven does,
     * and the run after the rebuild must not build again.
     */
    @Test
    void aRebuildIsNotRepeatedByTheNextRun(@TempDir Path dir) throws Exception {
        Path repo = layout(dir);
        Files.writeString(repo.resolve("training/target/classpath.txt"), repo.resolve("lib.jar").toString());
        repo.resolve("training/target/logsieve-training-0.1.0-SNAPSHOT.jar").toFile()
                .setLastModified(System.currentTimeMillis() - 120_000);
        Path source = Files.writeString(repo.resolve("training/src/main/Changed.java"), "class Changed {}");
        source.toFile().setLastModified(System.currentTimeMillis() - 60_000); // changed after the jar was built

        assertThat(runScript(repo, dir).err).contains("logsieve: building the project first (sources changed");
        Files.delete(dir.resolve("mvn-called"));

        assertThat(runScript(repo, dir).err).doesNotContain("building the project first");
        assertThat(dir.resolve("mvn-called")).doesNotExist();
    }

    /**
     * PyTorch's deprecation line (printed from native code when the LLM member trains) does not reach
     * the console; every other line of standard error does, and the exit code is the program's. A
     * stand-in {@code java} prints the line: the real one takes half a minute of LLM training.
     */
    @Test
    void pytorchsDeprecationLineIsLeftOutOfStandardError(@TempDir Path dir) throws Exception {
        Path repo = layout(dir);
        Files.writeString(repo.resolve("training/target/classpath.txt"), repo.resolve("lib.jar").toString());
        Path java = Files.writeString(dir.resolve("bin/java"), String.join("\n", "#!/usr/bin/env bash",
                "echo 'train: epoch 1' >&2",
                "echo '[W1202 01:40:29.474981344 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated and will be"
                        + " removed in 1.10 release. (function operator())' >&2",
                "echo 'train: wrote model bundle' >&2",
                "exit 3", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result r = runScript(repo, dir, "train: wrote model bundle");

        assertThat(r.err).contains("train: epoch 1").contains("train: wrote model bundle").doesNotContain("AutoNonVariableTypeMode");
        assertThat(r.code).isEqualTo(3);
    }

    /** The repository's script and a built-looking training module, older sources than jars. */
    private static Path layout(Path dir) throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path script = Path.of("..", "logsieve").toAbsolutePath().normalize();
        Files.copy(script, repo.resolve("logsieve"));
        Files.setPosixFilePermissions(repo.resolve("logsieve"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(repo.resolve("training/target"));
        Files.createDirectories(repo.resolve("training/src/main"));
        Files.writeString(repo.resolve("lib.jar"), "");
        Path jar = Files.writeString(repo.resolve("training/target/logsieve-training-0.1.0-SNAPSHOT.jar"), "");
        jar.toFile().setLastModified(System.currentTimeMillis() + 60_000); // newer than any source
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\necho \"$@\" > " + dir.resolve("mvn-called") + "\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return repo;
    }

    private record Result(int code, String err) {}

    /** Runs {@code ./logsieve generate --help} with the stand-in mvn first on the PATH and no real java needed after it. */
    private static Result runScript(Path repo, Path dir) throws Exception {
        return runScript(repo, dir, null);
    }

    /**
     * The same; with {@code lastLine}, waits until standard error holds it. The script's standard
     * error goes through a {@code grep} behind a process substitution, which may still be writing
     * when the script's own process has exited; the JDK closes a process's error pipe when the
     * process exits, after taking only what is in it then, so what grep writes later would be lost
     * (a run under load saw an empty standard error). A file keeps it.
     */
    private static Result runScript(Path repo, Path dir, String lastLine) throws Exception {
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder("./logsieve", "generate", "--help").directory(repo.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script finished").isTrue();
        if (lastLine != null) {
            Await.until("standard error holds '" + lastLine + "'", Duration.ofSeconds(30),
                    () -> read(err).contains(lastLine));
        }
        return new Result(p.exitValue(), read(err));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
