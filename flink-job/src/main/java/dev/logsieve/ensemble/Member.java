package dev.logsieve.ensemble;

import java.io.Serializable;

/**
 * One voter of the ensemble. A member sees the features of a sequence (see
 * {@link dev.logsieve.features.FeatureExtractor}) and answers with a score (see
 * {@link #score(long[], String[], float, double[])}) and the vote that follows from it:
 * {@link #ANOMALOUS} when the score is above {@link #BOUNDARY}, else {@link #NORMAL}. The
 * ensemble's vote rule ({@link VoteRule}) combines the votes or the scores.
 *
 * <p>A member that cannot answer right now (for example the LLM member while its model server is
 * down) answers {@link #UNAVAILABLE}: the ensemble then votes without it and marks the judgement
 * degraded. Members must be thread-safe for concurrent {@link #vote} calls and serializable (they
 * are written into the model bundle with Java serialization).
 */
public interface Member extends Serializable {
    int NORMAL = 0;
    int ANOMALOUS = 1;
    /** The member could not vote this time; it does not count either way. */
    int UNAVAILABLE = -1;
    /** Every member's score votes anomalous above this value and normal at or below it. */
    double BOUNDARY = 0.5;

    /** Short, stable name: {@code dt}, {@code knn}, {@code mlp}, {@code llm}. Also the bundle file name. */
    String name();

    /** {@link #ANOMALOUS}, {@link #NORMAL} or {@link #UNAVAILABLE}. */
    int vote(double[] features);

    /**
     * The vote with the raw template ids at hand too, for members that look at the sequence itself
     * rather than the count features. By default the features decide.
     */
    default int vote(long[] templateIds, double[] features) {
        return vote(features);
    }

    /**
     * The vote with everything the job knows of the sequence: its template ids, its masked
     * messages (null when the job keeps none) and the LLM member's {@code p_anomalous} when an
     * earlier stage of the job already computed it ({@code NaN} when not; see
     * {@link dev.logsieve.llm.LlmMember}). By default the template ids and features decide.
     */
    default int vote(long[] templateIds, String[] messages, float modelScore, double[] features) {
        return vote(templateIds, features);
    }

    /**
     * True when the member reads the sequence's message texts (the LLM member); the job then keeps
     * masked messages in its sequences. The count-feature members do not.
     */
    default boolean readsMessages() {
        return false;
    }

    /**
     * How anomalous the sequence looks to this member, 0..1, with the member's own decision boundary
     * at {@link #BOUNDARY}: above it the member votes anomalous. {@code NaN} when the member cannot
     * answer ({@link #UNAVAILABLE}). Members that have only a vote answer 0 or 1 (this default).
     */
    default double score(long[] templateIds, String[] messages, float modelScore, double[] features) {
        return scoreOf(vote(templateIds, messages, modelScore, features));
    }

    /** The score of a bare vote: 1 anomalous, 0 normal, {@code NaN} unavailable. */
    static double scoreOf(int vote) {
        return vote == ANOMALOUS ? 1.0 : vote == NORMAL ? 0.0 : Double.NaN;
    }

    /**
     * {@code p} kept on the side of {@link #BOUNDARY} that the member's own decision is on, for a
     * model whose decision and probability can disagree at the boundary (a tie predicts normal).
     */
    static double onSideOf(boolean anomalous, double p) {
        return anomalous ? Math.max(p, Math.nextUp(BOUNDARY)) : Math.min(p, BOUNDARY);
    }

    /** The vote a score stands for. */
    static int voteOf(double score) {
        return Double.isNaN(score) ? UNAVAILABLE : score > BOUNDARY ? ANOMALOUS : NORMAL;
    }
}
