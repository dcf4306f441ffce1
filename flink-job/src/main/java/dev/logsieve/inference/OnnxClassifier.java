package dev.logsieve.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.logsieve.onnx.ModelProto;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
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

    private OnnxClassifier(OrtSession session, int dimension) {
        this.session = session;
        this.dimension = dimension;
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
        try (OnnxTensor e = OnnxTensor.createTensor(env, FloatBuffer.wrap(embeddings), new long[] {batch, messages, dimension});
                OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {batch, messages});
                OrtSession.Result r = session.run(Map.of(ModelContract.CLASSIFIER_INPUTS.get(0), e, ModelContract.CLASSIFIER_INPUTS.get(1), m))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] p = new float[batch];
            out.get(p);
            return p;
        } catch (OrtException ex) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + " sequences", ex);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
