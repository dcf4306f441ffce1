package dev.logsieve.inference;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The two models of the LLM member ({@code logllm_encoder}, {@code logllm_classifier}, DESIGN
 * section 6) wherever they run: in this process on ONNX Runtime ({@link InProcessBackend}) or on a
 * Triton Inference Server over gRPC ({@code dev.logsieve.inference.TritonBackend}). Both take the
 * same tensors, so a verdict does not depend on where the models ran.
 *
 * <p>Calls are asynchronous: a future fails (never blocks forever) when the models cannot answer.
 * Implementations are thread-safe. {@link #close()} releases sessions, channels and threads.
 */
public interface LlmBackend extends AutoCloseable {

    /** Width D of the embeddings. */
    int dimension();

    /**
     * Embeddings of masked messages, one L2-normalised [D] row per message, in order. The
     * messages are tokenized by the caller's tokenizer inside the backend.
     */
    CompletableFuture<float[][]> embed(List<String> messages);

    /**
     * p_anomalous of {@code batch} sequences, for a classifier without context.
     *
     * @param embeddings row-major [batch, messages, D]
     * @param mask row-major [batch, messages], 1 for a message, 0 for padding
     */
    default CompletableFuture<float[]> classify(float[] embeddings, long[] mask, int batch, int messages) {
        return classify(embeddings, mask, batch, messages, null);
    }

    /**
     * p_anomalous of {@code batch} sequences.
     *
     * @param context the retrieved context of each sequence, for a classifier that takes it
     *                ({@link #takesContext()}); null for one that does not
     */
    CompletableFuture<float[]> classify(float[] embeddings, long[] mask, int batch, int messages, Context context);

    /** Whether the classifier takes retrieved context ({@link ModelContract#CLASSIFIER_CONTEXT_INPUTS}). */
    boolean takesContext();

    /**
     * The context inputs of one {@code classify} call.
     *
     * @param embeddings row-major [batch, contexts, D]: the embeddings of the retrieved descriptions
     * @param mask row-major [batch, contexts], 1 for a description, 0 for padding
     * @param contexts the slots per sequence (at least 1: a sequence with none has one masked slot)
     */
    record Context(float[] embeddings, long[] mask, int contexts) {}

    /** Where the models run, for logs and metrics ({@code in-process}, {@code triton host:port}). */
    String describe();

    @Override
    void close();
}
