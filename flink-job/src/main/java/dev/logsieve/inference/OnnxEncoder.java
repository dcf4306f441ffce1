package dev.logsieve.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.logsieve.onnx.ModelProto;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process encoder backend: runs an exported {@code logllm_encoder} model (see
 * {@link ModelContract}; training's {@code EncoderExport} writes it) with ONNX Runtime on the CPU. Messages are tokenized by a
 * {@link MessageTokenizer} and run in batches of at most {@code batchSize}; each batch is padded
 * to its longest message, so the result does not depend on how messages are batched (up to float
 * rounding, well below 1e-5).
 *
 * <p>Thread-safe: ONNX Runtime allows concurrent {@code run} calls on one session and the
 * tokenizer is read-only, so one instance may serve several threads (each call then uses the
 * session's intra-op threads; in a Flink task, one encoder per task slot with one intra-op thread
 * is the simple choice). {@link #close()} releases the session and the tokenizer (native memory);
 * it must be called once no {@link #embed(List)} call is running, and the encoder is unusable
 * afterwards. The shared {@link OrtEnvironment} is not closed.
 */
public final class OnnxEncoder implements MessageEmbedder, AutoCloseable {

    /** Default messages per ONNX Runtime call. */
    public static final int DEFAULT_BATCH = 32;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final MessageTokenizer tokenizer;
    private final int batchSize;
    private final int dimension;

    private OnnxEncoder(OrtSession session, MessageTokenizer tokenizer, int batchSize, int dimension) {
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.dimension = dimension;
    }

    /**
     * An encoder over an exported model held in memory.
     *
     * @param encoder a {@code logllm_encoder} model
     * @param tokenizer its tokenizer; owned (closed) by the encoder from now on
     * @param batchSize messages per ONNX Runtime call
     * @param intraOpThreads ONNX Runtime threads per call
     */
    public static OnnxEncoder create(ModelProto encoder, MessageTokenizer tokenizer, int batchSize, int intraOpThreads)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = OrtSettings.cpu(intraOpThreads).sessionOptions()) {
            return over(env.createSession(encoder.toByteArray(), options), tokenizer, batchSize);
        }
    }

    /** An encoder over an exported model file (e.g. {@code <repository>/logllm_encoder/1/model.onnx}). */
    public static OnnxEncoder open(Path modelFile, MessageTokenizer tokenizer, int batchSize, int intraOpThreads)
            throws OrtException {
        return open(modelFile, tokenizer, batchSize, OrtSettings.cpu(intraOpThreads));
    }

    /** An encoder over an exported model file, run as {@code settings} say (threads, CPU or CUDA). */
    public static OnnxEncoder open(Path modelFile, MessageTokenizer tokenizer, int batchSize, OrtSettings settings)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = settings.sessionOptions()) {
            return over(env.createSession(modelFile.toString(), options), tokenizer, batchSize);
        }
    }

    /** An encoder over an open session; D is the width its {@code embedding} output declares. */
    private static OnnxEncoder over(OrtSession session, MessageTokenizer tokenizer, int batchSize) throws OrtException {
        long[] shape = ((ai.onnxruntime.TensorInfo) session.getOutputInfo().get(ModelContract.ENCODER_OUTPUT).getInfo())
                .getShape();
        return new OnnxEncoder(session, tokenizer, checkBatch(batchSize), Math.toIntExact(shape[1]));
    }

    /**
     * An encoder over an exported model file that runs already tokenized batches only
     * ({@link #run(MessageTokenizer.TokenBatch)}), e.g. behind a server that receives token ids;
     * {@link #embed(List)} and {@link #tokenizer()} throw {@link IllegalStateException}.
     */
    public static OnnxEncoder openForTokens(Path modelFile, int intraOpThreads) throws OrtException {
        return open(modelFile, null, DEFAULT_BATCH, intraOpThreads);
    }

    private static int checkBatch(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        return batchSize;
    }

    /** Width of the embeddings. */
    public int dimension() {
        return dimension;
    }

    /** The tokenizer in use. */
    public MessageTokenizer tokenizer() {
        if (tokenizer == null) {
            throw new IllegalStateException("this encoder was opened for token ids only (openForTokens)");
        }
        return tokenizer;
    }

    /** Embeds messages, {@code batchSize} at a time; returns float[messages.size()][dimension]. */
    @Override
    public float[][] embed(List<String> messages) {
        float[][] out = new float[messages.size()][];
        for (int from = 0; from < messages.size(); from += batchSize) {
            int to = Math.min(messages.size(), from + batchSize);
            float[][] part = run(tokenizer().tokenize(messages.subList(from, to)));
            System.arraycopy(part, 0, out, from, part.length);
        }
        return out;
    }

    /** Runs the model on one tokenized batch. */
    public float[][] run(MessageTokenizer.TokenBatch batch) {
        long[] shape = batch.shape();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(ModelContract.ENCODER_INPUTS.get(0), OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape));
            inputs.put(ModelContract.ENCODER_INPUTS.get(1), OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape));
            inputs.put(ModelContract.ENCODER_INPUTS.get(2), OnnxTensor.createTensor(env, LongBuffer.wrap(batch.tokenTypeIds()), shape));
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer flat = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[][] out = new float[batch.batch()][dimension];
                for (float[] row : out) {
                    flat.get(row);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch.batch() + " messages", e);
        } finally {
            for (OnnxTensor t : new ArrayList<>(inputs.values())) {
                t.close();
            }
        }
    }

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            if (tokenizer != null) {
                tokenizer.close();
            }
        }
    }
}
