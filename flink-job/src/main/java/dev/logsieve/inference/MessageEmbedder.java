package dev.logsieve.inference;

import java.util.List;

/**
 * Something that turns masked messages into embeddings: the in-process {@link OnnxEncoder}, or
 * (later) a Triton client for {@code logllm_encoder}.
 */
@FunctionalInterface
public interface MessageEmbedder {

    /** One L2-normalised vector per message, in order. */
    float[][] embed(List<String> messages);
}
