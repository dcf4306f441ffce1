package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.llm.LlmFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training into the folder of an earlier bundle leaves nothing of it that the new bundle would claim. */
class RetrainIntoBundleTest {

    @Test
    void anEarlierBundlesKnowledgeFileIsRemovedWhenNoMemberReadsContext(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle.resolve("llm"));
        Files.writeString(bundle.resolve(LlmFiles.KNOWLEDGE), "{\"match\": \"close\", \"text\": \"close a file.\"}\n");
        TrainingSettings settings = new TrainingSettings();
        settings.members = new java.util.LinkedHashSet<>(List.of("dt"));
        settings.fallback = "off";
        settings.validation = 0;
        Trainer.train(SemanticFallbackTest.sequences(new Random(7), 200), "sequences", Map.of(), settings, 0, bundle,
                message -> { });
        // kept, it would be checksummed as this bundle's and let 'backfill --context' past its check
        assertThat(bundle.resolve(LlmFiles.KNOWLEDGE)).doesNotExist();
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertThat(manifest.get("files").has(LlmFiles.KNOWLEDGE)).isFalse();
    }
}
