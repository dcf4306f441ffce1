package dev.logsieve.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The words of the training templates: word -> column of the word block of the features (see
 * {@link FeatureExtractor}), plus, for every column of a template {@link Vocabulary}, the word
 * columns of that template's text, computed once.
 *
 * <p>A word is a maximal run of ASCII letters of the masked text, lower-cased, at least two letters
 * long ({@link #words(String)}); the {@code <*>} placeholders and all digits and punctuation fall
 * away. Words let a template never seen in training still say something: BGL's later
 * {@code "ciod: Error reading message prefix on CioStream socket to <*> ..."} shares its words with
 * the training template {@code "ciod: Error reading message prefix after <*> on CioStream ..."}.
 *
 * <p>Columns are ordered alphabetically, so the same training texts give the same columns whatever
 * their order. Immutable and thread-safe.
 */
public final class WordVocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int[] NONE = new int[0];

    private final String[] words;
    private final HashMap<String, Integer> index;
    /** Word columns of each template column of {@link #templates}, repeats kept. */
    private final int[][] templateWords;

    private WordVocabulary(String[] words, Vocabulary templates) {
        this.words = words;
        this.index = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++) {
            if (index.put(words[i], i) != null) {
                throw new IllegalArgumentException("duplicate word '" + words[i] + "'");
            }
        }
        this.templateWords = new int[templates.size()][];
        for (int t = 0; t < templates.size(); t++) {
            templateWords[t] = columns(templates.text(t));
        }
    }

    /**
     * A word vocabulary with exactly these columns ({@code words[i]} gets column i), for the
     * templates of {@code templates}, whose texts give their words (a null text has none).
     */
    public static WordVocabulary of(String[] words, Vocabulary templates) {
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(templates, "templates");
        return new WordVocabulary(words.clone(), templates);
    }

    /**
     * The words of the training data: every word that occurs in at least {@code minLines} training
     * lines (a template occurring n times in the sequences counts n times).
     *
     * @param sequences the training sequences, whose ids are all in {@code templates}
     */
    public static WordVocabulary build(long[][] sequences, Vocabulary templates, int minLines) {
        long[] occurrences = new long[templates.size()];
        for (long[] sequence : sequences) {
            for (long id : sequence) {
                int i = templates.index(id);
                if (i >= 0) {
                    occurrences[i]++;
                }
            }
        }
        Map<String, Long> lines = new HashMap<>();
        for (int t = 0; t < templates.size(); t++) {
            if (occurrences[t] == 0) {
                continue;
            }
            for (String w : new java.util.LinkedHashSet<>(words(templates.text(t)))) {
                lines.merge(w, occurrences[t], Long::sum);
            }
        }
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            if (e.getValue() >= Math.max(1, minLines)) {
                kept.add(e.getKey());
            }
        }
        String[] sorted = kept.toArray(new String[0]);
        Arrays.sort(sorted);
        return new WordVocabulary(sorted, templates);
    }

    /** The words of a masked text: runs of ASCII letters, lower-cased, two letters or more; none for null. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isLetter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isLetter(text.charAt(i))) {
                i++;
            }
            if (i - start >= 2) {
                out.add(text.substring(start, i).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The word columns of a text, repeats kept; words outside the vocabulary are left out. */
    public int[] columns(String text) {
        if (text == null) {
            return NONE;
        }
        List<String> ws = words(text);
        int[] out = new int[ws.size()];
        int n = 0;
        for (String w : ws) {
            Integer i = index.get(w);
            if (i != null) {
                out[n++] = i;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The word columns of template column {@code templateColumn} (do not modify). */
    int[] templateColumns(int templateColumn) {
        return templateWords[templateColumn];
    }

    /** Number of templates whose words this vocabulary knows (the size of the template vocabulary). */
    public int templateCount() {
        return templateWords.length;
    }

    /** Number of words, i.e. columns of the word block. */
    public int size() {
        return words.length;
    }

    /** The words by column; a copy. */
    public String[] words() {
        return words.clone();
    }
}
