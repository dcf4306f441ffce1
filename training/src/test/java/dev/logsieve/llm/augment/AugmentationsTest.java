package dev.logsieve.llm.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.llm.train.ClassifierTrainer.Augmentation;
import dev.logsieve.llm.train.TrainingExample;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TemplateDrift, UnfamiliarNormals and EvidenceTransplant on hand-made embeddings. */
class AugmentationsTest {

    private final float[] a = {1, 0};
    private final float[] b = {0, 1};
    private final float[] a1 = {0.9f, 0.1f};
    private final float[] a2 = {0.8f, 0.2f};
    private final float[] evidence = {-1, 0};
    private final float[] unfamiliar = {0.5f, 0.5f};

    private TrainingExample sequence(boolean anomalous) {
        return new TrainingExample(new float[][] {a, b, a, a, b, a}, anomalous);
    }

    private TemplateDrift drift(double rate) {
        IdentityHashMap<float[], float[][]> variants = new IdentityHashMap<>();
        variants.put(a, new float[][] {a1, a2});
        return new TemplateDrift(variants, rate);
    }

    @Test
    void driftRewordsEveryOccurrenceOfATemplateAlikeAndKeepsTheLabel() {
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            TrainingExample out = drift(1).apply(sequence(true), random);
            float[] first = out.messages()[0];
            assertThat(first).isIn(a1, a2);
            assertThat(out.messages()[2]).isSameAs(first);
            assertThat(out.messages()[5]).isSameAs(first);
            assertThat(out.messages()[1]).as("no variants: unchanged").isSameAs(b);
            assertThat(out.anomalous()).isTrue();
        }
        TrainingExample kept = drift(0).apply(sequence(false), random);
        assertThat(Arrays.asList(kept.messages())).containsExactly(a, b, a, a, b, a);
    }

    @Test
    void unfamiliarMessagesReplaceKnownNormalTemplatesOfNormalSequencesOnly() {
        Set<float[]> normal = Collections.newSetFromMap(new IdentityHashMap<>());
        normal.add(a);
        UnfamiliarNormals u = new UnfamiliarNormals(new float[][] {unfamiliar}, normal, 1);
        Random random = new Random(11);
        int changed = 0;
        for (int i = 0; i < 200; i++) {
            TrainingExample out = u.apply(sequence(false), random);
            assertThat(out.anomalous()).isFalse();
            assertThat(out.messages()[1]).as("not known as normal: kept").isSameAs(b);
            assertThat(out.messages()[0]).isSameAs(out.messages()[3]);
            changed += out.messages()[0] == unfamiliar ? 1 : 0;
        }
        assertThat(changed).as("replaced with a share drawn uniformly: about half the time").isBetween(70, 130);
        TrainingExample anomalous = sequence(true);
        assertThat(u.apply(anomalous, random)).isSameAs(anomalous);
        assertThatThrownBy(() -> new UnfamiliarNormals(new float[0][], normal, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transplantPlantsOneToMostEvidenceMessagesAndMakesTheSequenceAnomalous() {
        EvidenceTransplant t = new EvidenceTransplant(List.<float[][]>of(new float[][] {evidence}), 1, 3);
        Random random = new Random(2);
        for (int i = 0; i < 50; i++) {
            TrainingExample out = t.apply(sequence(false), random);
            long planted = Arrays.stream(out.messages()).filter(m -> m == evidence).count();
            assertThat(out.anomalous()).isTrue();
            assertThat(planted).isBetween(1L, 3L);
            assertThat(out.messages().length).isEqualTo(6);
        }
        TrainingExample anomalous = sequence(true);
        assertThat(t.apply(anomalous, random)).isSameAs(anomalous);
        TrainingExample normal = sequence(false);
        assertThat(new EvidenceTransplant(List.<float[][]>of(new float[][] {evidence}), 0, 3).apply(normal, random))
                .isSameAs(normal);
    }

    @Test
    void augmentationsChainInOrderAndRejectBadRates() {
        Set<float[]> normal = Collections.newSetFromMap(new IdentityHashMap<>());
        normal.add(a);
        normal.add(b);
        Augmentation chain = new EvidenceTransplant(List.<float[][]>of(new float[][] {evidence}), 1, 1)
                .then(new UnfamiliarNormals(new float[][] {unfamiliar}, normal, 1));
        TrainingExample out = chain.apply(sequence(false), new Random(4));
        assertThat(out.anomalous()).as("made anomalous first, so the unfamiliar step leaves it").isTrue();
        assertThat(Arrays.asList(out.messages())).doesNotContain(unfamiliar);
        assertThatThrownBy(() -> drift(1.5)).hasMessageContaining("drift rate must be in [0, 1]");
        assertThatThrownBy(() -> new EvidenceTransplant(List.of(), -0.1, 1)).hasMessageContaining("transplant rate");
    }
}
