package dev.logsieve.llm;

import dev.logsieve.inference.LlmBackend;
import dev.logsieve.inference.Padded;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Scores whole sequences with an {@link LlmBackend}: the first {@code maxMessages} messages of
 * each, their embeddings from an {@link EmbeddingCache} (the encoder runs only for templates not
 * yet seen, distinct ones once per call), then one classifier call for the whole batch, padded to
 * its longest sequence. Thread-safe when the backend is.
 */
public final class LlmScorer {

    private final LlmBackend backend;
    private final EmbeddingCache embeddings;
    private final int maxMessages;
    private final ContextRetrieval context;

    /**
     * @param backend the models
     * @param embeddingCacheSize most template embeddings kept
     * @param maxMessages most messages per sequence (LogLLM: 128; the first ones are kept)
     */
    public LlmScorer(LlmBackend backend, int embeddingCacheSize, int maxMessages) {
        this(backend, embeddingCacheSize, maxMessages, null);
    }

    /**
     * A scorer that gives the classifier each sequence's retrieved context.
     *
     * @param knowledge the knowledge file and how much to retrieve ({@link LlmMember#retrieval}), or
     *                  null for a classifier without context
     * @throws IllegalArgumentException when the classifier takes context and none is given, or the other way round
     */
    public LlmScorer(LlmBackend backend, int embeddingCacheSize, int maxMessages, Retrieval knowledge) {
        this.backend = backend;
        this.embeddings = new EmbeddingCache(texts -> join(backend.embed(texts)), embeddingCacheSize);
        this.maxMessages = maxMessages;
        if (backend.takesContext() != (knowledge != null)) {
            throw new IllegalArgumentException(backend.takesContext()
                    ? "the classifier on " + backend.describe() + " was trained with retrieved context and needs a"
                            + " knowledge file (the bundle's " + LlmFiles.KNOWLEDGE + ", or --context FILE)"
                    : "the classifier on " + backend.describe() + " was trained without retrieved context; a knowledge"
                            + " file cannot be used with it (train with --context FILE)");
        }
        this.context = knowledge == null ? null
                : new ContextRetrieval(knowledge.knowledge(), knowledge.k(), knowledge.minSimilarity(),
                        texts -> join(backend.embed(texts)));
    }

    /**
     * What the member retrieves: the knowledge, the most descriptions per sequence, the least
     * similarity for one chosen by embedding.
     */
    public record Retrieval(Knowledge knowledge, int k, double minSimilarity) {}

    /**
     * p_anomalous per sequence, in order; blocks until the backend answers.
     *
     * @param templateIds each sequence's template ids
     * @param messages each sequence's masked messages, aligned with its ids
     * @throws RuntimeException when the backend fails (the caller decides what a missing score means)
     */
    public float[] score(List<long[]> templateIds, List<String[]> messages) {
        int b = templateIds.size();
        if (b == 0) {
            return new float[0];
        }
        int d = backend.dimension();
        List<float[][]> rows = new ArrayList<>(b);
        List<float[][]> contexts = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            long[] ids = templateIds.get(i);
            String[] texts = messages.get(i);
            if (texts == null || texts.length < ids.length) {
                throw new IllegalArgumentException("the LLM member needs every message's text; sequence " + i + " has "
                        + (texts == null ? "none" : texts.length + " for " + ids.length + " lines"));
            }
            int k = Math.min(maxMessages, ids.length);
            List<String> head = List.of(texts).subList(0, k);
            float[][] row = embeddings.embed(java.util.Arrays.copyOf(ids, k), head);
            rows.add(row);
            if (context != null) {
                contexts.add(context.context(head, row));
            }
        }
        Padded m = Padded.of(rows, maxMessages, d);
        LlmBackend.Context c = context == null ? null : Padded.of(contexts, context.k(), d).asContext();
        return join(backend.classify(m.values(), m.mask(), b, m.width(), c));
    }

    /** The embedding cache (sizes and hit counts for reports and metrics). */
    public EmbeddingCache embeddingCache() {
        return embeddings;
    }

    /** Most messages per sequence. */
    public int maxMessages() {
        return maxMessages;
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c.getMessage(), c);
        }
    }
}
