package dev.logsieve.llm.train;

/**
 * One labelled sequence for {@link ClassifierTrainer}: its messages' embeddings, in order, and
 * whether the sequence is anomalous. Only the first {@link ClassifierConfig#maxMessages()}
 * messages are used. The arrays are not copied: callers must not modify them.
 *
 * @param messages [n][D] message embeddings (n may be 0)
 * @param anomalous the label
 */
public record TrainingExample(float[][] messages, boolean anomalous) {

    /** Checks that every message has the same width. */
    public TrainingExample {
        for (float[] m : messages) {
            if (m.length != messages[0].length) {
                throw new IllegalArgumentException("messages of different widths");
            }
        }
    }
}
