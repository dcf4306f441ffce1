package dev.logsieve.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first-hour commands ("From a clone, on generated data") run as written, through
 * {@code ./logsieve} from the repository root, one after the other, each exiting 0; only their
 * folder {@code /tmp/logsieve} is replaced by a temporary one. Maven is not called: a stand-in
 * {@code mvn} first on the PATH fails the command if the script wanted to rebuild (the build that
 * runs this test has just built the jars).
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String SECTION = "### From a clone, on generated data";

    @Test
    void theFirstHourCommandsRunAsWritten(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(ROOT.resolve("training/target/classpath.txt")),
                "the training module is not built here (mvn verify from the root builds it first): skipped");
        List<String> commands = commands(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(commands).as("the README's section '%s'", SECTION).hasSizeGreaterThanOrEqualTo(4)
                .allMatch(c -> c.startsWith("./logsieve "));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\n"
                + "echo 'ReadmeCommandsTest: ./logsieve wanted to rebuild the project; build it first' >&2\nexit 3\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = Files.createDirectories(dir.resolve("logsieve"));

        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i).replace("/tmp/logsieve", work.toString());
            Path log = dir.resolve("command-" + i + ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("LOGSIEVE_JAVA_OPTS", "-Xmx2g");
            Process p = pb.start();
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
            assertThat(p.exitValue()).as("%s exited with %d:%n%s", command, p.exitValue(), tail(log)).isZero();
            System.out.printf("README command %d ran: %s%n", i + 1, commands.get(i));
        }
        assertThat(work.resolve("bundle/manifest.json")).exists();
        assertThat(work.resolve("backfill/report.json")).exists();
        assertThat(work.resolve("backfill/report.html")).exists();
        assertThat(work.resolve("evaluate.json")).exists();
        assertThat(work.resolve("evaluate.html")).exists();
    }

    /** The commands of the section's first bash block: continuation lines joined, comments dropped. */
    static List<String> commands(String readme) {
        int section = readme.indexOf(SECTION);
        assertThat(section).as("the README has the section '%s'", SECTION).isNotNegative();
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        List<String> out = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : block.split("\n")) {
            String code = line.replaceAll("\\s+#.*$", "").strip();
            if (code.isEmpty() || code.startsWith("#")) {
                continue;
            }
            boolean continues = code.endsWith("\\");
            command.append(continues ? code.substring(0, code.length() - 1).strip() + " " : code);
            if (!continues) {
                out.add(command.toString());
                command.setLength(0);
            }
        }
        return out;
    }

    private static String tail(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
