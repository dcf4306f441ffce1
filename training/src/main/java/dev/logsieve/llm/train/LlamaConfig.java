package dev.logsieve.llm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face Llama {@code config.json} that {@link LlamaCheckpoint} needs.
 *
 * @param hiddenSize {@code hidden_size}, the model width
 * @param layers {@code num_hidden_layers}
 * @param heads {@code num_attention_heads}
 * @param kvHeads {@code num_key_value_heads} (grouped-query attention; defaults to {@code heads})
 * @param intermediateSize {@code intermediate_size}, the SwiGLU width
 * @param rmsEps {@code rms_norm_eps}
 * @param ropeTheta {@code rope_theta} (default 10000)
 * @param vocabSize {@code vocab_size}
 * @param tieWordEmbeddings {@code tie_word_embeddings} (default false): lm_head is embed_tokens
 * @param ropeScaling whether {@code rope_scaling} is set (e.g. Llama 3.1's "llama3" rope type)
 */
public record LlamaConfig(int hiddenSize, int layers, int heads, int kvHeads, int intermediateSize, double rmsEps,
        double ropeTheta, int vocabSize, boolean tieWordEmbeddings, boolean ropeScaling) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the sizes. */
    public LlamaConfig {
        if (hiddenSize <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || intermediateSize <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("config.json: sizes must be positive");
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("config.json: hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("config.json: num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
    }

    /** Size of one attention head. */
    public int headDim() {
        return hiddenSize / heads;
    }

    /** Reads {@code config.json}; fails naming the file and field when it is missing or not a Llama's. */
    public static LlamaConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + file.getFileName() + " in " + file.toAbsolutePath().getParent()
                    + " (a Hugging Face Llama checkpoint folder holds config.json, *.safetensors and tokenizer.json)");
        }
        JsonNode c = JSON.readTree(file.toFile());
        String type = c.path("model_type").asText("");
        if (!type.equals("llama")) {
            throw new IllegalArgumentException(file + ": model_type is \"" + type + "\", only \"llama\" is supported");
        }
        if (!c.path("hidden_act").asText("silu").equals("silu")) {
            throw new IllegalArgumentException(file + ": hidden_act " + c.path("hidden_act").asText()
                    + " is not supported (SwiGLU needs silu)");
        }
        for (String bias : new String[] {"attention_bias", "mlp_bias"}) {
            if (c.path(bias).asBoolean(false)) {
                throw new IllegalArgumentException(file + ": " + bias + " is true; the decoder has no such biases");
            }
        }
        int heads = required(file, c, "num_attention_heads");
        int hidden = required(file, c, "hidden_size");
        if (c.hasNonNull("head_dim") && heads > 0 && c.get("head_dim").asInt() * heads != hidden) {
            throw new IllegalArgumentException(file + ": head_dim " + c.get("head_dim").asInt()
                    + " is not hidden_size / num_attention_heads = " + hidden + " / " + heads + "; not supported");
        }
        return new LlamaConfig(hidden, required(file, c, "num_hidden_layers"), heads,
                c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads,
                required(file, c, "intermediate_size"), c.path("rms_norm_eps").asDouble(1e-6),
                c.path("rope_theta").asDouble(10000.0), required(file, c, "vocab_size"),
                c.path("tie_word_embeddings").asBoolean(false),
                c.hasNonNull("rope_scaling"));
    }

    private static int required(Path file, JsonNode c, String field) {
        if (!c.path(field).isIntegralNumber() || !c.path(field).canConvertToInt()) {
            throw new IllegalArgumentException(file + ": missing or invalid " + field);
        }
        return c.get(field).asInt();
    }
}
