package dev.logsieve.llm.train;

/**
 * One labelled sequence for {@link ClassifierTrainer}: its messages' embeddings, in order, whether
 * the sequence is anomalous, and the embeddings of the descriptions retrieved for it (for a
 * classifier with {@link ClassifierConfig#maxContext()} above 0; empty otherwise). Only the first
 * {@link ClassifierConfig#maxMessages()} messages and {@link ClassifierConfig#maxContext()}
 * descriptions are used. The arrays are not copied: callers must not modify them.
 *
 * @param messages [n][D] message embeddings (n may be 0)
 * @param anomalous the label
 * @param context [c][D] embeddings of the retrieved descriptions (c may be 0)
 */
public record TrainingExample(float[][] messages, boolean anomalous, float[][] context) {

    private static final float[][] NONE = new float[0][];

    /** Checks that every message has the same width. */
    public TrainingExample {
        for (float[] m : messages) {
            if (m.length != messages[0].length) {
                throw new IllegalArgumentException("messages of different widths");
            }
        }
        context = context == null ? NONE : context;
    }

    /** An example without retrieved context. */
    public TrainingExample(float[][] messages, boolean anomalous) {
        this(messages, anomalous, NONE);
    }

    /** This example's context with other messages and label (what an augmentation makes of it). */
    public TrainingExample with(float[][] otherMessages, boolean label) {
        return new TrainingExample(otherMessages, label, context);
    }
}
