package dev.logsieve.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.train.EnsembleTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    private static long[][] train;
    private static int[] labels;
    private static long[][] probe;
    private static Ensemble ensemble;

    /** Template ids are random 64-bit values (like real hashes); anomalies carry a rare template or a long run. */
    @BeforeAll
    static void train() {
        Random r = new Random(9);
        long[] templates = r.longs(40).toArray();
        train = new long[3000][];
        labels = new int[train.length];
        for (int i = 0; i < train.length; i++) {
            labels[i] = r.nextDouble() < 0.25 ? 1 : 0;
            train[i] = sequence(r, templates, labels[i] == 1);
        }
        probe = new long[1000][];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = sequence(r, templates, r.nextBoolean());
            if (i % 10 == 0) {
                probe[i][0] = r.nextLong(); // unseen template
            }
        }
        MemberSettings s = new MemberSettings();
        s.mlpEpochs = 10;
        ensemble = new EnsembleTrainer(s, null).train(train, labels, id -> "template " + Long.toHexString(id),
                EnsembleTrainer.MEMBERS);
    }

    private static long[] sequence(Random r, long[] templates, boolean anomalous) {
        long[] s = new long[5 + r.nextInt(30)];
        for (int j = 0; j < s.length; j++) {
            s[j] = templates[r.nextInt(30)];
        }
        if (anomalous) {
            s[r.nextInt(s.length)] = templates[30 + r.nextInt(10)];
        }
        return s;
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.format = "hdfs";
        Map<String, Object> grouping = new LinkedHashMap<>();
        grouping.put("session", "blk_-?\\d+");
        grouping.put("gap", "PT30M");
        m.grouping = grouping;
        m.trainingDataSha256 = "ab".repeat(32);
        m.counts.put("sequences", (long) train.length);
        m.counts.put("anomalous", 750L);
        m.counts.put("lines", 60_000L);
        return m;
    }

    @Test
    void roundTripGivesSameJudgementsAndManifest(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("models");
        ModelBundle.write(bundle, ensemble, manifest());
        assertThat(bundle.resolve("manifest.json")).exists();
        assertThat(bundle.resolve("vocabulary.json")).exists();
        assertThat(bundle.resolve("dt.ser")).exists();
        assertThat(bundle.resolve("knn.ser")).exists();
        assertThat(bundle.resolve("mlp.ser")).exists();

        LoadedBundle loaded = ModelBundle.read(bundle);
        Ensemble back = loaded.ensemble();
        assertThat(back.memberNames()).containsExactly("dt", "knn", "mlp");
        int anomalous = 0;
        for (long[] seq : probe) {
            assertThat(back.judge(seq)).isEqualTo(ensemble.judge(seq));
            anomalous += ensemble.judge(seq).label();
        }
        assertThat(anomalous).isBetween(100, 900);

        Manifest m = loaded.manifest();
        assertThat(m.formatVersion).isEqualTo(ModelBundle.FORMAT_VERSION);
        assertThat(m.kind).isEqualTo(ModelBundle.KIND);
        assertThat(m.format).isEqualTo("hdfs");
        assertThat(m.grouping).containsEntry("session", "blk_-?\\d+").containsEntry("gap", "PT30M");
        assertThat(m.trainingDataSha256).isEqualTo("ab".repeat(32));
        assertThat(m.counts).containsEntry("sequences", 3000L).containsEntry("lines", 60_000L);
        assertThat(m.members).containsExactly("dt", "knn", "mlp");
        assertThat(m.memberSettings).isEqualTo(ensemble.settings());
        assertThat(m.memberSettings.mlpEpochs).isEqualTo(10);
        assertThat(m.vocabularySize).isEqualTo(40).isEqualTo(back.featureExtractor().vocabulary().size());
        assertThat(m.versions.get("smile")).isEqualTo("3.1.1");
        assertThat(m.versions.get("flink")).isNotEqualTo("unknown");
        assertThat(m.versions.get("java")).isEqualTo(System.getProperty("java.version"));
        assertThat(java.time.Instant.parse(m.createdAt)).isNotNull();
        assertThat(m.logsieveVersion).isNotNull();
        assertThat(m.files).containsKeys("vocabulary.json", "dt.ser", "knn.ser", "mlp.ser");

        long id = back.featureExtractor().vocabulary().id(0);
        assertThat(back.featureExtractor().vocabulary().text(0)).isEqualTo("template " + Long.toHexString(id));
        ObjectNode vocab = (ObjectNode) new ObjectMapper().readTree(bundle.resolve("vocabulary.json").toFile());
        assertThat(vocab.get("templates").get(String.format("%016x", id)).get("index").asInt()).isZero();
    }

    @Test
    void wordFeaturesRoundTrip(@TempDir Path dir) throws Exception {
        String[] texts = {"ciod: Error reading message prefix after <*> on CioStream socket", "rts panic! - stopping execution",
            "instruction cache parity error corrected", "generating core <*>", "idoproxydb hit ASSERT condition"};
        long[] ids = {11, 22, 33, 44, 55};
        Random r = new Random(3);
        long[][] seqs = new long[400][];
        int[] y = new int[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            y[i] = i % 4 == 0 ? 1 : 0;
            seqs[i] = new long[] {ids[2 + r.nextInt(3)], ids[2 + r.nextInt(3)], y[i] == 1 ? ids[r.nextInt(2)] : ids[3]};
        }
        MemberSettings s = new MemberSettings();
        s.mlpEpochs = 5;
        Ensemble trained = new EnsembleTrainer(s, null).train(seqs, y, id -> texts[(int) id / 11 - 1], EnsembleTrainer.MEMBERS);
        assertThat(trained.featureExtractor().usesWords()).isTrue();
        assertThat(trained.needsMessages()).isTrue();
        assertThat(trained.readsMessagesOfUnseenOnly()).isTrue();
        Path bundle = dir.resolve("words");
        ModelBundle.write(bundle, trained, manifest());
        Ensemble back = ModelBundle.read(bundle).ensemble();
        assertThat(back.featureExtractor().words().words()).containsExactly(trained.featureExtractor().words().words());
        assertThat(back.needsMessages()).isTrue();
        long[] unseen = {33, 44, 999};
        String[] messages = {null, null, "ciod: Error reading message prefix on CioStream socket to <*>"};
        assertThat(back.featureExtractor().features(unseen, messages))
                .containsExactly(trained.featureExtractor().features(unseen, messages));
        assertThat(back.judge(unseen, messages)).isEqualTo(trained.judge(unseen, messages));
        assertThat(back.judge(unseen)).isEqualTo(trained.judge(unseen));
    }

    @Test
    void missingMemberFileIsNamed(@TempDir Path dir) throws Exception {
        ModelBundle.write(dir, ensemble, manifest());
        Files.delete(dir.resolve("knn.ser"));
        assertThatThrownBy(() -> ModelBundle.read(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("missing file knn.ser");
    }

    @Test
    void corruptMemberFileIsNamed(@TempDir Path dir) throws Exception {
        ModelBundle.write(dir, ensemble, manifest());
        byte[] bytes = Files.readAllBytes(dir.resolve("mlp.ser"));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dir.resolve("mlp.ser"), bytes);
        assertThatThrownBy(() -> ModelBundle.read(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("mlp.ser").hasMessageContaining("corrupt");
    }

    @Test
    void garbageMemberFileIsNamedEvenWithoutChecksum(@TempDir Path dir) throws Exception {
        ModelBundle.write(dir, ensemble, manifest());
        Files.write(dir.resolve("dt.ser"), new byte[] {1, 2, 3});
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(dir.resolve("manifest.json").toFile());
        ((ObjectNode) m.get("files")).put("dt.ser", ModelBundle.sha256(dir.resolve("dt.ser")));
        json.writeValue(dir.resolve("manifest.json").toFile(), m);
        assertThatThrownBy(() -> ModelBundle.read(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("cannot read dt.ser");
    }

    @Test
    void otherFormatVersionIsRefused(@TempDir Path dir) throws Exception {
        ModelBundle.write(dir, ensemble, manifest());
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(dir.resolve("manifest.json").toFile());
        m.put("formatVersion", 99);
        json.writeValue(dir.resolve("manifest.json").toFile(), m);
        assertThatThrownBy(() -> ModelBundle.read(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("manifest.json").hasMessageContaining("formatVersion 99");
    }

    @Test
    void missingManifestOrVocabularyIsNamed(@TempDir Path dir) throws Exception {
        ModelBundle.write(dir, ensemble, manifest());
        Files.delete(dir.resolve("vocabulary.json"));
        assertThatThrownBy(() -> ModelBundle.read(dir)).hasMessageContaining("missing file vocabulary.json");
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> ModelBundle.read(dir)).hasMessageContaining("missing file manifest.json");
    }
}
