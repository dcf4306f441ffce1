package dev.logsieve.llm.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.inference.OnnxClassifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The classifier at a size beyond 2 GB, end to end, each step in its own JVM so that its peak
 * memory is its own (BENCHMARKS.md, "A decoder beyond 2 GB"):
 *
 * <pre>
 * ./logsieve large-model write DIR                    a random Llama checkpoint, TinyLlama 1.1B's shape, BF16 safetensors
 * ./logsieve large-model export DIR REPO fp32|fp16    import (LlamaCheckpoint) and export (ClassifierExport, external data)
 * ./logsieve large-model score REPO [RUNS]            ONNX Runtime loads REPO's classifier and scores a batch
 * ./logsieve large-model compare REPO_A REPO_B        largest |p_A - p_B| of the two score runs
 * </pre>
 *
 * The checkpoint has TinyLlama 1.1B's published shape (hidden 2,048, 22 layers, 32 heads over 4
 * key/value heads, feed-forward 5,632, vocabulary 32,000; 1.1 B parameters, 2.2 GB in BF16) with
 * weights drawn from N(0, 0.02²) as Hugging Face initialises Llama, and the hand-written WordPiece
 * tokenizer of the tests ({@link TinyLlama#writeTokenizer}). Not a test: it needs about 10 GB of
 * memory and disk and minutes of time.
 */
public final class LargeModelBenchmark {

    static final int HIDDEN = 2048;
    static final int LAYERS = 22;
    static final int HEADS = 32;
    static final int KV_HEADS = 4;
    static final int FFN = 5632;
    static final int VOCAB = 32000;
    static final int BATCH = 8;
    static final int MESSAGES = 100;

    private LargeModelBenchmark() {}

    public static void main(String[] args) throws Exception {
        String step = args.length > 0 ? args[0] : "";
        long t0 = System.nanoTime();
        switch (step) {
            case "write" -> write(Paths.get(arg(args, 1)));
            case "export" -> export(Paths.get(arg(args, 1)), Paths.get(arg(args, 2)),
                    ClassifierRepository.parse(ClassifierExport.Precision.class, arg(args, 3)));
            case "score" -> score(Paths.get(arg(args, 1)), args.length > 2 ? Integer.parseInt(args[2]) : 5);
            case "compare" -> compare(Paths.get(arg(args, 1)), Paths.get(arg(args, 2)));
            default -> {
                System.err.println("usage: large-model write DIR | export DIR REPO fp32|fp16 | score REPO [RUNS]"
                        + " | compare REPO_A REPO_B");
                System.exit(2);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %.1f s, peak RSS %s%n", step, (System.nanoTime() - t0) / 1e9, peakRss());
    }

    private static String arg(String[] args, int i) {
        if (args.length <= i) {
            throw new IllegalArgumentException("large-model " + args[0] + ": argument " + i + " is missing");
        }
        return args[i];
    }

    /** The process's peak resident memory (VmHWM). */
    static String peakRss() throws IOException {
        return Files.readAllLines(Paths.get("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
    }

    /** HF tensor names and [out, in] shapes of the checkpoint. */
    static Map<String, long[]> shapes() {
        long kv = (long) KV_HEADS * (HIDDEN / HEADS);
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.embed_tokens.weight", new long[] {VOCAB, HIDDEN});
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            s.put(p + "input_layernorm.weight", new long[] {HIDDEN});
            s.put(p + "self_attn.q_proj.weight", new long[] {HIDDEN, HIDDEN});
            s.put(p + "self_attn.k_proj.weight", new long[] {kv, HIDDEN});
            s.put(p + "self_attn.v_proj.weight", new long[] {kv, HIDDEN});
            s.put(p + "self_attn.o_proj.weight", new long[] {HIDDEN, HIDDEN});
            s.put(p + "post_attention_layernorm.weight", new long[] {HIDDEN});
            s.put(p + "mlp.gate_proj.weight", new long[] {FFN, HIDDEN});
            s.put(p + "mlp.up_proj.weight", new long[] {FFN, HIDDEN});
            s.put(p + "mlp.down_proj.weight", new long[] {HIDDEN, FFN});
        }
        s.put("model.norm.weight", new long[] {HIDDEN});
        s.put("lm_head.weight", new long[] {VOCAB, HIDDEN});
        return s;
    }

    /** Writes config.json, tokenizer.json and model.safetensors (BF16), one tensor at a time. */
    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = TinyLlama.config(new TinyLlama.Spec(HIDDEN, LAYERS, HEADS, KV_HEADS, FFN, 10000.0, false, "BF16", 1));
        c.put("vocab_size", VOCAB);
        TinyLlama.writeConfig(dir, c);
        TinyLlama.writeTokenizer(dir);

        Map<String, long[]> shapes = shapes();
        ObjectNode header = TinyLlama.JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", "BF16");
            ArrayNode shape = n.putArray("shape");
            Arrays.stream(e.getValue()).forEach(shape::add);
            long bytes = 2 * Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
            n.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] h = TinyLlama.JSON.writeValueAsBytes(header);
        SplittableRandom random = new SplittableRandom(42);
        try (FileChannel out = FileChannel.open(dir.resolve("model.safetensors"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).flip());
            out.write(ByteBuffer.wrap(h));
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                int count = Math.toIntExact(Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b));
                boolean norm = e.getKey().endsWith("norm.weight");
                ByteBuffer b = ByteBuffer.allocate(2 * count).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; i++) {
                    float v = norm ? 1f : (float) (random.nextDouble() * 2 - 1) * 0.0346f; // uniform, sd 0.02
                    b.putShort((short) (Float.floatToIntBits(v) >>> 16)); // BF16 by truncation
                }
                b.flip();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }
        System.out.printf(Locale.ROOT, "wrote %s: model.safetensors %,d bytes (%d tensors)%n", dir,
                Files.size(dir.resolve("model.safetensors")), shapes.size());
    }

    /** Imports the checkpoint and writes the Triton repository's classifier, large weights as external data. */
    static void export(Path dir, Path repository, ClassifierExport.Precision precision) throws IOException {
        long t0 = System.nanoTime();
        LlamaCheckpoint c = LlamaCheckpoint.load(dir, MiniLmEncoder.DIMENSION, 1);
        long t1 = System.nanoTime();
        System.out.println(c.summary());
        System.out.printf(Locale.ROOT, "import: %.1f s, %,d weight bytes as FP32%n", (t1 - t0) / 1e9,
                ClassifierRepository.weightBytes(c.weights(), false));
        Path model = ClassifierRepository.writeTritonModel(c.config(), c.weights(), repository, ClassifierRepository.DEFAULT_MAX_BATCH,
                new ClassifierRepository.Options(precision, ClassifierRepository.Storage.AUTO));
        Path data = model.resolveSibling(ClassifierRepository.DATA_FILE);
        System.out.printf(Locale.ROOT, "export (%s): %.1f s; %s %,d bytes, %s %,d bytes%n", precision,
                (System.nanoTime() - t1) / 1e9, model.getFileName(), Files.size(model), data.getFileName(),
                Files.exists(data) ? Files.size(data) : 0);
    }

    /** Loads the repository's classifier into ONNX Runtime and scores a batch of 100-message sequences. */
    static void score(Path repository, int runs) throws Exception {
        Path model = repository.resolve("logllm_classifier/1/model.onnx");
        float[][][] embeddings = new float[BATCH][MESSAGES][MiniLmEncoder.DIMENSION];
        SplittableRandom r = new SplittableRandom(7);
        long[][] mask = new long[BATCH][MESSAGES];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < MESSAGES; j++) {
                double norm = 0;
                for (int d = 0; d < MiniLmEncoder.DIMENSION; d++) {
                    embeddings[i][j][d] = (float) (r.nextDouble() * 2 - 1);
                    norm += embeddings[i][j][d] * embeddings[i][j][d];
                }
                for (int d = 0; d < MiniLmEncoder.DIMENSION; d++) {
                    embeddings[i][j][d] /= (float) Math.sqrt(norm);
                }
                mask[i][j] = j < MESSAGES - 10 * i ? 1 : 0; // sequence i has 10·i padded slots
            }
        }
        long t0 = System.nanoTime();
        int threads = Runtime.getRuntime().availableProcessors();
        try (OnnxClassifier c = OnnxClassifier.open(model, MiniLmEncoder.DIMENSION, threads)) {
            long loaded = System.nanoTime();
            System.out.printf(Locale.ROOT, "load: %.1f s (%d threads), RSS so far %s%n", (loaded - t0) / 1e9, threads,
                    peakRss());
            float[] p = null;
            List<Double> seconds = new ArrayList<>();
            for (int run = 0; run <= runs; run++) { // run 0 warms up
                long s = System.nanoTime();
                p = c.predict(embeddings, mask);
                if (run > 0) {
                    seconds.add((System.nanoTime() - s) / 1e9);
                }
            }
            double median = seconds.stream().sorted().toList().get(seconds.size() / 2);
            System.out.printf(Locale.ROOT, "score: batch of %d x %d messages, median of %d runs %.2f s (%.2f sequences/s),"
                    + " runs %s%n", BATCH, MESSAGES, runs, median, BATCH / median, seconds.stream()
                    .map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
            StringBuilder out = new StringBuilder();
            for (float v : p) {
                out.append(v).append('\n');
            }
            Files.writeString(repository.resolve("scores.txt"), out, StandardCharsets.UTF_8);
            System.out.println("p_anomalous: " + Arrays.toString(p));
        }
    }

    /** The largest difference between the p_anomalous two score runs wrote. */
    static void compare(Path a, Path b) throws IOException {
        double[] pa = read(a.resolve("scores.txt"));
        double[] pb = read(b.resolve("scores.txt"));
        double max = 0;
        for (int i = 0; i < pa.length; i++) {
            max = Math.max(max, Math.abs(pa[i] - pb[i]));
        }
        System.out.printf(Locale.ROOT, "largest |p_A - p_B| over %d sequences: %.3g%n", pa.length, max);
    }

    private static double[] read(Path f) throws IOException {
        try (Stream<String> lines = Files.lines(f)) {
            return lines.mapToDouble(Double::parseDouble).toArray();
        }
    }
}
