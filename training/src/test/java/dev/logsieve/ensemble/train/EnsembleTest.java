package dev.logsieve.ensemble.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Judgement;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MlpMember;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.FeatureExtractor;
import dev.logsieve.features.Vocabulary;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnsembleTest {
    private static final FeatureExtractor EXTRACTOR =
            new FeatureExtractor(Vocabulary.of(new long[] {1, 2, 3}, new String[] {"a", "b", "c"}));

    private static Ensemble of(Member... members) {
        return new Ensemble(EXTRACTOR, List.of(members));
    }

    @Test
    void tieIsNormal() {
        Judgement twoTwo = of(new Synthetic.Fixed("a", 1), new Synthetic.Fixed("b", 1), new Synthetic.Fixed("c", 0),
                new Synthetic.Fixed("d", 0)).judge(new long[] {1, 2});
        assertThat(twoTwo.label()).isEqualTo(Member.NORMAL);
        assertThat(twoTwo.score()).isEqualTo(0.5);
        assertThat(twoTwo.votes()).containsExactly(1, 1, 0, 0);

        Judgement oneOne = of(new Synthetic.Fixed("a", 1), new Synthetic.Fixed("b", 0)).judge(new long[] {1});
        assertThat(oneOne.anomalous()).isFalse();
    }

    @Test
    void majorityIsAnomalous() {
        Judgement j = of(new Synthetic.Fixed("a", 1), new Synthetic.Fixed("b", 1), new Synthetic.Fixed("c", 0))
                .judge(new long[] {1});
        assertThat(j.label()).isEqualTo(Member.ANOMALOUS);
        assertThat(j.score()).isEqualTo(2.0 / 3.0);
        assertThat(j.degraded()).isFalse();
    }

    @Test
    void unavailableMemberDegradesAndDoesNotCount() {
        Ensemble e = of(new Synthetic.Fixed("a", 1), new Synthetic.Fixed("b", 0), new Synthetic.Fixed("llm", Member.UNAVAILABLE));
        Judgement j = e.judge(new long[] {1});
        assertThat(j.degraded()).isTrue();
        assertThat(j.votes()).containsExactly(1, 0, Member.UNAVAILABLE);
        assertThat(j.label()).isEqualTo(Member.NORMAL); // 1 of 2 available: a tie
        assertThat(j.score()).isEqualTo(0.5);

        Judgement none = of(new Synthetic.Fixed("llm", Member.UNAVAILABLE)).judge(new long[] {1});
        assertThat(none.label()).isEqualTo(Member.NORMAL);
        assertThat(none.score()).isZero();
    }

    @Test
    void unseenTemplatesAreCounted() {
        Ensemble e = of(new Synthetic.Fixed("a", 0));
        long[] seq = {1, 2, 99, 99, 3, -7, Long.MIN_VALUE};
        assertThat(e.judge(seq).unseen()).isEqualTo(4);
        assertThat(EXTRACTOR.unseen(seq)).isEqualTo(4);
        assertThat(e.judge(new long[0]).unseen()).isZero();
        long[] many = new long[1000];
        java.util.Arrays.fill(many, 12345L);
        assertThat(e.judge(many).unseen()).isEqualTo(1000);
    }

    @Test
    void memberNamesMustDiffer() {
        assertThatThrownBy(() -> of(new Synthetic.Fixed("a", 0), new Synthetic.Fixed("a", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThat(of(new Synthetic.Fixed("a", 0)).with(new Synthetic.Fixed("llm", 1)).memberNames())
                .containsExactly("a", "llm");
    }

    @Test
    void trainsAndSeparatesSyntheticData() {
        LabeledData[] split = Synthetic.sequences(2000, 0.2, 3).randomSplit(0.8, 1);
        List<String> progress = new java.util.ArrayList<>();
        Ensemble e = new EnsembleTrainer(null, progress::add).train(split[0].ids, split[0].labels, Set.of("mlp", "dt", "knn"));
        assertThat(e.memberNames()).containsExactly("dt", "knn", "mlp");
        assertThat(progress).isNotEmpty();
        LabeledData.Scores[] s = LabeledData.evaluate(e, split[1]);
        System.out.print(LabeledData.report("synthetic", e, s));
        for (LabeledData.Scores score : s) {
            assertThat(score.f1()).isGreaterThan(0.7);
        }
        assertThat(s[3].f1()).isGreaterThan(0.9);
    }

    @Test
    void singleClassTrainingVotesThatClass() {
        LabeledData normal = Synthetic.sequences(200, 0.0, 5);
        Ensemble e = new EnsembleTrainer().train(normal.ids, normal.labels, EnsembleTrainer.MEMBERS);
        Judgement j = e.judge(new long[] {1, 2, 100, 100, 100});
        assertThat(j.votes()).containsExactly(0, 0, 0);
        assertThat(j.unseen()).isEqualTo(3);

        int[] allAnomalous = new int[normal.size()];
        java.util.Arrays.fill(allAnomalous, 1);
        Ensemble a = new EnsembleTrainer().train(normal.ids, allAnomalous, List.of("dt", "knn", "mlp"));
        assertThat(a.judge(new long[] {1, 2}).votes()).containsExactly(1, 1, 1);
    }

    @Test
    void sameSeedSamePredictions() {
        LabeledData data = Synthetic.sequences(1500, 0.3, 11);
        LabeledData probe = Synthetic.sequences(500, 0.3, 12);
        Ensemble first = new EnsembleTrainer().train(data.ids, data.labels, EnsembleTrainer.MEMBERS);
        Ensemble second = new EnsembleTrainer().train(data.ids, data.labels, EnsembleTrainer.MEMBERS);
        for (long[] seq : probe.ids) {
            assertThat(second.judge(seq)).isEqualTo(first.judge(seq));
        }
        // The MLP's raw output, not just the vote, is reproducible.
        MlpMember m1 = (MlpMember) first.members().get(2);
        MlpMember m2 = (MlpMember) second.members().get(2);
        double[] p1 = new double[2];
        double[] p2 = new double[2];
        for (long[] seq : probe.ids) {
            double[] x = first.featureExtractor().features(seq);
            m1.model().predict(x, p1);
            m2.model().predict(x, p2);
            assertThat(p2).containsExactly(p1);
        }
    }

    @Test
    void trainsFromLogSequencesWithTexts() {
        List<LogSequence> seqs = List.of(
                new LogSequence("a", 0, 1, new long[] {1, 2}, new String[] {"open <*>", "close <*>"}, 0),
                new LogSequence("b", 0, 1, new long[] {1, 3}, new String[] {"open <*>", "fail <*>"}, 1),
                new LogSequence("c", 0, 1, new long[] {1, 2, 2}, new String[] {"open <*>", "close <*>", "close <*>"}, 0));
        Ensemble e = new EnsembleTrainer().train(seqs, List.of("dt", "knn"));
        Vocabulary v = e.featureExtractor().vocabulary();
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.textOf(3)).isEqualTo("fail <*>");
        assertThat(e.judge(new long[] {1, 3}).label()).isEqualTo(Member.ANOMALOUS);
        assertThat(e.judge(new long[] {1, 2}).label()).isEqualTo(Member.NORMAL);
        assertThatThrownBy(() -> new EnsembleTrainer().train(seqs, List.of("svm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("svm");
    }
}
