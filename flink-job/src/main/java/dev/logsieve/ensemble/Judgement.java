package dev.logsieve.ensemble;

import java.util.Arrays;

/**
 * The ensemble's answer for one sequence.
 *
 * @param votes    one per member, aligned with {@link Ensemble#memberNames()}: 1 anomalous, 0 normal,
 *                 {@link Member#UNAVAILABLE} when that member could not vote
 * @param label    majority of the available votes; a tie (or no vote at all) is normal
 * @param score    share of the available votes that said anomalous, 0..1 (0 when none was available)
 * @param unseen   lines whose template the training vocabulary does not know
 * @param degraded at least one member was unavailable
 */
public record Judgement(int[] votes, int label, double score, int unseen, boolean degraded) {

    public boolean anomalous() {
        return label == Member.ANOMALOUS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Judgement j && label == j.label && unseen == j.unseen && degraded == j.degraded
                && Double.compare(score, j.score) == 0 && Arrays.equals(votes, j.votes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(votes) + label * 7 + unseen;
    }

    @Override
    public String toString() {
        return "Judgement{label=" + label + ", score=" + score + ", votes=" + Arrays.toString(votes)
                + ", unseen=" + unseen + (degraded ? ", degraded" : "") + "}";
    }
}
