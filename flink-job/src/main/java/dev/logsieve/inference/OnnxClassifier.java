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
 * Runs an exported {@code logllm_classifier} ({@link ModelContract}; training's {@code ClassifierExport} writes it) with ONNX Runtime on the
 * CPU or, with {@link OrtSettings}, on a CUDA GPU: the in-process counterpart of Triton's model. Thread-safe (concurrent {@code run} calls on
 * one session are allowed); {@link #close()} releases the session.
 */
public final class OnnxClassifier implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int dimension;
    private final boolean context;

    private OnnxClassifier(OrtSession session, int dimension) {
        this.session = session;
        this.dimension = dimension;
        this.context = session.getInputNames().contains(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0));
    }

    /** A classifier over a model held in memory, with {@code intraOpThreads} ONNX Runtime threads per call. */
    public static OnnxClassifier create(ModelProto model, int dimension, int intraOpThreads) throws OrtException {
        try (OrtSession.SessionOptions o = OrtSettings.cpu(intraOpThreads).sessionOptions()) {
            return new OnnxClassifier(OrtEnvironment.getEnvironment().createSession(model.toByteArray(), o), dimension);
        }
    }

    /** A classifier over a model file (e.g. {@code <repository>/logllm_classifier/1/model.onnx}). */
    public static OnnxClassifier open(Path model, int dimension, int intraOpThreads) throws OrtException {
        return open(model, dimension, OrtSettings.cpu(intraOpThreads));
    }

    /**
     * A classifier over a model file, run as {@code settings} say (threads, CPU or CUDA); weights in
     * external data ({@code model.onnx.data}) are read from beside the file.
     */
    public static OnnxClassifier open(Path model, int dimension, OrtSettings settings) throws OrtException {
        try (OrtSession.SessionOptions o = settings.sessionOptions()) {
            return new OnnxClassifier(OrtEnvironment.getEnvironment().createSession(model.toString(), o), dimension);
        }
    }


    /** p_anomalous per sequence for [B][n][D] embeddings and a [B][n] mask. */
    public float[] predict(float[][][] embeddings, long[][] mask) {
        int b = embeddings.length;
        int n = embeddings[0].length;
        float[] flat = new float[b * n * dimension];
        long[] mk = new long[b * n];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(embeddings[i][j], 0, flat, (i * n + j) * dimension, dimension);
                mk[i * n + j] = mask[i][j];
            }
        }
        return predict(flat, mk, b, n);
    }

    /** p_anomalous per sequence for row-major embeddings [B, n, D] and mask [B, n]. */
    public float[] predict(float[] embeddings, long[] mask, int batch, int messages) {
        return predict(embeddings, mask, batch, messages, null);
    }

    /** Whether the model takes retrieved context ({@link ModelContract#CLASSIFIER_CONTEXT_INPUTS}). */
    public boolean takesContext() {
        return context;
    }

    /**
     * p_anomalous per sequence for row-major embeddings [B, n, D] and mask [B, n], and the retrieved
     * context when the model takes it.
     *
     * @throws IllegalArgumentException when context is given to a model without it, or missing for one with it
     */
    public float[] predict(float[] embeddings, long[] mask, int batch, int messages, LlmBackend.Context context) {
        if (takesContext() != (context != null)) {
            throw new IllegalArgumentException(takesContext()
                    ? "this classifier was trained with retrieved context and needs it (a knowledge file, --context)"
                    : "this classifier was trained without retrieved context; it cannot take any");
        }
        List<OnnxTensor> tensors = new ArrayList<>();
        try {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(ModelContract.CLASSIFIER_INPUTS.get(0), add(tensors, OnnxTensor.createTensor(env, FloatBuffer.wrap(embeddings),
                    new long[] {batch, messages, dimension})));
            in.put(ModelContract.CLASSIFIER_INPUTS.get(1), add(tensors, OnnxTensor.createTensor(env, LongBuffer.wrap(mask),
                    new long[] {batch, messages})));
            if (context != null) {
                in.put(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0), add(tensors, OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(context.embeddings()), new long[] {batch, context.contexts(), dimension})));
                in.put(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(1), add(tensors, OnnxTensor.createTensor(env,
                        LongBuffer.wrap(context.mask()), new long[] {batch, context.contexts()})));
            }
            try (OrtSession.Result r = session.run(in)) {
                FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] p = new float[batch];
                out.get(p);
                return p;
            }
        } catch (OrtException ex) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + " sequences", ex);
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor add(List<OnnxTensor> all, OnnxTensor t) {
        all.add(t);
        return t;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
