package dev.logsieve.features;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

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

    /**
     * The messages of a sequence with each missing one filled in by its template's text, where this
     * vocabulary has it: lines of known templates may cross the job without their text
     * ({@code Models#messagesOfUnseenOnly}), and a member that reads every message gets it back here.
     *
     * @param messages aligned with {@code templateIds}; may be null or hold nulls
     * @return {@code messages} itself when nothing is missing, else a new array (nulls left where
     *     the text is not known)
     */
    public String[] fill(long[] templateIds, String[] messages) {
        if (messages != null && messages.length >= templateIds.length) {
            boolean missing = false;
            for (int i = 0; i < templateIds.length && !missing; i++) {
                missing = messages[i] == null;
            }
            if (!missing) {
                return messages;
            }
        }
        String[] out = new String[templateIds.length];
        for (int i = 0; i < out.length; i++) {
            String m = messages != null && i < messages.length ? messages[i] : null;
            out[i] = m != null ? m : textOf(templateIds[i]);
        }
        return out;
    }

    /**
     * The templates whose text is known and is the text their id was made from
     * ({@code idOfText.applyAsLong(text) == id}), in the same order: the ones whose lines may leave
     * their message out, since {@link #fill} gives back exactly that message.
     */
    public Vocabulary withTexts(ToLongFunction<String> idOfText) {
        long[] keep = new long[ids.length];
        String[] kept = new String[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (texts[i] != null && idOfText.applyAsLong(texts[i]) == ids[i]) {
                keep[n] = ids[i];
                kept[n++] = texts[i];
            }
        }
        return new Vocabulary(Arrays.copyOf(keep, n), Arrays.copyOf(kept, n));
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
