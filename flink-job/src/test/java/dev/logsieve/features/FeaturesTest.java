package dev.logsieve.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void vocabularyIndexesTrainingTemplatesInIdOrder() {
        long[][] training = {{5, -3, 5}, {Long.MAX_VALUE, 0}};
        Vocabulary v = Vocabulary.build(training, id -> "t" + id);
        assertThat(v.size()).isEqualTo(4);
        // unsigned order: 0, 5, MAX, -3
        assertThat(v.ids()).containsExactly(0, 5, Long.MAX_VALUE, -3);
        assertThat(v.index(5)).isEqualTo(1);
        assertThat(v.index(-3)).isEqualTo(3);
        assertThat(v.index(42)).isEqualTo(-1);
        assertThat(v.text(1)).isEqualTo("t5");
        assertThat(v.textOf(42)).isNull();
        assertThat(Vocabulary.parseHex(Vocabulary.hex(-3))).isEqualTo(-3);
        assertThat(Vocabulary.hex(255)).isEqualTo("00000000000000ff");
    }

    @Test
    void mapHoldsManyKeys() {
        Random r = new Random(1);
        int n = 100_000;
        long[] ids = r.longs(n).distinct().toArray();
        Vocabulary v = Vocabulary.of(ids, null);
        for (int i = 0; i < ids.length; i++) {
            assertThat(v.index(ids[i])).isEqualTo(i);
        }
        assertThat(v.index(ids[0] + 1)).isIn(-1, v.index(ids[0] + 1));
    }

    @Test
    void featuresCountTemplatesAndUnseen() {
        Vocabulary v = Vocabulary.of(new long[] {10, 20}, null);
        FeatureExtractor counts = new FeatureExtractor(v, FeatureExtractor.Scaling.COUNTS);
        long[] seq = {10, 10, 20, 30, 40, 10};
        assertThat(counts.features(seq)).containsExactly(3, 1, 2);
        assertThat(counts.unseen(seq)).isEqualTo(2);
        assertThat(counts.dimension()).isEqualTo(3);

        FeatureExtractor log = new FeatureExtractor(v);
        assertThat(log.scaling()).isEqualTo(FeatureExtractor.Scaling.LOG1P);
        assertThat(log.features(seq)).containsExactly(Math.log1p(3), Math.log1p(1), Math.log1p(2));

        FeatureExtractor presence = new FeatureExtractor(v, FeatureExtractor.Scaling.PRESENCE);
        assertThat(presence.features(seq)).containsExactly(1, 1, Math.log1p(2));
        assertThat(presence.features(new long[0])).containsExactly(0, 0, 0);
    }
}
