package dev.logsieve.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each vote rule combines the members' scores, with members missing, and how a bundle keeps it. */
class VoteRuleTest {
    private static final String[] NAMES = {"dt", "knn", "mlp", "llm"};
    private static final double NA = Double.NaN;

    @Test
    void majorityIsTheShareOfVotesAndATieIsNormal() {
        VoteRule r = VoteRule.majority();
        double twoOfFour = r.combine(NAMES, new double[] {0.9, 0.6, 0.2, 0.0});
        assertThat(twoOfFour).isEqualTo(0.5);
        assertThat(r.anomalous(twoOfFour)).isFalse();
        // an unavailable member does not count: 2 of 3
        double twoOfThree = r.combine(NAMES, new double[] {0.9, 0.6, 0.2, NA});
        assertThat(twoOfThree).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.anomalous(twoOfThree)).isTrue();
        assertThat(r.combine(NAMES, new double[] {NA, NA, NA, NA})).isZero();
    }

    @Test
    void averageAndWeightedCompareTheirMeanWithTheThreshold() {
        double[] scores = {0.9, 0.1, 0.2, 0.8};
        assertThat(VoteRule.average(0.5).combine(NAMES, scores)).isCloseTo(0.5, within(1e-12));
        assertThat(VoteRule.average(0.5).anomalous(0.5)).isTrue(); // at or above
        assertThat(VoteRule.average(0.6).anomalous(0.5)).isFalse();
        VoteRule w = VoteRule.weighted(weights(3, 1, 0, 0), 0.5);
        assertThat(w.combine(NAMES, scores)).isCloseTo((3 * 0.9 + 0.1) / 4, within(1e-12));
        assertThat(w.drops("mlp")).isTrue();
        assertThat(w.drops("dt")).isFalse();
        // dt cannot answer: knn decides alone; nobody with weight answers: the others count equally
        assertThat(w.combine(NAMES, new double[] {NA, 0.1, 0.2, 0.8})).isCloseTo(0.1, within(1e-12));
        assertThat(w.combine(NAMES, new double[] {NA, NA, 0.2, 0.8})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void stackedIsALogisticRegressionThatFillsInMissingMembers() {
        Map<String, Double> fill = Map.of("dt", 0.1, "knn", 0.2, "mlp", 0.3, "llm", 0.4);
        VoteRule s = VoteRule.stacked(weights(2, -1, 0.5, 3), -1.5, fill, 0.5);
        double z = -1.5 + 2 * 0.9 - 1 * 0.1 + 0.5 * 0.2 + 3 * 0.8;
        assertThat(s.combine(NAMES, new double[] {0.9, 0.1, 0.2, 0.8})).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-12));
        double zMissing = -1.5 + 2 * 0.9 - 1 * 0.1 + 0.5 * 0.2 + 3 * 0.4;
        assertThat(s.combine(NAMES, new double[] {0.9, 0.1, 0.2, NA})).isCloseTo(1 / (1 + Math.exp(-zMissing)), within(1e-12));
    }

    @Test
    void aRuleSurvivesTheManifestAndOldBundlesVoteByMajority() {
        Map<String, Double> fill = Map.of("dt", 0.1, "knn", 0.2);
        for (VoteRule r : List.of(VoteRule.majority(), VoteRule.average(0.37), VoteRule.weighted(weights(0.5, 0.25, 0.25, 0), 0.61),
                VoteRule.stacked(weights(1, 2, 3, 4), -2, fill, 0.44))) {
            Map<String, Object> written = new LinkedHashMap<>(r.describe());
            written.put("reason", "chosen on validation"); // what training adds is ignored
            assertThat(VoteRule.of(written)).isEqualTo(r);
        }
        assertThat(VoteRule.of(null)).isEqualTo(VoteRule.majority());
        assertThat(VoteRule.of(Map.of())).isEqualTo(VoteRule.majority());
        assertThatThrownBy(() -> VoteRule.of(Map.of("rule", "median"))).hasMessageContaining("median");
        assertThatThrownBy(() -> VoteRule.of(Map.of("rule", "weighted", "threshold", 0.5))).hasMessageContaining("weights");
        assertThatThrownBy(() -> VoteRule.weighted(Map.of("dt", -1.0), 0.5)).hasMessageContaining("dt");
        assertThatThrownBy(() -> VoteRule.average(1.5)).hasMessageContaining("threshold");
    }

    @Test
    void anEnsembleKeepsItsRuleWhenMembersAreSelectedOrAdded() {
        Ensemble e = new Ensemble(new dev.logsieve.features.FeatureExtractor(
                dev.logsieve.features.Vocabulary.build(new long[][] {{1, 2}}, null), dev.logsieve.features.FeatureExtractor.Scaling.COUNTS, null),
                List.of(fixed("dt", 0.9), fixed("knn", 0.2), fixed("mlp", 0.3)), null, VoteRule.weighted(weights(1, 0, 0, 0), 0.5));
        Judgement j = e.judge(new long[] {1, 2});
        assertThat(j.anomalous()).isTrue(); // dt alone decides, although 2 of 3 vote normal
        assertThat(j.rule()).isEqualTo("weighted");
        assertThat(j.scores()).containsExactly(0.9, 0.2, 0.3);
        assertThat(j.votes()).containsExactly(Member.ANOMALOUS, Member.NORMAL, Member.NORMAL);
        assertThat(e.select(List.of("dt", "knn")).rule()).isEqualTo(e.rule());
        assertThat(e.with(fixed("llm", 0.1)).rule()).isEqualTo(e.rule());
        assertThat(e.withRule(VoteRule.majority()).judge(new long[] {1, 2}).anomalous()).isFalse();
    }

    private static Member fixed(String name, double score) {
        return new Member() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int vote(double[] features) {
                return Member.voteOf(score);
            }

            @Override
            public double score(long[] templateIds, String[] messages, float modelScore, double[] features) {
                return score;
            }
        };
    }

    private static Map<String, Double> weights(double dt, double knn, double mlp, double llm) {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("dt", dt);
        w.put("knn", knn);
        w.put("mlp", mlp);
        w.put("llm", llm);
        return w;
    }
}
