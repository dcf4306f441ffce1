package dev.logsieve.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HdfsLogGeneratorTest {

    private static final GeneratorOptions BIG = GeneratorOptions.defaults().withBlocks(20_000).withBlocksPerSecond(10);
    private static List<String> bigLines;
    private static Map<String, String> bigLabels;

    @BeforeAll
    static void generateOnce() {
        HdfsLogGenerator g = new HdfsLogGenerator(BIG);
        Map<String, String> labels = new LinkedHashMap<>();
        bigLines = g.lines(l -> labels.put(l.blockId(), l.label())).collect(Collectors.toList());
        bigLabels = labels;
    }

    private static List<String> generate(GeneratorOptions o) {
        return new HdfsLogGenerator(o).lines().collect(Collectors.toList());
    }

    @Test
    void sameSeedGivesTheSameLinesAndDifferentSeedsDiffer() {
        GeneratorOptions o = GeneratorOptions.defaults().withBlocks(300);
        List<String> a = generate(o);
        List<String> b = generate(o);
        List<String> c = generate(o.withSeed(7));
        assertThat(a).hasSizeGreaterThan(3_000).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        Set<String> idsA = HdfsTestLogs.sequences(a).keySet();
        Set<String> idsC = HdfsTestLogs.sequences(c).keySet();
        assertThat(idsC).doesNotContainAnyElementsOf(idsA);
        assertThat(new HdfsLogGenerator(o).labels()).isEqualTo(new HdfsLogGenerator(o).labels());
    }

    @Test
    void everyLineHasTheHdfsShapeAndNamesABlock() {
        assertThat(bigLines).allSatisfy(line -> {
            assertThat(line).matches(HdfsTestLogs.LINE);
            assertThat(HdfsTestLogs.blockIds(line)).hasSize(1);
        });
    }

    @Test
    void labelsAndLogNameTheSameBlocks() {
        Set<String> inLog = HdfsTestLogs.sequences(bigLines).keySet();
        assertThat(bigLabels).hasSize(BIG.blocks());
        assertThat(inLog).isEqualTo(bigLabels.keySet());
        assertThat(new HdfsLogGenerator(BIG).labels()).isEqualTo(bigLabels);
    }

    @Test
    void anomalousFractionFollowsTheOption() {
        long anomalies = bigLabels.values().stream().filter("Anomaly"::equals).count();
        assertThat(anomalies / (double) bigLabels.size()).isCloseTo(0.03, within(0.005));

        Map<String, String> many = new HdfsLogGenerator(GeneratorOptions.defaults().withBlocks(5_000)
                .withAnomalyFraction(0.2)).labels();
        double f = many.values().stream().filter("Anomaly"::equals).count() / 5_000.0;
        assertThat(f).isCloseTo(0.2, within(0.02));
        assertThat(new HdfsLogGenerator(GeneratorOptions.defaults().withAnomalyFraction(0)).labels())
                .doesNotContainValue("Anomaly");
    }

    @Test
    void blocksLookLikeTheRealSampleOnAverage() {
        double perBlock = bigLines.size() / (double) BIG.blocks();
        assertThat(perBlock).isBetween(16.0, 22.0); // real sample: 19.4
        assertThat(perBlock).isCloseTo(GeneratorOptions.MEAN_LINES_PER_BLOCK, within(0.5));
        long warn = bigLines.stream().filter(l -> l.contains(" WARN ")).count();
        assertThat(warn / (double) bigLines.size()).isBetween(0.015, 0.06); // real sample: 3.3 %
        int max = HdfsTestLogs.sequences(bigLines).values().stream().mapToInt(List::size).max().orElseThrow();
        assertThat(max).isLessThanOrEqualTo(60); // real sample: 48
    }

    @Test
    void normalBlocksVary() {
        Map<String, List<String>> seqs = HdfsTestLogs.sequences(bigLines);
        Set<Map<String, Long>> shapes = new HashSet<>();
        int normal = 0;
        int verified = 0;
        int served = 0;
        int deleted = 0;
        for (Map.Entry<String, List<String>> e : seqs.entrySet()) {
            if (!bigLabels.get(e.getKey()).equals("Normal")) continue;
            normal++;
            List<String> s = e.getValue();
            shapes.add(s.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())));
            if (s.stream().anyMatch(t -> t.contains("Verification succeeded"))) verified++;
            if (s.stream().anyMatch(t -> t.contains("Served block"))) served++;
            if (s.stream().anyMatch(t -> t.contains("invalidSet"))) deleted++;
        }
        // real sample, normal blocks: 14 % verified, 24 % served, 81 % deleted
        assertThat(verified / (double) normal).isBetween(0.10, 0.18);
        assertThat(served / (double) normal).isBetween(0.19, 0.29);
        assertThat(deleted / (double) normal).isBetween(0.76, 0.86);
        assertThat(shapes.size()).as("distinct template-count vectors of normal blocks").isGreaterThan(100);
    }

    @Test
    void templatesAreThoseOfTheRealSample() throws IOException {
        Path sample = SharedData.require("hdfs/HDFS_sample.log.gz");
        Map<String, Integer> real = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) real.merge(HdfsTestLogs.template(line), 1, Integer::sum);
        }
        Map<String, Integer> generated = new HashMap<>();
        for (String line : bigLines) generated.merge(HdfsTestLogs.template(line), 1, Integer::sum);

        // loghub's E30 ("BLOCK* ask <*> to delete <*>") is in the full HDFS_v1 log but not in the sample
        Set<String> extra = new HashSet<>(generated.keySet());
        extra.removeAll(real.keySet());
        assertThat(extra).containsOnly("INFO dfs.FSNamesystem: BLOCK* ask <*> to delete  <*>");
        Set<String> frequentReal = real.entrySet().stream().filter(e -> e.getValue() >= 10)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(frequentReal).hasSizeGreaterThanOrEqualTo(18);
        assertThat(generated.keySet()).containsAll(frequentReal);

        // the ten most frequent templates have about the same share of lines
        long realTotal = real.values().stream().mapToLong(Integer::longValue).sum();
        List<String> top = real.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(10).map(Map.Entry::getKey).toList();
        for (String t : top) {
            double realShare = real.get(t) / (double) realTotal;
            double genShare = generated.getOrDefault(t, 0) / (double) bigLines.size();
            assertThat(genShare).as(t).isBetween(realShare * 0.6, realShare * 1.5);
        }
    }

    @Test
    void anomaliesAreSeparableByASimpleRule() {
        Map<String, List<String>> seqs = HdfsTestLogs.sequences(bigLines);
        int tp = 0, fn = 0, fp = 0, tn = 0;
        for (Map.Entry<String, List<String>> e : seqs.entrySet()) {
            boolean flagged = HdfsTestLogs.looksAnomalous(e.getValue());
            boolean anomaly = bigLabels.get(e.getKey()).equals("Anomaly");
            if (anomaly) {
                if (flagged) tp++; else fn++;
            } else {
                if (flagged) fp++; else tn++;
            }
        }
        assertThat(tp / (double) (tp + fn)).as("recall").isGreaterThanOrEqualTo(0.99);
        assertThat(fp / (double) (fp + tn)).as("false-positive rate").isLessThan(0.01);
        assertThat(fp).as("normal blocks with a re-replication look odd too, as in HDFS_v1").isGreaterThan(0);
    }

    @ParameterizedTest
    @EnumSource(AnomalyKind.class)
    void everyFaultKindIsVisible(AnomalyKind kind) {
        GeneratorOptions o = GeneratorOptions.defaults().withBlocks(400).withAnomalyFraction(1.0)
                .withKinds(EnumSet.of(kind)).withSeed(kind.ordinal() + 100);
        HdfsLogGenerator g = new HdfsLogGenerator(o);
        Map<String, List<String>> seqs = HdfsTestLogs.sequences(g.lines().toList());
        assertThat(seqs).hasSize(400);
        long flagged = seqs.values().stream().filter(HdfsTestLogs::looksAnomalous).count();
        assertThat(flagged).as(kind + " blocks flagged").isEqualTo(400);
        if (kind != AnomalyKind.SHUFFLED && kind != AnomalyKind.MISSING_REPLICA) {
            long withExtraTemplate = seqs.values().stream().filter(s -> s.stream().anyMatch(t ->
                    t.startsWith("WARN dfs.FSDataset") || t.contains("Redundant") || t.contains("Exception")
                            || t.contains("exception java") || t.contains("does not belong") || t.contains("to delete")
                            || t.contains("Interrupted") || t.contains("empty packet"))).count();
            assertThat(withExtraTemplate).as(kind + " blocks with a fault template").isGreaterThan(kind == AnomalyKind.ABORTED_WRITE ? 250 : 395);
        }
    }

    @Test
    void timestampsNeverGoBackwardsWithoutJitter() {
        long prev = Long.MIN_VALUE;
        for (String line : bigLines) {
            long t = HdfsTestLogs.seconds(line);
            assertThat(t).isGreaterThanOrEqualTo(prev);
            prev = t;
        }
        long first = HdfsTestLogs.seconds(bigLines.get(0));
        assertThat(bigLines.get(0)).startsWith("081109 2035");
        long span = HdfsTestLogs.seconds(bigLines.get(bigLines.size() - 1)) - first;
        // 20,000 blocks at 10 per second, plus one block lifetime of 10 minutes
        assertThat(span).isBetween(2_000L + 400, 2_000L + 700);
    }

    @Test
    void jitterStaysWithinItsBound() {
        List<String> lines = generate(GeneratorOptions.defaults().withBlocks(1_000).withJitterSeconds(5));
        long max = Long.MIN_VALUE;
        int backwards = 0;
        for (String line : lines) {
            long t = HdfsTestLogs.seconds(line);
            if (max != Long.MIN_VALUE) {
                assertThat(t).isGreaterThanOrEqualTo(max - 5);
                if (t < max) backwards++;
            }
            max = Math.max(max, t);
        }
        assertThat(backwards).isGreaterThan(lines.size() / 10);
    }

    @Test
    void linesAreProducedLazily() {
        // a hundred million blocks: only the first few are ever simulated
        HdfsLogGenerator g = new HdfsLogGenerator(GeneratorOptions.defaults().withBlocks(100_000_000));
        long t0 = System.nanoTime();
        List<String> head = g.lines().limit(10_000).toList();
        assertThat(head).hasSize(10_000);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void writesGzippedLogAndLabels(@TempDir Path dir) throws IOException {
        GeneratorOptions o = GeneratorOptions.defaults().withBlocks(500);
        Path log = dir.resolve("HDFS.log.gz");
        Path labels = dir.resolve("anomaly_label.csv");
        List<Long> progress = new ArrayList<>();
        HdfsLogGenerator.Summary s = new HdfsLogGenerator(o).write(log, labels, progress::add);

        List<String> written;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(log)), StandardCharsets.UTF_8))) {
            written = r.lines().toList();
        }
        assertThat(written).isEqualTo(generate(o));
        assertThat(s.lines()).isEqualTo(written.size());
        assertThat(progress).isSorted().last().isEqualTo((long) written.size());

        List<String> labelLines = Files.readAllLines(labels);
        assertThat(labelLines.get(0)).isEqualTo("BlockId,Label");
        assertThat(labelLines).hasSize(501);
        assertThat(labelLines.subList(1, 501)).allMatch(l -> l.matches("blk_-?\\d+,(Normal|Anomaly)"));
        assertThat(s.blocks()).isEqualTo(500);
        assertThat(labelLines.stream().filter(l -> l.endsWith(",Anomaly")).count()).isEqualTo(s.anomalousBlocks());
        Map<String, String> expected = new HdfsLogGenerator(o).labels();
        assertThat(labelLines.subList(1, 501)).containsExactlyElementsOf(
                expected.entrySet().stream().map(e -> e.getKey() + "," + e.getValue()).toList());
    }
}
