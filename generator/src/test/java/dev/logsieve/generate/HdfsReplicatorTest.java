package dev.logsieve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HdfsReplicatorTest {

    @TempDir
    Path dir;
    private Path log;
    private Path labels;
    private List<String> original;
    private Map<String, String> originalLabels;

    @BeforeEach
    void smallLog() throws IOException {
        log = dir.resolve("small.log");
        labels = dir.resolve("anomaly_label.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withBlocks(300).withAnomalyFraction(0.1)).write(log, labels);
        original = Files.readAllLines(log);
        originalLabels = readLabels(labels);
    }

    private static Map<String, String> readLabels(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p);
        assertThat(lines.get(0)).isEqualTo("BlockId,Label");
        Map<String, String> m = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] kv = l.split(",");
            assertThat(m.put(kv[0], kv[1])).as("duplicate label for " + kv[0]).isNull();
        }
        return m;
    }

    @Test
    void twoInterleavedCopiesHaveTwiceTheLinesAndFreshIds() throws IOException {
        Path out = dir.resolve("x2.log.gz");
        Path outLabels = dir.resolve("x2_labels.csv");
        List<Long> progress = new ArrayList<>();
        HdfsReplicator.Summary s = new HdfsReplicator().replicate(log, labels, 2, out, outLabels, progress::add);

        List<String> lines;
        try (var r = LogFiles.reader(out)) {
            lines = r.lines().toList();
        }
        assertThat(lines).hasSize(2 * original.size());
        assertThat(s.linesIn()).isEqualTo(original.size());
        assertThat(s.linesOut()).isEqualTo(lines.size());
        assertThat(progress).last().isEqualTo((long) lines.size());

        // copy k of line i is line 2i+k: same text once the ids are masked, time order kept
        Set<String> copy0 = new HashSet<>();
        Set<String> copy1 = new HashSet<>();
        Map<String, String> idMap0 = new HashMap<>();
        for (int i = 0; i < original.size(); i++) {
            String o = original.get(i);
            String a = lines.get(2 * i);
            String b = lines.get(2 * i + 1);
            assertThat(HdfsTestLogs.template(a)).isEqualTo(HdfsTestLogs.template(o));
            assertThat(a.replaceAll("blk_-?\\d+", "B")).isEqualTo(o.replaceAll("blk_-?\\d+", "B"));
            assertThat(b.replaceAll("blk_-?\\d+", "B")).isEqualTo(o.replaceAll("blk_-?\\d+", "B"));
            String oid = HdfsTestLogs.blockIds(o).get(0);
            String aid = HdfsTestLogs.blockIds(a).get(0);
            String prev = idMap0.putIfAbsent(oid, aid);
            assertThat(prev == null || prev.equals(aid)).as("consistent id for " + oid).isTrue();
            copy0.add(aid);
            copy1.add(HdfsTestLogs.blockIds(b).get(0));
        }
        assertThat(copy0).hasSize(originalLabels.size()).doesNotContainAnyElementsOf(copy1)
                .doesNotContainAnyElementsOf(originalLabels.keySet());
        assertThat(copy1).hasSize(originalLabels.size()).doesNotContainAnyElementsOf(originalLabels.keySet());

        Map<String, String> newLabels = readLabels(outLabels);
        assertThat(newLabels).hasSize(2 * originalLabels.size());
        Set<String> all = new HashSet<>(copy0);
        all.addAll(copy1);
        assertThat(newLabels.keySet()).isEqualTo(all);
        idMap0.forEach((oid, nid) -> assertThat(newLabels.get(nid)).isEqualTo(originalLabels.get(oid)));
        assertThat(newLabels.values().stream().filter("Anomaly"::equals).count())
                .isEqualTo(2 * originalLabels.values().stream().filter("Anomaly"::equals).count());
    }

    @Test
    void copiesToSeparateFilesAreConsistent() throws IOException {
        Path outDir = dir.resolve("copies");
        HdfsReplicator.Summary s = new HdfsReplicator(99).replicateToFiles(log, labels, 3, outDir, null);
        assertThat(s.linesOut()).isEqualTo(3L * original.size());
        Set<String> seen = new HashSet<>(originalLabels.keySet());
        for (int k = 0; k < 3; k++) {
            List<String> lines = Files.readAllLines(HdfsReplicator.copyPath(outDir, k, log));
            Map<String, String> lab = readLabels(HdfsReplicator.copyPath(outDir, k, labels));
            assertThat(lines).hasSize(original.size());
            Set<String> ids = HdfsTestLogs.sequences(lines).keySet();
            assertThat(ids).isEqualTo(lab.keySet());
            assertThat(seen).as("ids of copy " + k + " are new").doesNotContainAnyElementsOf(ids);
            seen.addAll(ids);
            long anomalies = lab.values().stream().filter("Anomaly"::equals).count();
            assertThat(anomalies).isEqualTo(originalLabels.values().stream().filter("Anomaly"::equals).count());
        }
    }

    @Test
    void remapsEveryIdOnALineAndLeavesTheRestAlone() {
        HdfsReplicator r = new HdfsReplicator();
        String multi = "081111 065254 19 INFO dfs.FSNamesystem: BLOCK* ask 10.250.17.177:50010 to delete  "
                + "blk_-8570780307468499817 blk_-9122557405432088649 blk_-8570780307468499817";
        String m = r.remapLine(multi, 0);
        List<String> ids = HdfsTestLogs.BLOCK.matcher(m).results().map(java.util.regex.MatchResult::group).toList();
        assertThat(ids).hasSize(3).doesNotContain("blk_-8570780307468499817", "blk_-9122557405432088649");
        assertThat(ids.get(0)).isEqualTo(ids.get(2)).isNotEqualTo(ids.get(1));
        assertThat(m).startsWith("081111 065254 19 INFO dfs.FSNamesystem: BLOCK* ask 10.250.17.177:50010 to delete  blk_");
        assertThat(ids.get(0)).isEqualTo("blk_" + r.remapId(-8570780307468499817L, 0));
        assertThat(r.remapLine(multi, 1)).isNotEqualTo(m);

        String unchanged = "081109 203531 145 INFO x: no block here, blk_ alone, blk_x";
        assertThat(r.remapLine(unchanged, 3)).isEqualTo(unchanged);
        assertThat(r.remapLine("Deleting block blk_42 file /mnt/blk_42", 0))
                .isEqualTo("Deleting block blk_" + r.remapId(42, 0) + " file /mnt/blk_" + r.remapId(42, 0));
    }
}
