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
    void aLineWithoutItsMessageGetsItsTemplatesTextBackWhereTheIdWasMadeFromIt() {
        // ids made from the texts by a stand-in hash: its length; "ab" is filed under a wrong id
        Vocabulary v = Vocabulary.of(new long[] {1, 3, 7, 9}, new String[] {"a", "abc", "ab", null});
        Vocabulary exact = v.withTexts(text -> text.length());
        assertThat(exact.ids()).as("only texts that give back their id").containsExactly(1, 3);
        assertThat(exact.textOf(3)).isEqualTo("abc");

        String[] full = {"a", "abc"};
        assertThat(exact.fill(new long[] {1, 3}, full)).as("nothing missing: the same array").isSameAs(full);
        assertThat(exact.fill(new long[] {1, 3, 42}, null)).containsExactly("a", "abc", null);
        assertThat(exact.fill(new long[] {3, 42, 1}, new String[] {null, "new one", null}))
                .containsExactly("abc", "new one", "a");
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

    @Test
    void aTemplateTheFallbackMapsCountsAsTheKnownOneWithItsWords() {
        Vocabulary v = Vocabulary.of(new long[] {10, 20}, new String[] {"disk failed", "block served"});
        WordVocabulary words = WordVocabulary.of(new String[] {"block", "disk", "failed", "served"}, v);
        FeatureExtractor counts = new FeatureExtractor(v, FeatureExtractor.Scaling.COUNTS, words);
        long[] seq = {20, 30, 40};
        String[] messages = {"block served", "disk has failed", "kernel panic"};
        // columns: 10, 20, unseen, then the words block, disk, failed, served
        assertThat(counts.features(seq, messages)).containsExactly(0, 1, 2, 1, 1, 1, 1);
        UnseenTemplates thirtyIsTen = (id, message) -> id == 30 && message != null ? 0 : -1;
        assertThat(counts.features(seq, messages, thirtyIsTen))
                .as("30 counts as template 10 with 10's words; 40 stays unseen and adds its own (none known)")
                .containsExactly(1, 1, 1, 1, 1, 1, 1);
        assertThat(counts.features(seq, null, thirtyIsTen)).as("no message, nothing to map").containsExactly(0, 1, 2, 1, 0, 0, 1);
        assertThat(counts.unseen(seq)).as("the verdict's count of new templates is unchanged").isEqualTo(2);
    }

    @Test
    void theFallbackTakesTheMostSimilarKnownTemplateAtOrAboveItsThreshold() {
        float[][] known = {{1, 0}, {0, 1}};
        TemplateFallback f = new TemplateFallback(known, 0.9);
        float[] near0 = {0.95f, (float) Math.sqrt(1 - 0.95 * 0.95)};
        assertThat(f.column(near0)).isZero();
        assertThat(f.nearest(near0).similarity()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-6));
        float[] between = {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)};
        assertThat(f.column(between)).as("0.707 < 0.9").isEqualTo(-1);
        assertThat(f.at(0.7).column(between)).isIn(0, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TemplateFallback(known, 1.5))
                .hasMessageContaining("cosine similarity");
    }

    @Test
    void wordsAreLowerCasedLetterRunsOfTwoOrMore() {
        assertThat(WordVocabulary.words("ciod: Error reading <*> on CioStream socket to 10.0.0.1:x"))
                .containsExactly("ciod", "error", "reading", "on", "ciostream", "socket", "to");
        assertThat(WordVocabulary.words(null)).isEmpty();
    }

    @Test
    void unseenTemplateWithKnownWordsStillMovesTheFeatures() {
        Vocabulary v = Vocabulary.of(new long[] {10, 20}, new String[] {"ciod: Error reading message prefix", "generating core <*>"});
        long[][] training = {{10, 20, 20}, {20}};
        WordVocabulary words = WordVocabulary.build(training, v, 2);
        // "ciod", "error", "reading", "message", "prefix" occur in one line only: dropped at min 2
        assertThat(words.words()).containsExactly("core", "generating");
        words = WordVocabulary.build(training, v, 1);
        assertThat(words.words()).containsExactly("ciod", "core", "error", "generating", "message", "prefix", "reading");

        FeatureExtractor fx = new FeatureExtractor(v, FeatureExtractor.Scaling.COUNTS, words);
        assertThat(fx.usesWords()).isTrue();
        assertThat(fx.dimension()).isEqualTo(2 + 1 + 7);
        assertThat(fx.unseenColumn()).isEqualTo(2);
        // known templates: words from the vocabulary text, messages not needed
        assertThat(fx.features(new long[] {10, 20})).containsExactly(1, 1, 0, 1, 1, 1, 1, 1, 1, 1);
        // an unseen template: only the unseen column without its message ...
        long[] seq = {77};
        assertThat(fx.features(seq)).containsExactly(0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
        // ... but its known words count when the message is given; unknown words ("socket") do not
        assertThat(fx.features(seq, new String[] {"ciod: Error reading message prefix on socket <*>"}))
                .containsExactly(0, 0, 1, 1, 0, 1, 0, 1, 1, 1);
        assertThat(fx.features(seq, new String[] {null})).containsExactly(fx.features(seq));

        FeatureExtractor log = new FeatureExtractor(v, FeatureExtractor.Scaling.LOG1P, words);
        assertThat(log.features(new long[] {20, 20})[4]).isEqualTo(Math.log1p(2)); // "core"
    }
}
