package dev.logsieve.ensemble;

import java.io.Serializable;

/**
 * One voter of the ensemble. A member sees the features of a sequence (see
 * {@link dev.logsieve.features.FeatureExtractor}) and answers {@link #ANOMALOUS} or {@link #NORMAL}.
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
}
