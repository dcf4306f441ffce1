package dev.logsieve.features;

import java.io.Serializable;
import java.util.Objects;

/**
 * The semantic fallback for templates training never saw (LogRobust's idea, Zhang et al. 2019): the
 * encoder's embedding of every vocabulary template, and the cosine similarity above which a new
 * template counts as its nearest known one. After a software upgrade rewords a log statement
 * ({@code "ciod: Error reading message prefix after <*> on CioStream socket"} becomes
 * {@code "ciod: Error reading message prefix on CioStream socket"}, cosine 0.98 with the int8
 * MiniLM), the members see the template they were trained on instead of an unseen line.
 *
 * <p>The threshold is chosen by training on its validation part; see {@code
 * dev.logsieve.training.FallbackSelection}. Immutable.
 */
public final class TemplateFallback implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One L2-normalised embedding per vocabulary column. */
    private final float[][] known;
    private final double threshold;

    /**
     * @param known     one L2-normalised embedding per vocabulary column, all of one width
     * @param threshold the least cosine similarity at which a new template counts as a known one
     */
    public TemplateFallback(float[][] known, double threshold) {
        Objects.requireNonNull(known, "known");
        if (!(threshold > -1.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("the fallback threshold is a cosine similarity in (-1, 1], not " + threshold);
        }
        for (float[] e : known) {
            if (e == null || e.length != known[0].length) {
                throw new IllegalArgumentException("the known templates' embeddings differ in width");
            }
        }
        this.known = known;
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** The number of known templates (the vocabulary's size). */
    public int size() {
        return known.length;
    }

    /** The embedding of vocabulary column {@code column}; not a copy. */
    public float[] embedding(int column) {
        return known[column];
    }

    /** This fallback at another threshold (same embeddings). */
    public TemplateFallback at(double otherThreshold) {
        return new TemplateFallback(known, otherThreshold);
    }

    /** The column of the known template most similar to {@code embedding}, and its similarity. */
    public Nearest nearest(float[] embedding) {
        int best = -1;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < known.length; c++) {
            float[] k = known[c];
            double dot = 0;
            for (int d = 0; d < k.length; d++) {
                dot += k[d] * embedding[d];
            }
            if (dot > bestSim) {
                bestSim = dot;
                best = c;
            }
        }
        return new Nearest(best, bestSim);
    }

    /** The column a new template with this embedding counts as, or -1 below the threshold. */
    public int column(float[] embedding) {
        Nearest n = nearest(embedding);
        return n.column >= 0 && n.similarity >= threshold ? n.column : -1;
    }

    /** A known template's column and its cosine similarity with a new one. */
    public record Nearest(int column, double similarity) {}
}
