package dev.logsieve.ensemble;

import java.util.Arrays;

/**
 * The ensemble's answer for one sequence.
 *
 * @param votes     one per member, aligned with {@link Ensemble#memberNames()}: 1 anomalous, 0 normal,
 *                  {@link Member#UNAVAILABLE} when that member could not answer
 * @param scores    each member's score ({@link Member#score}), 0..1, {@code NaN} when it could not answer
 * @param label     what the rule decided: {@link Member#ANOMALOUS} or {@link Member#NORMAL}
 * @param score     the rule's combined score, 0..1 (majority: the share of available votes that said anomalous)
 * @param rule      the rule's name ({@link VoteRule#name()})
 * @param threshold the combined score from which the label is anomalous (majority: above which)
 * @param unseen    lines whose template the training vocabulary does not know
 * @param degraded  at least one member was unavailable
 */
public record Judgement(int[] votes, double[] scores, int label, double score, String rule, double threshold,
                        int unseen, boolean degraded) {

    public boolean anomalous() {
        return label == Member.ANOMALOUS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Judgement j && label == j.label && unseen == j.unseen && degraded == j.degraded
                && Double.compare(score, j.score) == 0 && Arrays.equals(votes, j.votes)
                && Arrays.equals(scores, j.scores) && rule.equals(j.rule) && Double.compare(threshold, j.threshold) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(votes) + label * 7 + unseen;
    }

    @Override
    public String toString() {
        return "Judgement{label=" + label + ", " + rule + " score=" + score + ", votes=" + Arrays.toString(votes)
                + ", scores=" + Arrays.toString(scores) + ", unseen=" + unseen + (degraded ? ", degraded" : "") + "}";
    }
}
