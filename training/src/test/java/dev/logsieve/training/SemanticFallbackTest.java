package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.bundle.FallbackFiles;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Judgement;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.TemplateFallback;
import dev.logsieve.features.UnseenTemplates;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.mask.TemplateIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic fallback with the real encoder (the int8 all-MiniLM-L6-v2 of the Maven artifact): a
 * reworded template counts as the known one it rewords, an unrelated one stays unseen, and a bundle
 * trained with a fallback judges a reworded sequence, read back as the job reads it, as it judges
 * the original.
 */
class SemanticFallbackTest {
    private static final String KNOWN_FAILURE = "ciod: Error reading message prefix after <*> on CioStream socket to <*>";
    private static final String REWORDED_FAILURE = "ciod: Error reading message prefix on CioStream socket to <*>";
    private static final String[] KNOWN = {
        KNOWN_FAILURE,
        "instruction cache parity error corrected",
        "generating core.<*>",
        "<*> ddr errors(s) detected and corrected on rank <*>, symbol <*> bit <*>",
    };

    @TempDir
    Path dir;

    @Test
    void aRewordedTemplateCountsAsTheKnownOneAndAnUnrelatedOneStaysUnseen() throws Exception {
        long[] ids = new long[KNOWN.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = TemplateIds.of(KNOWN[i]);
        }
        Vocabulary vocabulary = Vocabulary.of(ids, KNOWN);
        try (FallbackEncoder encoder = FallbackEncoder.open()) {
            TemplateFallback fallback = encoder.fallback(vocabulary, 0.9);
            TemplateFallback.Nearest n = fallback.nearest(encoder.embed(List.of(REWORDED_FAILURE))[0]);
            assertThat(n.column()).isEqualTo(vocabulary.index(ids[0]));
            assertThat(n.similarity()).isGreaterThan(0.95);

            UnseenTemplates unseen = encoder.unseen(fallback);
            assertThat(unseen.column(TemplateIds.of(REWORDED_FAILURE), REWORDED_FAILURE)).isEqualTo(vocabulary.index(ids[0]));
            String unrelated = "<*> total interrupts. <*> critical input interrupts. <*> microseconds total spent";
            assertThat(unseen.column(TemplateIds.of(unrelated), unrelated)).isEqualTo(-1);
            assertThat(unseen.column(TemplateIds.of("no text"), null)).as("nothing to embed").isEqualTo(-1);
        }
    }

    @Test
    void aBundleWithAFallbackJudgesARewordedSequenceAsTheOriginal() throws Exception {
        List<LogSequence> sequences = sequences(new Random(7), 400);
        TrainingSettings settings = new TrainingSettings();
        settings.members = new java.util.LinkedHashSet<>(List.of("dt", "knn", "mlp"));
        settings.fallback = "0.9";
        settings.validation = 0; // the threshold as given: this test is about what the bundle does with it
        Path bundle = dir.resolve("bundle");
        Trainer.train(sequences, "sequences", Map.of(), settings, 0, bundle, message -> { });

        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertThat(manifest.get("fallback").get("threshold").asDouble()).isEqualTo(0.9);
        assertThat(manifest.get("files").has(FallbackFiles.ENCODER)).isTrue();

        Ensemble plain = ModelBundle.read(bundle).ensemble();
        try (FallbackFiles.Opened opened = FallbackFiles.open(bundle, plain.featureExtractor().vocabulary().size())) {
            Ensemble withFallback = plain.withUnseen(opened.unseen());
            String[] original = {"generating core.<*>", KNOWN_FAILURE, "instruction cache parity error corrected"};
            String[] reworded = {"generating core.<*>", REWORDED_FAILURE, "instruction cache parity error corrected"};
            Judgement before = withFallback.judge(ids(original), original);
            Judgement after = withFallback.judge(ids(reworded), reworded);
            assertThat(before.anomalous()).isTrue();
            assertThat(after.scores()).containsExactly(before.scores());
            assertThat(after.unseen()).as("the verdict still says a line's template is new").isEqualTo(1);
            assertThat(opened.unseen().remembered()).isEqualTo(1);
            Judgement without = plain.judge(ids(reworded), reworded);
            assertThat(without.scores()).as("without the fallback the reworded line is only unseen")
                    .isNotEqualTo(before.scores());
        }
        assertThat(FallbackFiles.present(bundle)).isTrue();
        settings.fallback = "off";
        Trainer.train(sequences, "sequences", Map.of(), settings, 0, bundle, message -> { });
        assertThat(FallbackFiles.present(bundle)).as("retrained without a fallback into the same directory").isFalse();
    }

    private static long[] ids(String[] messages) {
        long[] ids = new long[messages.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = TemplateIds.of(messages[i]);
        }
        return ids;
    }

    @Test
    void theJobJudgesRewordedSequencesAsTheOriginalsWithTheBundlesFallbackOnly() throws Exception {
        List<LogSequence> sequences = sequences(new Random(7), 400);
        TrainingSettings settings = new TrainingSettings();
        settings.members = new java.util.LinkedHashSet<>(List.of("dt", "knn", "mlp"));
        settings.validation = 0;
        List<LogSequence> test = new ArrayList<>();
        for (LogSequence s : sequences(new Random(11), 40)) {
            test.add(s);
            String[] reworded = s.messages.clone();
            for (int j = 0; j < reworded.length; j++) {
                reworded[j] = reworded[j].equals(KNOWN_FAILURE) ? REWORDED_FAILURE : reworded[j];
            }
            test.add(new LogSequence(s.key + "-reworded", s.start, s.end, ids(reworded), reworded, s.label));
        }
        Map<String, double[]> with = judgedByTheJob(sequences, settings, "0.9", test);
        Map<String, double[]> without = judgedByTheJob(sequences, settings, "off", test);
        int differs = 0;
        for (LogSequence s : test) {
            if (s.key.endsWith("-reworded")) {
                String original = s.key.substring(0, s.key.length() - "-reworded".length());
                assertThat(with.get(s.key)).as(s.key).containsExactly(with.get(original));
                differs += java.util.Arrays.equals(without.get(s.key), without.get(original)) ? 0 : 1;
            }
        }
        assertThat(differs).as("reworded windows the bundle without a fallback scores differently").isPositive();
    }

    /** Every test sequence's member scores, by key, from the job's verdicts with a bundle trained with {@code fallback}. */
    private Map<String, double[]> judgedByTheJob(List<LogSequence> train, TrainingSettings settings, String fallback,
                                                 List<LogSequence> test) throws Exception {
        settings.fallback = fallback;
        Path bundle = dir.resolve("bundle-" + fallback);
        Trainer.train(train, "sequences", Map.of(), settings, 0, bundle, message -> { });
        Path verdicts = dir.resolve("verdicts-" + fallback);
        TestSetRun.run(test, bundle, new org.apache.flink.configuration.Configuration(), 2, verdicts);
        Map<String, double[]> scores = new java.util.HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : java.nio.file.Files.readAllLines(verdicts.resolve("verdicts.jsonl"))) {
            JsonNode v = json.readTree(line);
            scores.put(v.get("key").asText(), json.treeToValue(v.get("scores"), double[].class));
        }
        assertThat(scores).hasSize(test.size());
        return scores;
    }

    /** Windows of BGL-like messages; the anomalous ones hold the ciod failure. */
    static List<LogSequence> sequences(Random random, int n) {
        List<LogSequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean anomalous = i % 4 == 0;
            List<String> m = new ArrayList<>();
            int length = 5 + random.nextInt(10);
            for (int j = 0; j < length; j++) {
                m.add(KNOWN[1 + random.nextInt(KNOWN.length - 1)]);
            }
            if (anomalous) {
                m.set(random.nextInt(length), KNOWN_FAILURE);
            }
            String[] messages = m.toArray(new String[0]);
            out.add(new LogSequence("w" + i, i * 1000L, i * 1000L + 999, ids(messages), messages,
                    anomalous ? Labels.ANOMALOUS : Labels.NORMAL));
        }
        return out;
    }
}
