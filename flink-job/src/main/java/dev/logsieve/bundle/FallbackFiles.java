package dev.logsieve.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.features.EncodedUnseen;
import dev.logsieve.features.TemplateFallback;
import dev.logsieve.inference.MessageTokenizer;
import dev.logsieve.inference.OnnxEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The semantic fallback's files in a model bundle ({@link TemplateFallback}); present only when
 * training chose a threshold:
 *
 * <pre>
 * &lt;bundle&gt;/fallback/templates.json   the threshold and every vocabulary template's embedding
 * &lt;bundle&gt;/fallback/encoder.onnx     the encoder that made them, and that embeds new templates
 * &lt;bundle&gt;/fallback/tokenizer.json   its tokenizer
 * </pre>
 *
 * The embeddings are little-endian FP32, one row per vocabulary column, base64 in the JSON. Every
 * file is listed with its SHA-256 in the manifest and checked when the judge opens it.
 */
public final class FallbackFiles {
    /** The folder of the files. */
    public static final String FOLDER = "fallback";
    public static final String TEMPLATES = FOLDER + "/templates.json";
    public static final String ENCODER = FOLDER + "/encoder.onnx";
    public static final String TOKENIZER = FOLDER + "/tokenizer.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FallbackFiles() {}

    /**
     * Writes the fallback's files into {@code bundle}; call before {@link ModelBundle#write}, which
     * records their checksums.
     *
     * @param source    what the encoder is, for people reading the file
     * @param maxTokens the tokens per message the encoder reads at most
     */
    public static void write(Path bundle, TemplateFallback fallback, byte[] encoderModel, byte[] tokenizerJson,
                             String source, int maxTokens) throws IOException {
        Files.createDirectories(bundle.resolve(FOLDER));
        int dimension = fallback.size() == 0 ? 0 : fallback.embedding(0).length;
        ByteBuffer buf = ByteBuffer.allocate(fallback.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < fallback.size(); c++) {
            for (float v : fallback.embedding(c)) {
                buf.putFloat(v);
            }
        }
        ObjectNode t = JSON.createObjectNode();
        t.put("threshold", fallback.threshold());
        t.put("encoder", source);
        t.put("maxTokens", maxTokens);
        t.put("templates", fallback.size());
        t.put("dimension", dimension);
        t.put("embeddings", Base64.getEncoder().encodeToString(buf.array()));
        JSON.writeValue(bundle.resolve(TEMPLATES).toFile(), t);
        Files.write(bundle.resolve(ENCODER), encoderModel);
        Files.write(bundle.resolve(TOKENIZER), tokenizerJson);
    }

    /** True when the bundle has a semantic fallback. */
    public static boolean present(Path bundle) {
        return Files.isRegularFile(bundle.resolve(TEMPLATES));
    }

    /** The fallback that {@code templates.json}'s tree {@code t} holds, checked against the vocabulary. */
    private static TemplateFallback fallback(Path bundle, JsonNode t, int vocabularySize) throws BundleException {
        int templates = t.path("templates").asInt(-1);
        int dimension = t.path("dimension").asInt(-1);
        if (templates != vocabularySize) {
            throw new BundleException("model bundle " + bundle + ": " + TEMPLATES + " holds " + templates
                    + " templates, the vocabulary " + vocabularySize);
        }
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(t.path("embeddings").asText())).order(ByteOrder.LITTLE_ENDIAN);
        if (dimension < 0 || buf.remaining() != templates * dimension * Float.BYTES) {
            throw new BundleException("model bundle " + bundle + ": " + TEMPLATES + " holds " + buf.remaining()
                    + " bytes of embeddings, not " + templates + " x " + dimension + " floats");
        }
        float[][] known = new float[templates][dimension];
        for (float[] row : known) {
            for (int d = 0; d < dimension; d++) {
                row[d] = buf.getFloat();
            }
        }
        try {
            return new TemplateFallback(known, t.path("threshold").asDouble(Double.NaN));
        } catch (IllegalArgumentException e) {
            throw new BundleException("model bundle " + bundle + ": " + TEMPLATES + ": " + e.getMessage(), e);
        }
    }

    /** The fallback with its encoder open; close it to release the encoder's native memory. */
    public record Opened(EncodedUnseen unseen, OnnxEncoder encoder) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            encoder.close();
        }
    }

    /**
     * Opens the fallback of a bundle, its files checked against the manifest and the vocabulary: its
     * embeddings and its encoder on ONNX Runtime (one intra-op thread per call; new templates are
     * rare).
     *
     * @return null when the bundle has none
     */
    public static Opened open(Path bundle, int vocabularySize) throws IOException {
        if (!present(bundle)) {
            return null;
        }
        ModelBundle.verifyModelFiles(bundle, java.util.List.of(FOLDER));
        JsonNode t = JSON.readTree(bundle.resolve(TEMPLATES).toFile());
        TemplateFallback fallback = fallback(bundle, t, vocabularySize);
        int maxTokens = t.path("maxTokens").asInt(100);
        MessageTokenizer tokenizer = MessageTokenizer.fromFile(bundle.resolve(TOKENIZER), maxTokens);
        OnnxEncoder encoder;
        try {
            encoder = OnnxEncoder.open(bundle.resolve(ENCODER), tokenizer, OnnxEncoder.DEFAULT_BATCH, 1);
        } catch (ai.onnxruntime.OrtException e) {
            tokenizer.close();
            throw new BundleException("model bundle " + bundle + ": ONNX Runtime cannot open " + ENCODER + ": " + e.getMessage(), e);
        }
        return new Opened(new EncodedUnseen(fallback, encoder), encoder);
    }
}
