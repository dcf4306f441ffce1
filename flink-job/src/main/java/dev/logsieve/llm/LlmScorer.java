package dev.logsieve.llm;

import dev.logsieve.inference.LlmBackend;
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

    /**
     * @param backend the models
     * @param embeddingCacheSize most template embeddings kept
     * @param maxMessages most messages per sequence (LogLLM: 128; the first ones are kept)
     */
    public LlmScorer(LlmBackend backend, int embeddingCacheSize, int maxMessages) {
        this.backend = backend;
        this.embeddings = new EmbeddingCache(texts -> join(backend.embed(texts)), embeddingCacheSize);
        this.maxMessages = maxMessages;
    }

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
        int n = 1; // a sequence of no messages still gets one (masked) slot
        for (int i = 0; i < b; i++) {
            long[] ids = templateIds.get(i);
            String[] texts = messages.get(i);
            if (texts == null || texts.length < ids.length) {
                throw new IllegalArgumentException("the LLM member needs every message's text; sequence " + i + " has "
                        + (texts == null ? "none" : texts.length + " for " + ids.length + " lines"));
            }
            int k = Math.min(maxMessages, ids.length);
            long[] head = java.util.Arrays.copyOf(ids, k);
            rows.add(embeddings.embed(head, List.of(texts).subList(0, k)));
            n = Math.max(n, k);
        }
        float[] flat = new float[b * n * d];
        long[] mask = new long[b * n];
        for (int i = 0; i < b; i++) {
            float[][] r = rows.get(i);
            for (int j = 0; j < r.length; j++) {
                System.arraycopy(r[j], 0, flat, (i * n + j) * d, d);
                mask[i * n + j] = 1;
            }
        }
        return join(backend.classify(flat, mask, b, n));
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
