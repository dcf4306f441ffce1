package dev.logsieve.llm.train;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tensors of a Llama checkpoint under their Hugging Face names ({@code model.embed_tokens.weight},
 * {@code model.layers.N.self_attn.q_proj.weight}, ...), checked against its configuration before
 * anything is read (presence, dtype, shape, the memory guard). Used by {@link LlamaCheckpoint}.
 */
final class LlamaTensors {

    static final String EMBED = "model.embed_tokens.weight";
    static final String NORM = "model.norm.weight";
    static final String LM_HEAD = "lm_head.weight";

    private final LlamaConfig llama;
    private final SafetensorsCheckpoint files;

    LlamaTensors(LlamaConfig llama, SafetensorsCheckpoint files) {
        this.llama = llama;
        this.files = files;
    }

    static String layer(int l, String module) {
        return "model.layers." + l + "." + module + ".weight";
    }

    /** lm_head.weight, or the embeddings when tied (as Hugging Face ties them, a stored lm_head is then unused). */
    String head() {
        return llama.tieWordEmbeddings() ? EMBED : LM_HEAD;
    }

    /** Every tensor read, with its expected [out, in] shape. */
    Map<String, long[]> expected() {
        long w = llama.hiddenSize();
        long kv = (long) llama.kvHeads() * llama.headDim();
        long f = llama.intermediateSize();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put(EMBED, new long[] {llama.vocabSize(), w});
        for (int l = 0; l < llama.layers(); l++) {
            s.put(layer(l, "input_layernorm"), new long[] {w});
            s.put(layer(l, "self_attn.q_proj"), new long[] {w, w});
            s.put(layer(l, "self_attn.k_proj"), new long[] {kv, w});
            s.put(layer(l, "self_attn.v_proj"), new long[] {kv, w});
            s.put(layer(l, "self_attn.o_proj"), new long[] {w, w});
            s.put(layer(l, "post_attention_layernorm"), new long[] {w});
            s.put(layer(l, "mlp.gate_proj"), new long[] {f, w});
            s.put(layer(l, "mlp.up_proj"), new long[] {f, w});
            s.put(layer(l, "mlp.down_proj"), new long[] {w, f});
        }
        s.put(NORM, new long[] {w});
        s.put(head(), new long[] {llama.vocabSize(), w});
        return s;
    }

    /**
     * Presence, dtype and shape of every tensor, then the memory guard: each fully read tensor
     * and each result tensor must fit a Java array, and the result must fit the heap.
     */
    void check(ClassifierConfig c) {
        for (Map.Entry<String, long[]> e : expected().entrySet()) {
            String name = e.getKey();
            if (!files.contains(name)) {
                throw new IllegalArgumentException("the checkpoint has no tensor " + name
                        + (name.equals(LM_HEAD) ? " (and config.json does not set tie_word_embeddings)" : ""));
            }
            SafetensorsReader.Entry entry = files.entry(name);
            if (entry.elementBytes() == 0) {
                throw new IllegalArgumentException(files.fileOf(name) + ": tensor " + name + " has dtype "
                        + entry.dtype() + "; supported are F32, F16 and BF16");
            }
            if (!Arrays.equals(entry.shape(), e.getValue())) {
                throw new IllegalArgumentException(files.fileOf(name) + ": tensor " + name + " has shape "
                        + Arrays.toString(entry.shape()) + ", config.json implies " + Arrays.toString(e.getValue()));
            }
            boolean rowsOnly = name.equals(EMBED) || name.equals(head());
            if (!rowsOnly && entry.elements() > SafetensorsReader.MAX_ARRAY) {
                throw new IllegalArgumentException(files.fileOf(name) + ": tensor " + name + " "
                        + Arrays.toString(entry.shape()) + " has " + entry.elements()
                        + " elements, more than a Java float[] holds (" + SafetensorsReader.MAX_ARRAY + ")");
            }
        }
        long bytes = 0;
        for (Map.Entry<String, long[]> e : ClassifierWeights.shapes(c).entrySet()) {
            long n = Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
            if (n > SafetensorsReader.MAX_ARRAY) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " " + Arrays.toString(e.getValue())
                        + " would have " + n + " elements, more than a Java float[] holds");
            }
            bytes += 4 * n;
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the imported weights need about %.1f GiB as float32, more than the maximum heap of %.1f GiB "
                            + "(raise -Xmx; see docs/llama.md)", bytes / 1073741824.0, heap / 1073741824.0));
        }
    }

    float[] read(String name) throws IOException {
        return files.read(name);
    }

    /** Rows of a [vocab, W] matrix; id -1 (the pad and unk entries) gives a zero row. */
    float[] rows(String name, int[] ids) throws IOException {
        int w = llama.hiddenSize();
        float[] out = new float[ids.length * w];
        int[] real = Arrays.stream(ids).filter(i -> i >= 0).toArray();
        float[] read = files.readRows(name, real);
        int k = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= 0) {
                System.arraycopy(read, k++ * w, out, i * w, w);
            }
        }
        return out;
    }
}
