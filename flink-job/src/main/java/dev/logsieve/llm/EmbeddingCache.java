package dev.logsieve.llm;

import dev.logsieve.inference.MessageEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeddings by template id: a template's embedding is computed once and reused, since the
 * encoder only ever sees masked text and a template id names one masked text (DESIGN section 6:
 * the encoder runs once per distinct masked message, not once per line).
 *
 * <p>Bounded: at most {@code capacity} entries, the least recently used one is evicted first.
 * {@link #embed(long[], List)} looks a whole sequence up and computes all its misses in one
 * {@link MessageEmbedder} call (distinct templates only), which keeps encoder batches large.
 *
 * <p>Thread-safe (one lock; the embedder is called outside it, so two threads missing the same
 * template at once may both compute it, and the counts then show two misses). Returned arrays
 * are shared: callers must not modify them.
 */
public final class EmbeddingCache {

    private final MessageEmbedder embedder;
    private final int capacity;
    private final LinkedHashMap<Long, float[]> entries;
    private long hits;
    private long misses;

    /**
     * @param embedder computes the embeddings of missing templates
     * @param capacity the most templates kept
     */
    public EmbeddingCache(MessageEmbedder embedder, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.embedder = embedder;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, float[]> eldest) {
                return size() > EmbeddingCache.this.capacity;
            }
        };
    }

    /** The embedding of one template. */
    public float[] embed(long templateId, String template) {
        return embed(new long[] {templateId}, List.of(template))[0];
    }

    /**
     * The embeddings of a sequence's templates, in order; {@code templateIds[i]} names
     * {@code templates.get(i)}. Misses are computed together, each distinct template once.
     */
    public float[][] embed(long[] templateIds, List<String> templates) {
        if (templateIds.length != templates.size()) {
            throw new IllegalArgumentException(templateIds.length + " ids for " + templates.size() + " templates");
        }
        float[][] out = new float[templateIds.length][];
        Map<Long, Integer> missing = new LinkedHashMap<>();
        synchronized (this) {
            for (int i = 0; i < templateIds.length; i++) {
                float[] e = entries.get(templateIds[i]);
                if (e != null) {
                    out[i] = e;
                    hits++;
                } else if (missing.putIfAbsent(templateIds[i], i) == null) {
                    misses++;
                } else {
                    hits++; // the same template again, computed once below
                }
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        List<String> texts = new ArrayList<>(missing.size());
        for (int i : missing.values()) {
            texts.add(templates.get(i));
        }
        float[][] computed = embedder.embed(texts);
        Map<Long, float[]> byId = new LinkedHashMap<>();
        int k = 0;
        for (Long id : missing.keySet()) {
            byId.put(id, computed[k++]);
        }
        synchronized (this) {
            entries.putAll(byId);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = byId.get(templateIds[i]);
            }
        }
        return out;
    }

    /** Templates currently held. */
    public synchronized int size() {
        return entries.size();
    }

    /** Lookups answered without computing (a template repeated within one call counts as a hit). */
    public synchronized long hits() {
        return hits;
    }

    /** Templates computed. */
    public synchronized long misses() {
        return misses;
    }

    /** The most templates kept. */
    public int capacity() {
        return capacity;
    }
}
