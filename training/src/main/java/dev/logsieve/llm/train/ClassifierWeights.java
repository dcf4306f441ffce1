package dev.logsieve.llm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The classifier's weights: named FP32 tensors, the same for every implementation
 * ({@link DjlClassifier}, {@link ClassifierExport}). Matrices are stored {@code [in, out]} and
 * applied as {@code x · W} (the transpose of PyTorch's {@code nn.Linear.weight}).
 *
 * <table>
 *   <caption>Tensors (V vocabulary, D message dimension, W width, F FFN width)</caption>
 *   <tr><td>{@code embed_tokens}</td><td>[V, W]</td><td>token embeddings</td></tr>
 *   <tr><td>{@code projector.weight}, {@code projector.bias}</td><td>[D, W], [W]</td><td>message projector</td></tr>
 *   <tr><td>{@code layers.i.attn_norm}, {@code layers.i.ffn_norm}</td><td>[W]</td><td>RMSNorm gains</td></tr>
 *   <tr><td>{@code layers.i.wq}, {@code wk}, {@code wv}, {@code wo}</td><td>[W, W]</td><td>attention</td></tr>
 *   <tr><td>{@code layers.i.w_gate}, {@code w_up}, {@code w_down}</td><td>[W, F], [W, F], [F, W]</td><td>SwiGLU</td></tr>
 *   <tr><td>{@code norm}</td><td>[W]</td><td>final RMSNorm gain</td></tr>
 *   <tr><td>{@code lm_head}</td><td>[W, V]</td><td>output logits</td></tr>
 * </table>
 *
 * <p>Files use the safetensors layout, so Python's {@code safetensors} reads them too: an 8-byte
 * little-endian header length N, N bytes of JSON ({@code {"name": {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}, ..., "__metadata__": {"format": "logsieve-classifier"}}}), then
 * the tensors' little-endian float32 data, row-major, at those offsets of the data section.
 * Immutable after construction (arrays are not copied out: callers must not modify them).
 */
public final class ClassifierWeights {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Tensor> tensors;

    /** One named tensor: shape and row-major data. */
    public record Tensor(long[] shape, float[] data) {
        /** Checks that the data fits the shape. */
        public Tensor {
            if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " != " + data.length + " values");
            }
        }
    }

    /** Weights from named tensors (kept in order). */
    public ClassifierWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensors by name, in file order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** One tensor; fails when absent. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        return t;
    }

    /** Names and shapes the configuration needs, in order. */
    public static Map<String, long[]> shapes(ClassifierConfig c) {
        long v = c.vocabulary().size();
        long w = c.width();
        long f = c.ffn();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("embed_tokens", new long[] {v, w});
        s.put("projector.weight", new long[] {c.dimension(), w});
        s.put("projector.bias", new long[] {w});
        for (int i = 0; i < c.layers(); i++) {
            String p = "layers." + i + ".";
            s.put(p + "attn_norm", new long[] {w});
            for (String m : List.of("wq", "wk", "wv", "wo")) {
                s.put(p + m, new long[] {w, w});
            }
            s.put(p + "ffn_norm", new long[] {w});
            s.put(p + "w_gate", new long[] {w, f});
            s.put(p + "w_up", new long[] {w, f});
            s.put(p + "w_down", new long[] {f, w});
        }
        s.put("norm", new long[] {w});
        s.put("lm_head", new long[] {w, v});
        return s;
    }

    /** Fails unless every tensor the configuration needs is present with its shape. */
    public ClassifierWeights check(ClassifierConfig c) {
        for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
            if (!Arrays.equals(get(e.getKey()).shape(), e.getValue())) {
                throw new IllegalArgumentException(e.getKey() + " has shape " + Arrays.toString(get(e.getKey()).shape())
                        + ", the configuration needs " + Arrays.toString(e.getValue()));
            }
        }
        return this;
    }

    /**
     * Random weights (fixed seed): matrices N(0, 1/fan_in), embeddings N(0, 1), norm gains
     * 1 + N(0, 0.1²), bias N(0, 0.1²) — a Llama-like initialisation for tests and training starts.
     */
    public static ClassifierWeights random(ClassifierConfig c, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
            long[] shape = e.getValue();
            float[] d = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            String name = e.getKey();
            boolean norm = name.endsWith("norm");
            double std = norm || name.endsWith("bias") ? 0.1 : name.equals("embed_tokens") ? 1.0 : 1 / Math.sqrt(shape[0]);
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((norm ? 1 : 0) + std * r.nextGaussian());
            }
            t.put(name, new Tensor(shape, d));
        }
        return new ClassifierWeights(t);
    }

    /** Writes the safetensors form. */
    public void write(OutputStream out) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", "F32");
            long[] shape = e.getValue().shape();
            for (long s : shape) {
                n.withArray("shape").add(s);
            }
            if (shape.length == 0) {
                n.putArray("shape");
            }
            long end = offset + 4L * e.getValue().data().length;
            n.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        header.putObject("__metadata__").put("format", "logsieve-classifier");
        byte[] h = JSON.writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8; // safetensors pads the header with spaces to 8 bytes
        byte[] hp = Arrays.copyOf(h, padded);
        Arrays.fill(hp, h.length, padded, (byte) ' ');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(hp);
        for (Tensor t : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            out.write(b.array());
        }
    }

    /** Reads the safetensors form (F32 tensors only). */
    public static ClassifierWeights read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(b.getLong(0));
        JsonNode header = JSON.readTree(new String(all, 8, n, StandardCharsets.UTF_8));
        int base = 8 + n;
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            if (!e.getValue().path("dtype").asText().equals("F32")) {
                throw new IOException(e.getKey() + " is not F32");
            }
            long[] shape = new long[e.getValue().path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().path("shape").get(i).asLong();
            }
            int begin = e.getValue().path("data_offsets").get(0).asInt();
            int end = e.getValue().path("data_offsets").get(1).asInt();
            float[] d = new float[(end - begin) / 4];
            ByteBuffer.wrap(all, base + begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(d);
            t.put(e.getKey(), new Tensor(shape, d));
        }
        return new ClassifierWeights(t);
    }

    /** Writes a file (creates the parent folders). */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /** Reads a file. */
    public static ClassifierWeights read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }
}
