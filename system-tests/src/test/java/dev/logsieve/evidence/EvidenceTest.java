package dev.logsieve.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.AnomalyKind;
import dev.logsieve.generate.BlockLabel;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.BackfillJob;
import dev.logsieve.testing.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every anomalous verdict says which lines made it so, and for the generator's faults those are the
 * lines the fault added: a backfill of generated HDFS blocks with models trained on other blocks.
 * Each member gives its reason, consistent with its vote: the tree's leaf, KNN's nearest block, the
 * MLP's most influential template.
 */
class EvidenceTest {
    private static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");
    @TempDir
    Path dir;

    @Test
    void anomalousVerdictsNameTheLinesTheFaultAdded() throws Exception {
        Path bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 800, 1);
        HdfsLogGenerator generator = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(7).withBlocks(600)
                .withAnomalyFraction(0.15));
        Path log = dir.resolve("test.log");
        Path labels = dir.resolve("labels.csv");
        generator.write(log, labels);
        Map<String, AnomalyKind> faults = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            BlockLabel l = generator.label(i);
            faults.put(l.blockId(), l.kind());
        }
        // The blocks whose fault added a line of its own (some faults only leave lines out, or reorder them).
        Set<String> added = new HashSet<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = BLOCK.matcher(line);
            if (m.find() && faults.get(m.group()) != null && faults.get(m.group()).addedLines().stream().anyMatch(line::contains)) {
                added.add(m.group());
            }
        }
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(EvalOptions.LABELS, labels.toString());
        Path out = dir.resolve("out");
        new BackfillJob(List.of(log), bundle, out, conf, 2).run(null);

        ObjectMapper json = new ObjectMapper();
        int anomalous = 0;
        int withMarkers = 0;
        int pointed = 0;
        int treeNamed = 0;
        int mlpNamed = 0;
        List<String> missed = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("verdicts.jsonl"))) {
            JsonNode v = json.readTree(line);
            if (v.get("label").asInt() != 1) {
                assertThat(v.get("evidence").isNull()).as("a normal verdict carries no evidence").isTrue();
                continue;
            }
            anomalous++;
            JsonNode evidence = v.get("evidence").get("lines");
            assertThat(evidence.size()).as("evidence lines of " + v.get("key")).isGreaterThanOrEqualTo(1);
            for (JsonNode e : evidence) {
                assertThat(e.get("position").asInt()).isBetween(1, v.get("length").asInt());
                assertThat(e.get("why").asText()).isIn("unseen", "only-anomalous", "mostly-anomalous", "rare", "count", "most-anomalous");
            }
            JsonNode reasons = v.get("evidence").get("members");
            assertThat(reasons).as("one reason per member").hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode r = reasons.get(i);
                assertThat(r.get("member").asText()).isEqualTo(v.get("members").get(i).asText());
                assertThat(r.get("summary").asText()).startsWith(r.get("member").asText()
                        + (v.get("votes").get(i).asInt() == 1 ? " anomalous (" : " normal ("));
            }
            JsonNode dt = reasons.get(0);
            assertThat(dt.get("path")).as("the tree's path").isNotEmpty();
            // the leaf the path ends in is the one the tree voted from
            assertThat(2 * dt.get("leafAnomalous").asLong() > dt.get("leafSequences").asLong())
                    .isEqualTo(v.get("votes").get(0).asInt() == 1);
            JsonNode knn = reasons.get(1);
            assertThat(knn.get("neighbours")).isNotEmpty();
            assertThat(knn.get("neighbours").get(0).get("key").asText()).matches("blk_-?\\d+(@\\d+)?");
            // k = 1: the member votes as its nearest training point is labelled
            assertThat(knn.get("neighbours").get(0).get("label").asInt()).isEqualTo(v.get("votes").get(1).asInt());
            AnomalyKind kind = faults.get(v.get("key").asText());
            if (!added.contains(v.get("key").asText())) {
                continue; // a false alarm, or a fault that added no line of its own
            }
            withMarkers++;
            boolean treeNames = false;
            for (JsonNode step : dt.get("path")) {
                treeNames |= !step.get("atMostBranch").asBoolean() && step.has("text")
                        && kind.addedLines().stream().anyMatch(step.get("text").asText()::contains);
            }
            treeNamed += treeNames ? 1 : 0;
            JsonNode topMlp = reasons.get(2).get("influences").get(0);
            mlpNamed += topMlp != null && topMlp.has("text")
                    && kind.addedLines().stream().anyMatch(topMlp.get("text").asText()::contains) ? 1 : 0;
            boolean found = false;
            for (JsonNode e : evidence) {
                String text = e.path("text").asText("");
                found |= kind.addedLines().stream().anyMatch(text::contains);
            }
            if (found) {
                pointed++;
            } else {
                missed.add(kind + " " + evidence);
            }
        }
        System.out.printf("evidence: %d anomalous verdicts, each naming a line; of %d detected faults that added lines, "
                + "%d name one of them (%.1f %%)%n", anomalous, withMarkers, pointed, 100.0 * pointed / withMarkers);
        System.out.printf("member reasons: of those %d, the tree's path tests a line the fault added in %d, the MLP's most "
                + "influential template is one in %d%n", withMarkers, treeNamed, mlpNamed);
        assertThat(anomalous).isGreaterThan(40);
        assertThat(withMarkers).isGreaterThan(30);
        assertThat((double) pointed / withMarkers).as("detected faults whose evidence names a line the fault added; missed: "
                + missed).isGreaterThanOrEqualTo(0.9);
        // Measured at seed 7: 64 of 72. The tree names such a line in only 3: on these blocks it learned
        // other tests (fewer 'Received block' lines, more 'addStoredBlock' words), and its path says so.
        assertThat((double) mlpNamed / withMarkers).as("detected faults whose MLP reason puts an added line first")
                .isGreaterThanOrEqualTo(0.75);
    }
}
