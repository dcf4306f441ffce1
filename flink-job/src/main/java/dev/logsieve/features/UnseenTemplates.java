package dev.logsieve.features;

/**
 * Says which training template a template outside the vocabulary stands for, if any: the semantic
 * fallback of {@link FeatureExtractor} (see {@link TemplateFallback}). {@link #NONE} maps nothing.
 */
@FunctionalInterface
public interface UnseenTemplates {
    /** Maps nothing: every template outside the vocabulary counts as unseen. */
    UnseenTemplates NONE = (templateId, message) -> -1;

    /**
     * The vocabulary column a template outside the vocabulary counts as, or -1 when it counts as
     * unseen.
     *
     * @param message the line's masked message (its template's text); null when the caller has none
     */
    int column(long templateId, String message);
}
