package dev.logsieve.features;

import dev.logsieve.inference.MessageEmbedder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UnseenTemplates} by the encoder: a template outside the vocabulary is embedded once (its
 * masked message is its text), compared with every known template ({@link TemplateFallback}), and
 * the answer remembered by template id. New templates are few (BGL's later period has a few
 * hundred), so the memory stays small; past {@link #MAX_REMEMBERED} the answers are still right but
 * no longer remembered.
 *
 * <p>Thread-safe when the embedder is.
 */
public final class EncodedUnseen implements UnseenTemplates {
    /** Answers remembered at most. */
    public static final int MAX_REMEMBERED = 100_000;

    private final TemplateFallback fallback;
    private final MessageEmbedder encoder;
    private final ConcurrentHashMap<Long, Integer> answers = new ConcurrentHashMap<>();

    public EncodedUnseen(TemplateFallback fallback, MessageEmbedder encoder) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    @Override
    public int column(long templateId, String message) {
        Integer known = answers.get(templateId);
        if (known != null) {
            return known;
        }
        if (message == null) {
            return -1; // nothing to embed; not remembered, a later line may carry its text
        }
        int column = fallback.column(encoder.embed(List.of(message))[0]);
        if (answers.size() < MAX_REMEMBERED) {
            answers.put(templateId, column);
        }
        return column;
    }

    /** How many new templates were embedded and remembered. */
    public int remembered() {
        return answers.size();
    }
}
