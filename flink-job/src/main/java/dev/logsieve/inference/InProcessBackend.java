package dev.logsieve.inference;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link LlmBackend} on ONNX Runtime in this process, over a Triton model repository's files
 * ({@code <repository>/logllm_encoder/1/model.onnx}, {@code <repository>/logllm_classifier/1/model.onnx})
 * and the encoder's tokenizer. Calls run on the caller's thread and return completed futures (a
 * failure is a failed future), so the Flink operator that calls it decides the threading.
 */
public final class InProcessBackend implements LlmBackend {

    /** File name of an encoder's model inside its version folder. */
    public static final String MODEL_FILE = "model.onnx";

    private final OnnxEncoder encoder;
    private final OnnxClassifier classifier;

    private InProcessBackend(OnnxEncoder encoder, OnnxClassifier classifier) {
        this.encoder = encoder;
        this.classifier = classifier;
    }

    /** A backend over models already open; owns (closes) both. */
    public static InProcessBackend of(OnnxEncoder encoder, OnnxClassifier classifier) {
        return new InProcessBackend(encoder, classifier);
    }

    /**
     * Opens the repository's two models.
     *
     * @param repository a Triton model repository holding the two models of {@link ModelContract}
     * @param tokenizerJson the encoder's {@code tokenizer.json}
     * @param maxTokens most tokens per message (LogLLM: 100)
     * @param intraOpThreads ONNX Runtime threads per call
     */
    public static InProcessBackend open(Path repository, Path tokenizerJson, int maxTokens, int intraOpThreads)
            throws IOException {
        return open(repository, tokenizerJson, maxTokens, OrtSettings.cpu(intraOpThreads));
    }

    /** As {@link #open(Path, Path, int, int)}, the sessions run as {@code settings} say (threads, CPU or CUDA). */
    public static InProcessBackend open(Path repository, Path tokenizerJson, int maxTokens, OrtSettings settings)
            throws IOException {
        Path enc = model(repository, ModelContract.ENCODER_MODEL);
        Path cls = model(repository, ModelContract.CLASSIFIER_MODEL);
        MessageTokenizer tokenizer = MessageTokenizer.fromFile(tokenizerJson, maxTokens);
        OnnxEncoder encoder = null;
        try {
            encoder = OnnxEncoder.open(enc, tokenizer, OnnxEncoder.DEFAULT_BATCH, settings);
            return new InProcessBackend(encoder, OnnxClassifier.open(cls, encoder.dimension(), settings));
        } catch (OrtException e) {
            if (encoder != null) {
                closeQuietly(encoder);
            } else {
                tokenizer.close();
            }
            throw new IOException("ONNX Runtime cannot load the models in " + repository + ": " + e.getMessage(), e);
        }
    }

    /** {@code <repository>/<name>/1/model.onnx}, which must exist. */
    public static Path model(Path repository, String name) throws IOException {
        Path p = repository.resolve(name).resolve("1").resolve(MODEL_FILE);
        if (!Files.isRegularFile(p)) {
            throw new IOException("model repository " + repository + " has no " + name + "/1/" + MODEL_FILE);
        }
        return p;
    }

    @Override
    public int dimension() {
        return encoder.dimension();
    }

    @Override
    public CompletableFuture<float[][]> embed(List<String> messages) {
        try {
            return CompletableFuture.completedFuture(encoder.embed(messages));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<float[]> classify(float[] embeddings, long[] mask, int batch, int messages, Context context) {
        try {
            return CompletableFuture.completedFuture(classifier.predict(embeddings, mask, batch, messages, context));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean takesContext() {
        return classifier.takesContext();
    }

    @Override
    public String describe() {
        return "in-process (ONNX Runtime)";
    }

    @Override
    public void close() {
        try {
            closeQuietly(encoder);
        } finally {
            try {
                classifier.close();
            } catch (OrtException e) {
                // a session that will not close leaks native memory only; nothing to recover
            }
        }
    }

    private static void closeQuietly(OnnxEncoder e) {
        try {
            e.close();
        } catch (OrtException ex) {
            // as above
        }
    }
}
