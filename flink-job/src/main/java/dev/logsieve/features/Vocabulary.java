package dev.logsieve.features;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The templates seen in training: template id -> column index, with the template text kept for
 * explanation. Columns are ordered by template id (unsigned), so the same set of training templates
 * gives the same columns whatever the order of the training sequences.
 *
 * <p>{@link #index(long)} is on the hot path: a primitive open-addressing map, no boxing. Instances
 * are immutable and safe to share between threads.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] ids;
    private final String[] texts;
    private final LongIntHashMap index;

    private Vocabulary(long[] ids, String[] texts) {
        this.ids = ids;
        this.texts = texts;
        this.index = new LongIntHashMap(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (index.put(ids[i], i) >= 0) {
                throw new IllegalArgumentException(String.format("duplicate template id %016x", ids[i]));
            }
        }
    }

    /**
     * A vocabulary with exactly these columns: {@code ids[i]} gets column i. {@code texts} may be
     * null, or hold null for a template whose text is unknown.
     */
    public static Vocabulary of(long[] ids, String[] texts) {
        Objects.requireNonNull(ids, "ids");
        if (texts != null && texts.length != ids.length) {
            throw new IllegalArgumentException("ids and texts differ in length: " + ids.length + " vs " + texts.length);
        }
        return new Vocabulary(ids.clone(), texts == null ? new String[ids.length] : texts.clone());
    }

    /**
     * The distinct templates of the training sequences, ordered by id.
     *
     * @param templateText the text of a template id, or null when unknown; may itself be null
     */
    public static Vocabulary build(long[][] sequences, LongFunction<String> templateText) {
        LongIntHashMap seen = new LongIntHashMap(1024);
        long[] distinct = new long[64];
        int n = 0;
        for (long[] sequence : sequences) {
            for (long id : sequence) {
                if (seen.get(id) < 0) {
                    seen.put(id, n);
                    if (n == distinct.length) {
                        distinct = Arrays.copyOf(distinct, n * 2);
                    }
                    distinct[n++] = id;
                }
            }
        }
        long[] ids = Arrays.copyOf(distinct, n);
        // Unsigned order, so that columns do not depend on the order of the input.
        for (int i = 0; i < n; i++) {
            ids[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(ids);
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] ^= Long.MIN_VALUE;
            texts[i] = templateText == null ? null : templateText.apply(ids[i]);
        }
        return new Vocabulary(ids, texts);
    }

    /** The column of a template id, or -1 when training never saw it. */
    public int index(long templateId) {
        return index.get(templateId);
    }

    public int size() {
        return ids.length;
    }

    /** The template id of column i. */
    public long id(int column) {
        return ids[column];
    }

    /** The template text of column i, or null when it was not given in training. */
    public String text(int column) {
        return texts[column];
    }

    /** The template text for an id, or null when unseen or unknown. */
    public String textOf(long templateId) {
        int i = index(templateId);
        return i < 0 ? null : texts[i];
    }

    /** The template ids by column; a copy. */
    public long[] ids() {
        return ids.clone();
    }

    /** The id as the 16-hex-digit string used in files and reports. */
    public static String hex(long templateId) {
        return String.format("%016x", templateId);
    }

    /** Parses {@link #hex(long)}. */
    public static long parseHex(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }
}
