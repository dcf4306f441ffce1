package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle the pipeline cannot read stops the job while it is laid out, naming what is wrong. */
class ModelsTest {

    @Test
    void aMissingBundleIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-bundle");
        assertThatThrownBy(() -> Models.open(missing, new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aDamagedManifestIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        assertThatThrownBy(() -> Models.open(dir, new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("manifest.json")
                .hasMessageContaining(dir.toString());
    }

    @Test
    void aBundleWithoutMembersFilesIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{\"kind\": \"logsieve-model-bundle\", \"formatVersion\": 1,"
                + " \"members\": [\"dt\"], \"files\": {}}");
        assertThatThrownBy(() -> Models.open(dir, new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vocabulary.json");
    }
}
