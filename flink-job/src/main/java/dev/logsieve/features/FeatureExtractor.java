package dev.logsieve.features;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a sequence of template ids into the feature vector the members are trained on: one column
 * per vocabulary template holding how often it occurs in the sequence, followed by one column with
 * the number of lines whose template the vocabulary does not know; and, optionally, a block of word
 * columns (see {@link WordVocabulary}) counting the words of every line's template text. A known
 * template's words are looked up by its id; an unseen template's words come from the line's masked
 * message when the caller passes the messages ({@link #features(long[], String[])}), which is what
 * lets a template never seen in training still move the features.
 *
 * <p>The counts are then scaled by {@link Scaling}. The default, {@link Scaling#LOG1P}, replaces
 * every count c by ln(1 + c): the decision tree does not care (monotone), while KNN and the MLP are
 * not dominated by one template repeated a hundred times. It was measured against raw counts on
 * HDFS and BGL (see the ensemble tests); it needs no statistics from training, so there is nothing
 * to get wrong when the bundle is read back.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeatureExtractor implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How counts become features. */
    public enum Scaling {
        /** Raw counts. */
        COUNTS,
        /** ln(1 + count). */
        LOG1P,
        /** 1 if the template (or word) occurs at all, else 0; the unseen column stays ln(1 + count). */
        PRESENCE;

        public static Scaling parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final Vocabulary vocabulary;
    private final Scaling scaling;
    /** The word block, or null when the features have none. */
    private final WordVocabulary words;
    private final int dimension;

    /**
     * @param words the word block's vocabulary, built for {@code vocabulary}; null for no word block
     */
    public FeatureExtractor(Vocabulary vocabulary, Scaling scaling, WordVocabulary words) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        if (words != null && words.templateCount() != vocabulary.size()) {
            throw new IllegalArgumentException("the word vocabulary was built for " + words.templateCount()
                    + " templates, the template vocabulary has " + vocabulary.size());
        }
        this.words = words;
        this.dimension = vocabulary.size() + 1 + (words == null ? 0 : words.size());
    }

    public FeatureExtractor(Vocabulary vocabulary, Scaling scaling) {
        this(vocabulary, scaling, null);
    }

    public FeatureExtractor(Vocabulary vocabulary) {
        this(vocabulary, Scaling.LOG1P);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Scaling scaling() {
        return scaling;
    }

    /** The word block's vocabulary, or null when the features have no word block. */
    public WordVocabulary words() {
        return words;
    }

    /**
     * True when the features have a word block, so that an unseen template's message text counts:
     * callers should then pass messages to {@link #features(long[], String[])}.
     */
    public boolean usesWords() {
        return words != null;
    }

    /** Length of a feature vector: vocabulary size + 1 + number of words. */
    public int dimension() {
        return dimension;
    }

    /** Index of the column that holds the unseen-template count: right after the template columns. */
    public int unseenColumn() {
        return vocabulary.size();
    }

    /** The features of one sequence without its messages (unseen templates add no words). */
    public double[] features(long[] templateIds) {
        return features(templateIds, null);
    }

    /**
     * The features of one sequence: a new array of {@link #dimension()} values.
     *
     * @param messages the masked messages aligned with {@code templateIds}, or null; only read for
     *                 templates outside the vocabulary, and only when there is a word block
     */
    public double[] features(long[] templateIds, String[] messages) {
        return features(templateIds, messages, UnseenTemplates.NONE);
    }

    /**
     * The features of one sequence, where {@code fallback} may say which known template a template
     * outside the vocabulary stands for (the semantic fallback, {@link TemplateFallback}): such a
     * line counts as that template, its column and its words, and not in the unseen column.
     */
    public double[] features(long[] templateIds, String[] messages, UnseenTemplates fallback) {
        double[] f = new double[dimension];
        final int unseen = vocabulary.size();
        final int wordBase = unseen + 1;
        for (int j = 0; j < templateIds.length; j++) {
            int i = vocabulary.index(templateIds[j]);
            if (i < 0) {
                i = fallback.column(templateIds[j], messages != null && j < messages.length ? messages[j] : null);
            }
            f[i < 0 ? unseen : i] += 1.0;
            if (words != null) {
                int[] ws = i >= 0 ? words.templateColumns(i)
                        : messages != null && j < messages.length ? words.columns(messages[j]) : null;
                if (ws != null) {
                    for (int w : ws) {
                        f[wordBase + w] += 1.0;
                    }
                }
            }
        }
        switch (scaling) {
            case COUNTS:
                break;
            case LOG1P:
                for (int i = 0; i < dimension; i++) {
                    if (f[i] != 0.0) {
                        f[i] = Math.log1p(f[i]);
                    }
                }
                break;
            case PRESENCE:
                for (int i = 0; i < dimension; i++) {
                    if (f[i] != 0.0) {
                        f[i] = i == unseen ? Math.log1p(f[i]) : 1.0;
                    }
                }
                break;
            default:
                throw new AssertionError(scaling);
        }
        return f;
    }

    /** The number of lines of the sequence whose template is not in the vocabulary. */
    public int unseen(long[] templateIds) {
        int n = 0;
        for (long id : templateIds) {
            if (vocabulary.index(id) < 0) {
                n++;
            }
        }
        return n;
    }

    /** Features of many sequences, one row each. */
    public double[][] features(long[][] sequences) {
        return features(sequences, null);
    }

    /** Features of many sequences with their messages ({@code messages} or any of its rows may be null). */
    public double[][] features(long[][] sequences, String[][] messages) {
        double[][] x = new double[sequences.length][];
        for (int i = 0; i < sequences.length; i++) {
            x[i] = features(sequences[i], messages == null ? null : messages[i]);
        }
        return x;
    }
}
