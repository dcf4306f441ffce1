package dev.logsieve.llm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny Hugging Face Llama checkpoint written by hand for tests: random tensors in HF layout
 * ({@code [out, in]}), {@code config.json}, safetensors in F32, F16 or BF16 (one file or shards
 * with an index) and a WordPiece {@code tokenizer.json} that covers LogLLM's prompt.
 *
 * <p>Every value is {@code m · 2^-9} with |m| ≤ 127 (norm gains {@code (128 + m) · 2^-7}), exact in
 * BF16 and F16, so the reference forward pass uses the same numbers whatever the file's dtype.
 */
final class TinyLlama {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The tokenizer's vocabulary: id = index. "anomalous" is split into "anom" + "##alous". */
    static final List<String> VOCAB = List.of("[UNK]", "<s>", "</s>", "filler", "Below", "zebra", "is", "a", "sequence",
            "of", "system", "log", "messages", ":", "quartz", ".", "Is", "this", "normal", "or", "anom", "##alous", "?",
            "the", "block", "served", "deleted", "error", "packet", "received", "terminating", "x", "y", "z", "w",
            "v", "u", "t", "s", "r");

    /** Sizes and variant of a checkpoint. */
    record Spec(int hidden, int layers, int heads, int kvHeads, int ffn, double ropeTheta, boolean tied, String dtype,
            int shards) {

        static Spec base() {
            return new Spec(16, 2, 4, 4, 24, 500000.0, false, "F32", 1);
        }

        Spec dtype(String d) {
            return new Spec(hidden, layers, heads, kvHeads, ffn, ropeTheta, tied, d, shards);
        }

        Spec kvHeads(int kv) {
            return new Spec(hidden, layers, heads, kv, ffn, ropeTheta, tied, dtype, shards);
        }

        Spec tiedEmbeddings() {
            return new Spec(hidden, layers, heads, kvHeads, ffn, ropeTheta, true, dtype, shards);
        }

        Spec shards(int n) {
            return new Spec(hidden, layers, heads, kvHeads, ffn, ropeTheta, tied, dtype, n);
        }

        int headDim() {
            return hidden / heads;
        }
    }

    /** One HF tensor: shape and values. */
    record T(long[] shape, float[] data) {}

    final Spec spec;
    final Map<String, T> tensors = new LinkedHashMap<>();

    private TinyLlama(Spec spec, long seed) {
        this.spec = spec;
        Random r = new Random(seed);
        for (Map.Entry<String, long[]> e : shapes(spec).entrySet()) {
            float[] d = new float[Math.toIntExact(Arrays.stream(e.getValue()).reduce(1, (x, y) -> x * y))];
            boolean norm = e.getKey().endsWith("norm.weight");
            for (int i = 0; i < d.length; i++) {
                int m = r.nextInt(255) - 127;
                d[i] = norm ? (128 + m / 4) / 128f : m / 512f;
            }
            tensors.put(e.getKey(), new T(e.getValue(), d));
        }
    }

    /** Random tensors for a spec. */
    static TinyLlama random(Spec spec, long seed) {
        return new TinyLlama(spec, seed);
    }

    /** HF tensor names and [out, in] shapes of a spec. */
    static Map<String, long[]> shapes(Spec spec) {
        long w = spec.hidden();
        long kv = (long) spec.kvHeads() * spec.headDim();
        long v = VOCAB.size();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.embed_tokens.weight", new long[] {v, w});
        for (int l = 0; l < spec.layers(); l++) {
            String p = "model.layers." + l + ".";
            s.put(p + "input_layernorm.weight", new long[] {w});
            s.put(p + "self_attn.q_proj.weight", new long[] {w, w});
            s.put(p + "self_attn.k_proj.weight", new long[] {kv, w});
            s.put(p + "self_attn.v_proj.weight", new long[] {kv, w});
            s.put(p + "self_attn.o_proj.weight", new long[] {w, w});
            s.put(p + "post_attention_layernorm.weight", new long[] {w});
            s.put(p + "mlp.gate_proj.weight", new long[] {spec.ffn(), w});
            s.put(p + "mlp.up_proj.weight", new long[] {spec.ffn(), w});
            s.put(p + "mlp.down_proj.weight", new long[] {w, spec.ffn()});
        }
        s.put("model.norm.weight", new long[] {w});
        if (!spec.tied()) {
            s.put("lm_head.weight", new long[] {v, w});
        }
        return s;
    }

    /**
     * A checkpoint folder whose safetensors header declares the spec's tensors without their data
     * (for the memory guard, which must fail before reading any).
     */
    static Path writeHeaderOnly(Spec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeConfig(dir, config(spec));
        writeTokenizer(dir);
        Map<String, T> t = new LinkedHashMap<>();
        shapes(spec).forEach((n, shape) -> t.put(n, new T(shape, null)));
        writeSafetensors(dir.resolve("model.safetensors"), t, spec.dtype());
        return dir;
    }

    /** The HF tensor used as lm_head ([V, W]). */
    T lmHead() {
        return tensors.get(spec.tied() ? "model.embed_tokens.weight" : "lm_head.weight");
    }

    /** Writes config.json, the safetensors file(s) and tokenizer.json into a folder. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeConfig(dir, config(spec));
        writeTokenizer(dir);
        List<String> names = new ArrayList<>(tensors.keySet());
        if (spec.shards() == 1) {
            writeSafetensors(dir.resolve("model.safetensors"), select(names), spec.dtype());
        } else {
            ObjectNode index = JSON.createObjectNode();
            index.putObject("metadata").put("total_size", 0);
            ObjectNode map = index.putObject("weight_map");
            int per = (names.size() + spec.shards() - 1) / spec.shards();
            for (int s = 0; s < spec.shards(); s++) {
                String file = String.format("model-%05d-of-%05d.safetensors", s + 1, spec.shards());
                List<String> part = names.subList(s * per, Math.min(names.size(), (s + 1) * per));
                part.forEach(n -> map.put(n, file));
                writeSafetensors(dir.resolve(file), select(part), spec.dtype());
            }
            Files.write(dir.resolve("model.safetensors.index.json"), JSON.writeValueAsBytes(index));
        }
        return dir;
    }

    private Map<String, T> select(List<String> names) {
        Map<String, T> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, tensors.get(n)));
        return m;
    }

    /** A spec's config.json (callers may edit it before {@link #writeConfig}). */
    static ObjectNode config(Spec spec) {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("hidden_size", spec.hidden());
        c.put("num_hidden_layers", spec.layers());
        c.put("num_attention_heads", spec.heads());
        c.put("num_key_value_heads", spec.kvHeads());
        c.put("intermediate_size", spec.ffn());
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", spec.ropeTheta());
        c.put("vocab_size", VOCAB.size());
        c.put("tie_word_embeddings", spec.tied());
        c.put("hidden_act", "silu");
        c.put("torch_dtype", "bfloat16");
        c.putNull("rope_scaling");
        return c;
    }

    static void writeConfig(Path dir, ObjectNode config) throws IOException {
        Files.write(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    }

    /**
     * Writes a safetensors file: 8-byte LE header length, JSON header, data. A tensor whose data is
     * null is declared in the header only (its offsets as the shape implies, no bytes written).
     */
    static void writeSafetensors(Path file, Map<String, T> tensors, String dtype) throws IOException {
        int size = dtype.equals("F32") ? 4 : 2;
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, T> e : tensors.entrySet()) {
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", dtype);
            ArrayNode shape = n.putArray("shape");
            long count = 1;
            for (long s : e.getValue().shape()) {
                shape.add(s);
                count *= s;
            }
            n.putArray("data_offsets").add(offset).add(offset + count * size);
            offset += count * size;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            for (T t : tensors.values()) {
                if (t.data() == null) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.allocate(t.data().length * size).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : t.data()) {
                    switch (dtype) {
                        case "F32" -> b.putFloat(f);
                        case "BF16" -> b.putShort(bf16(f));
                        case "F16" -> b.putShort(f16(f));
                        default -> throw new IllegalArgumentException(dtype);
                    }
                }
                out.write(b.array());
            }
        }
    }

    /** BF16 bits of a float exact in BF16. */
    static short bf16(float f) {
        int bits = Float.floatToIntBits(f);
        if ((bits & 0xffff) != 0) {
            throw new IllegalArgumentException(f + " is not exact in BF16");
        }
        return (short) (bits >>> 16);
    }

    /** F16 bits of a float exact in F16 as a normal number (or zero). */
    static short f16(float f) {
        if (f == 0) {
            return 0;
        }
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = Math.getExponent(f) + 15;
        if (exponent <= 0 || exponent >= 31 || (bits & 0x1fff) != 0) {
            throw new IllegalArgumentException(f + " is not exact in F16");
        }
        return (short) (sign | exponent << 10 | (bits >>> 13) & 0x3ff);
    }

    /** A WordPiece tokenizer.json over {@link #VOCAB}, no normalizer (case kept), BOS {@code <s>} added. */
    static void writeTokenizer(Path dir) throws IOException {
        ObjectNode t = JSON.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        ArrayNode added = t.putArray("added_tokens");
        for (int i = 0; i < 3; i++) {
            added.addObject().put("id", i).put("content", VOCAB.get(i)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        t.putNull("normalizer");
        t.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = t.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add("<s>");
        ObjectNode decoder = t.putObject("decoder");
        decoder.put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = t.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < VOCAB.size(); i++) {
            vocab.put(VOCAB.get(i), i);
        }
        Files.write(dir.resolve("tokenizer.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(t));
    }
}
