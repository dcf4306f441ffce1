package dev.logsieve.llm;

import dev.logsieve.inference.MessageEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The retrieved context of a sequence (FlexLog's RAG) as the classifier takes it: the
 * {@link Knowledge#retrieve descriptions} that match the sequence's messages, then the nearest by
 * embedding, at most {@code k}, each as its embedding by the member's own encoder. Training and
 * scoring both pick a sequence's context here, so a model meets at run time the context it learnt
 * with.
 *
 * <p>The descriptions are embedded once, all together, on first use (a knowledge file holds
 * hundreds, not millions; ADFA-LD's has about 400), the way templates are embedded once.
 * Thread-safe; returned arrays are shared and must not be modified.
 */
public final class ContextRetrieval {

    /** Default most descriptions per sequence. */
    public static final int DEFAULT_K = 8;
    /** Default least cosine similarity for a description chosen by embedding rather than by its match. */
    public static final double DEFAULT_MIN_SIMILARITY = 0.5;

    private final Knowledge knowledge;
    private final int k;
    private final double minSimilarity;
    private final MessageEmbedder embedder;
    private volatile float[][] entryEmbeddings;

    /**
     * @param knowledge the descriptions and what they match
     * @param k most descriptions per sequence (at least 1)
     * @param minSimilarity least cosine similarity for a description chosen by embedding
     * @param embedder the member's encoder (unit-length embeddings)
     */
    public ContextRetrieval(Knowledge knowledge, int k, double minSimilarity, MessageEmbedder embedder) {
        if (k < 1) {
            throw new IllegalArgumentException("context descriptions per sequence must be at least 1: " + k);
        }
        if (knowledge.entries().isEmpty()) {
            throw new IllegalArgumentException("the knowledge file has no entries");
        }
        this.knowledge = knowledge;
        this.k = k;
        this.minSimilarity = minSimilarity;
        this.embedder = embedder;
    }

    /**
     * The embeddings of the descriptions for one sequence, most relevant first (at most {@code k}).
     *
     * @param messages the messages the classifier reads (masked)
     * @param messageEmbeddings their embeddings
     */
    public float[][] context(List<String> messages, float[][] messageEmbeddings) {
        float[][] entries = entryEmbeddings();
        List<Knowledge.Entry> chosen = knowledge.retrieve(messages, messageEmbeddings, entries, k, minSimilarity);
        float[][] out = new float[chosen.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = entries[knowledge.indexOf(chosen.get(i))];
        }
        return out;
    }

    /** Most descriptions per sequence. */
    public int k() {
        return k;
    }

    /** The knowledge retrieved from. */
    public Knowledge knowledge() {
        return knowledge;
    }

    /** Embeds the descriptions now, if not yet (e.g. while a training encoder is open). */
    public void prepare() {
        entryEmbeddings();
    }

    private float[][] entryEmbeddings() {
        float[][] e = entryEmbeddings;
        if (e == null) {
            synchronized (this) {
                e = entryEmbeddings;
                if (e == null) {
                    List<String> texts = new ArrayList<>();
                    knowledge.entries().forEach(x -> texts.add(x.text()));
                    e = embedder.embed(texts);
                    if (e.length != texts.size()) {
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "the encoder gave %d embeddings for %d descriptions", e.length, texts.size()));
                    }
                    entryEmbeddings = e;
                }
            }
        }
        return e;
    }
}
