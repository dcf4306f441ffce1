package dev.logsieve.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the labeled data sets in {@code ../shared/datasets}. Tests that need one call
 * {@link #require(String)}, which skips the test (not fails it) when the file is absent.
 */
public final class SharedData {
    private SharedData() {}

    /** The datasets folder: system property {@code logsieve.shared} (set by the build), else ../shared. */
    public static Path datasets() {
        String shared = System.getProperty("logsieve.shared", "../shared");
        return Paths.get(shared).toAbsolutePath().normalize().resolve("datasets");
    }

    /** The file under datasets/, or a skipped test when it is not there. */
    public static Path require(String relative) {
        Path p = datasets().resolve(relative);
        assumeTrue(Files.exists(p), () -> "data set not present, test skipped: " + p);
        return p;
    }
}
