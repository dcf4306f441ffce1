package dev.logsieve.llm.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Starts the classifier's decoder from a Hugging Face Llama checkpoint folder (docs/llama.md):
 * {@code config.json}, {@code model.safetensors} (or shards listed by
 * {@code model.safetensors.index.json}) and {@code tokenizer.json}.
 *
 * <p>The import gives a {@link ClassifierConfig} and {@link ClassifierWeights} that
 * {@link DjlClassifier}, {@link ClassifierExport} and {@link ClassifierTrainer} use as they are:
 * <ul>
 *   <li>sizes: width = {@code hidden_size}, heads = {@code num_attention_heads}, ffn =
 *       {@code intermediate_size}, {@code rope_theta}, {@code rms_norm_eps}; D = the given
 *       message-embedding width;</li>
 *   <li>reduced vocabulary ({@link LlamaPrompt}): only the prompt's and the answers' tokens;
 *       {@code embed_tokens} keeps those rows and {@code lm_head} those columns (the pad and unk
 *       entries get zero rows and columns). The softmax of the training loss then runs over the
 *       reduced vocabulary: its normaliser changes, but p_anomalous, which compares the anomalous
 *       against the normal logit only, is exactly the full model's;</li>
 *   <li>matrices transposed from PyTorch's {@code [out, in]} to {@code [in, out]}; grouped-query
 *       attention expanded: each key/value head's rows repeated for its group of query heads
 *       (query head h uses key/value head {@code h / (heads / kvHeads)}, as Hugging Face's
 *       {@code repeat_kv}), so {@code wk} and {@code wv} are [W, W] and the attention is the same;</li>
 *   <li>F32, F16 and BF16 tensors converted to float32; only the needed rows of
 *       {@code embed_tokens} (and of {@code lm_head}) are read from the file;</li>
 *   <li>the projector freshly initialised, seeded: weight N(0, 1/D), bias N(0, 0.1²), as
 *       {@link ClassifierWeights#random} initialises it.</li>
 * </ul>
 *
 * Before any data is read, every needed tensor is checked (present, a supported dtype, the shape
 * {@code config.json} implies) and the float32 size of the result is estimated: a tensor that a
 * Java array cannot hold, or a total beyond the maximum heap, fails with a message naming it.
 *
 * @param config the classifier configuration
 * @param weights the imported weights (pretrained decoder, fresh projector)
 * @param llama the checkpoint's configuration
 * @param prompt the reduced vocabulary and prompt tokens
 */
public record LlamaCheckpoint(ClassifierConfig config, ClassifierWeights weights, LlamaConfig llama,
        LlamaPrompt prompt) {

    /** The configuration file of a checkpoint folder. */
    public static final String CONFIG = "config.json";
    /** The tokenizer file of a checkpoint folder. */
    public static final String TOKENIZER = "tokenizer.json";

    /**
     * Import options.
     *
     * @param dimension D, the message-embedding width (the projector's input)
     * @param seed seed of the projector's initialisation
     * @param bos whether the prefix starts with the tokenizer's BOS token (as Llama's prompts do)
     * @param maxMessages most messages per sequence
     * @param ignoreRopeScaling import a checkpoint with {@code rope_scaling} (e.g. Llama 3.1) anyway,
     *     with plain RoPE: positions here stay below a few hundred, where Llama 3's scaling changes
     *     only the lowest frequencies slightly, but the result is not exactly the original model
     * @param maxContext most retrieved context vectors per sequence ({@link ClassifierConfig#maxContext()});
     *     above 0 the tokenizer also encodes the context prompt, which then holds the BOS token
     */
    public record Options(int dimension, long seed, boolean bos, int maxMessages, boolean ignoreRopeScaling,
            int maxContext) {

        /** Checks the values. */
        public Options {
            if (dimension <= 0 || maxMessages <= 0 || maxContext < 0) {
                throw new IllegalArgumentException("dimension and maxMessages must be positive, maxContext not negative");
            }
        }

        /** Without retrieved context. */
        public Options(int dimension, long seed, boolean bos, int maxMessages, boolean ignoreRopeScaling) {
            this(dimension, seed, bos, maxMessages, ignoreRopeScaling, 0);
        }

        /** These options with up to {@code k} retrieved context vectors per sequence. */
        public Options withContext(int k) {
            return new Options(dimension, seed, bos, maxMessages, ignoreRopeScaling, k);
        }

        /** BOS on, {@value ClassifierConfig#MAX_MESSAGES} messages, rope scaling refused. */
        public static Options of(int dimension, long seed) {
            return new Options(dimension, seed, true, ClassifierConfig.MAX_MESSAGES, false);
        }
    }

    /** Imports a checkpoint folder with {@link Options#of} defaults. */
    public static LlamaCheckpoint load(Path dir, int dimension, long seed) throws IOException {
        return load(dir, Options.of(dimension, seed));
    }

    /** Imports a checkpoint folder. */
    public static LlamaCheckpoint load(Path dir, Options options) throws IOException {
        LlamaConfig llama = LlamaConfig.read(dir.resolve(CONFIG));
        if (llama.ropeScaling() && !options.ignoreRopeScaling()) {
            throw new IllegalArgumentException(dir.resolve(CONFIG) + ": rope_scaling is set, which the decoder's RoPE "
                    + "does not implement (Options.ignoreRopeScaling imports it with plain RoPE)");
        }
        LlamaPrompt prompt = LlamaPrompt.of(dir.resolve(TOKENIZER), options.bos(), options.maxContext() > 0);
        for (int id : prompt.sourceIds()) {
            if (id >= llama.vocabSize()) {
                throw new IllegalArgumentException(dir.resolve(TOKENIZER) + ": token id " + id
                        + " is outside vocab_size " + llama.vocabSize());
            }
        }
        ClassifierConfig config = new ClassifierConfig(options.dimension(), llama.hiddenSize(), llama.layers(),
                llama.heads(), llama.intermediateSize(), options.maxMessages(), llama.ropeTheta(), llama.rmsEps(),
                ClassifierConfig.DEFAULT_PREFIX, ClassifierConfig.DEFAULT_SUFFIX, prompt.anomalous(), prompt.normal(),
                prompt.vocabulary(), prompt.prefixTokens(), prompt.suffixTokens(), 0, null,
                prompt.contextTokens().isEmpty() ? null : prompt.contextTokens()).withContext(options.maxContext());
        try (SafetensorsCheckpoint files = SafetensorsCheckpoint.open(dir)) {
            LlamaTensors tensors = new LlamaTensors(llama, files);
            tensors.check(config);
            return new LlamaCheckpoint(config, convert(config, llama, prompt, tensors, options.seed()), llama, prompt);
        }
    }

    private static ClassifierWeights convert(ClassifierConfig c, LlamaConfig llama, LlamaPrompt prompt,
            LlamaTensors src, long seed) throws IOException {
        int w = c.width();
        int v = c.vocabulary().size();
        int[] rows = prompt.sourceIds().stream().mapToInt(Integer::intValue).toArray();
        Map<String, ClassifierWeights.Tensor> t = new LinkedHashMap<>();
        t.put("embed_tokens", tensor(src.rows(LlamaTensors.EMBED, rows), v, w));
        Random r = new Random(seed);
        t.put("projector.weight", tensor(gaussian(r, c.dimension() * w, 1 / Math.sqrt(c.dimension())), c.dimension(), w));
        t.put("projector.bias", tensor(gaussian(r, w, 0.1), w));
        for (int l = 0; l < c.layers(); l++) {
            String p = "layers." + l + ".";
            t.put(p + "attn_norm", tensor(src.read(LlamaTensors.layer(l, "input_layernorm")), w));
            t.put(p + "wq", tensor(transpose(src.read(LlamaTensors.layer(l, "self_attn.q_proj")), w, w), w, w));
            t.put(p + "wk", tensor(transpose(expand(src.read(LlamaTensors.layer(l, "self_attn.k_proj")), llama), w, w), w, w));
            t.put(p + "wv", tensor(transpose(expand(src.read(LlamaTensors.layer(l, "self_attn.v_proj")), llama), w, w), w, w));
            t.put(p + "wo", tensor(transpose(src.read(LlamaTensors.layer(l, "self_attn.o_proj")), w, w), w, w));
            t.put(p + "ffn_norm", tensor(src.read(LlamaTensors.layer(l, "post_attention_layernorm")), w));
            int f = c.ffn();
            t.put(p + "w_gate", tensor(transpose(src.read(LlamaTensors.layer(l, "mlp.gate_proj")), f, w), w, f));
            t.put(p + "w_up", tensor(transpose(src.read(LlamaTensors.layer(l, "mlp.up_proj")), f, w), w, f));
            t.put(p + "w_down", tensor(transpose(src.read(LlamaTensors.layer(l, "mlp.down_proj")), w, f), f, w));
        }
        t.put("norm", tensor(src.read(LlamaTensors.NORM), w));
        t.put("lm_head", tensor(transpose(src.rows(src.head(), rows), v, w), w, v));
        return new ClassifierWeights(t).check(c);
    }

    /**
     * Grouped-query key/value projection {@code [kvHeads · hs, W]} to {@code [heads · hs, W]}: query
     * head h gets key/value head {@code h / (heads / kvHeads)}'s rows.
     */
    static float[] expand(float[] kv, LlamaConfig llama) {
        int group = llama.heads() / llama.kvHeads();
        if (group == 1) {
            return kv;
        }
        int block = llama.headDim() * llama.hiddenSize(); // one head's rows
        float[] out = new float[llama.heads() * block];
        for (int h = 0; h < llama.heads(); h++) {
            System.arraycopy(kv, (h / group) * block, out, h * block, block);
        }
        return out;
    }

    /** A row-major [rows, cols] matrix transposed to [cols, rows]. */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] out = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = m[i * cols + j];
            }
        }
        return out;
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (std * r.nextGaussian());
        }
        return d;
    }

    private static ClassifierWeights.Tensor tensor(float[] data, long... shape) {
        return new ClassifierWeights.Tensor(shape, data);
    }

    /** Float32 bytes of the imported weights (what {@link #weights()} holds). */
    public long float32Bytes() {
        return weights.tensors().values().stream().mapToLong(t -> 4L * t.data().length).sum();
    }

    /**
     * Imports a checkpoint and writes the classifier's files:
     * {@code LlamaCheckpoint <checkpoint-dir> <dimension> <config.json out> <weights.safetensors out> [seed]};
     * {@link ClassifierExport#main} reads the same two files.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: LlamaCheckpoint <checkpoint-dir> <dimension> <config.json> <weights.safetensors> [seed]");
            System.exit(2);
        }
        LlamaCheckpoint c = load(Path.of(args[0]), Integer.parseInt(args[1]), args.length > 4 ? Long.parseLong(args[4]) : 42);
        System.out.println(c.summary());
        java.nio.file.Files.writeString(Path.of(args[2]), c.config().toJson());
        c.weights().write(Path.of(args[3]));
    }

    /** One line describing the import, for logs. */
    public String summary() {
        return String.format(Locale.ROOT, "Llama checkpoint: width %d, %d layers, %d heads (%d key/value), ffn %d, "
                + "reduced vocabulary %d of %d, prefix %d + suffix %d tokens, answers %s / %s, %.1f MiB float32",
                llama.hiddenSize(), llama.layers(), llama.heads(), llama.kvHeads(), llama.intermediateSize(),
                config.vocabulary().size(), llama.vocabSize(), prompt.prefixTokens().size(), prompt.suffixTokens().size(),
                config.anomalous(), config.normal(), float32Bytes() / 1048576.0);
    }
}
