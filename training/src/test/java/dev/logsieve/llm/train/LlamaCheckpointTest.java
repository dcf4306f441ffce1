package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.inference.OnnxClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imports tiny Hugging Face Llama checkpoints written by the test ({@link TinyLlama}) and checks
 * the imported classifier against a naive HF Llama forward pass ({@link LlamaReference}): DJL's
 * logits and p_anomalous, and the ONNX export's p_anomalous, for F32, BF16 and F16 files, a sharded
 * checkpoint, grouped-query attention and tied embeddings; then the errors, the memory guard, the
 * configuration's JSON, and a short training run from the imported weights.
 */
class LlamaCheckpointTest {

    static final double TOLERANCE = 1e-4;
    /** HF ids of "<s> Below is a sequence of system log messages :" in {@link TinyLlama#VOCAB}. */
    static final List<Integer> PREFIX = List.of(1, 4, 6, 7, 8, 9, 10, 11, 12, 13);
    /** HF ids of ". Is this sequence normal or anom ##alous ?". */
    static final List<Integer> SUFFIX = List.of(15, 16, 17, 8, 18, 19, 20, 21, 22);

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
    }

    static Stream<Arguments> variants() {
        TinyLlama.Spec base = TinyLlama.Spec.base();
        return Stream.of(
                Arguments.of("F32, one file", base),
                Arguments.of("BF16", base.dtype("BF16")),
                Arguments.of("F16", base.dtype("F16")),
                Arguments.of("sharded (3 files), BF16", base.shards(3).dtype("BF16")),
                Arguments.of("grouped-query attention, 4 heads over 2 KV heads", base.kvHeads(2)),
                Arguments.of("multi-query attention, 4 heads over 1 KV head, tied embeddings", base.kvHeads(1).tiedEmbeddings()),
                Arguments.of("tied embeddings", base.tiedEmbeddings()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void importedModelComputesWhatTheHuggingFaceModelComputes(String name, TinyLlama.Spec spec, @TempDir Path dir)
            throws Exception {
        TinyLlama model = TinyLlama.random(spec, name.hashCode());
        model.write(dir);
        int w = spec.hidden();
        LlamaCheckpoint imported = LlamaCheckpoint.load(dir, w, 1);
        ClassifierConfig c = imported.config();
        System.out.println(name + ": " + imported.summary());

        assertThat(c.width()).isEqualTo(w);
        assertThat(c.heads()).isEqualTo(spec.heads());
        assertThat(c.ffn()).isEqualTo(spec.ffn());
        assertThat(c.layers()).isEqualTo(spec.layers());
        assertThat(c.ropeTheta()).isEqualTo(spec.ropeTheta());
        assertThat(c.rmsEps()).isEqualTo(1e-5);
        assertThat(c.vocabulary()).startsWith("<pad>", "<unk>", "<s>", "Below", "is").contains("anom", "##alous", "normal")
                .hasSize(2 + 18);
        assertThat(sourceIds(imported, c.prefixIds())).containsExactlyElementsOf(PREFIX);
        assertThat(sourceIds(imported, c.suffixIds())).containsExactlyElementsOf(SUFFIX);
        assertThat(c.anomalous()).isEqualTo("anom"); // first sub-token of " anomalous"
        assertThat(c.normal()).isEqualTo("normal");
        assertThat(imported.weights().get("embed_tokens").shape()).containsExactly(20, w);
        assertThat(imported.weights().get("lm_head").shape()).containsExactly(w, 20);
        assertThat(imported.weights().get("layers.0.wk").shape()).containsExactly(w, w);

        // Identity projector: the message embeddings are the decoder's input vectors.
        ClassifierWeights weights = identityProjector(imported.weights(), w);
        Random r = new Random(3);
        float[][][] e = new float[2][3][w];
        for (float[][] row : e) {
            for (float[] v : row) {
                for (int i = 0; i < w; i++) {
                    v[i] = (float) (0.2 * r.nextGaussian());
                }
            }
        }
        long[][] mask = {{1, 1, 1}, {1, 0, 1}}; // row 1: a padded slot in the middle

        LlamaReference ref = new LlamaReference(model, 1e-5);
        double[][] refLogits = new double[2][];
        double[] refP = new double[2];
        for (int b = 0; b < 2; b++) {
            List<double[]> seq = new ArrayList<>();
            PREFIX.forEach(id -> seq.add(ref.embedding(id)));
            for (int j = 0; j < 3; j++) {
                if (mask[b][j] == 1) {
                    double[] v = new double[w];
                    for (int i = 0; i < w; i++) {
                        v[i] = e[b][j][i];
                    }
                    seq.add(v);
                }
            }
            SUFFIX.forEach(id -> seq.add(ref.embedding(id)));
            refLogits[b] = ref.logits(seq.toArray(new double[0][]));
            refP[b] = 1 / (1 + Math.exp(-(refLogits[b][20] - refLogits[b][18]))); // anom vs normal
        }

        try (NDManager m = NDManager.newBaseManager()) {
            DjlClassifier djl = DjlClassifier.create(c, weights, m);
            float[] flat = new float[2 * 3 * w];
            for (int b = 0; b < 2; b++) {
                for (int j = 0; j < 3; j++) {
                    System.arraycopy(e[b][j], 0, flat, (b * 3 + j) * w, w);
                }
            }
            NDList out = djl.forward(new ParameterStore(m, false), new NDList(m.create(flat, new Shape(2, 3, w)),
                    m.create(new long[] {1, 1, 1, 1, 0, 1}, new Shape(2, 3))), false);
            float[] p = out.get(0).toFloatArray();
            float[] logits = out.get(1).toFloatArray();
            int v = c.vocabulary().size();
            for (int b = 0; b < 2; b++) {
                for (int k = 2; k < v; k++) { // every reduced entry's logit is the full model's
                    int source = imported.prompt().sourceIds().get(k);
                    assertThat(Math.abs(logits[b * v + k] - refLogits[b][source])).as("row %d, token %s", b,
                            c.vocabulary().get(k)).isLessThan(TOLERANCE);
                }
                assertThat(Math.abs(p[b] - refP[b])).as("DJL p_anomalous, row %d", b).isLessThan(TOLERANCE);
            }
            assertThat(djl.predict(e, mask)).containsExactly(p);
        }
        try (OnnxClassifier onnx = OnnxClassifier.create(ClassifierExport.export(c, weights), w, 1)) {
            float[] p = onnx.predict(e, mask);
            for (int b = 0; b < 2; b++) {
                assertThat(Math.abs(p[b] - refP[b])).as("ONNX p_anomalous, row %d", b).isLessThan(TOLERANCE);
            }
            System.out.printf("%s: reference p_anomalous %.6f %.6f, ONNX %.6f %.6f%n", name, refP[0], refP[1], p[0], p[1]);
        }
    }

    @Test
    void withoutBosThePrefixStartsWithItsFirstWord(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        LlamaCheckpoint c = LlamaCheckpoint.load(dir, new LlamaCheckpoint.Options(8, 1, false, 16, false));
        assertThat(sourceIds(c, c.config().prefixIds())).containsExactlyElementsOf(PREFIX.subList(1, PREFIX.size()));
        assertThat(c.config().maxSequence()).isEqualTo(9 + 16 + 9);
        assertThat(c.weights().get("projector.weight").shape()).containsExactly(8, 16);
        // the projector is seeded: the same seed gives the same weights, another seed others
        assertThat(LlamaCheckpoint.load(dir, new LlamaCheckpoint.Options(8, 1, false, 16, false)).weights()
                .get("projector.weight").data()).containsExactly(c.weights().get("projector.weight").data());
        assertThat(LlamaCheckpoint.load(dir, new LlamaCheckpoint.Options(8, 2, false, 16, false)).weights()
                .get("projector.weight").data()).isNotEqualTo(c.weights().get("projector.weight").data());
    }

    @Test
    void withContextTheBosStartsTheContextPromptAndTheExportComputesWhatDjlComputes(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        LlamaCheckpoint c = LlamaCheckpoint.load(dir, new LlamaCheckpoint.Options(8, 1, true, 16, false).withContext(3));
        ClassifierConfig config = c.config();
        assertThat(config.maxContext()).isEqualTo(3);
        List<Integer> context = sourceIds(c, config.contextIds());
        assertThat(context).isNotEmpty().startsWith(PREFIX.get(0)); // BOS, then "Context:" in the tokenizer's tokens
        assertThat(context).hasSizeGreaterThan(1);
        assertThat(sourceIds(c, config.prefixIds())).containsExactlyElementsOf(PREFIX.subList(1, PREFIX.size()));
        assertThat(config.maxSequence()).isEqualTo(context.size() + 3 + (PREFIX.size() - 1) + 16 + SUFFIX.size());
        assertThat(ClassifierConfig.fromJson(config.toJson())).isEqualTo(config);

        float[][][] messages = new float[2][4][8];
        float[][][] descriptions = new float[2][3][8];
        java.util.Random r = new java.util.Random(3);
        for (float[][][] a : List.of(messages, descriptions)) {
            for (float[][] row : a) {
                for (float[] v : row) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) r.nextGaussian();
                    }
                }
            }
        }
        long[][] mask = {{1, 1, 1, 1}, {1, 1, 0, 0}};
        long[][] contextMask = {{1, 1, 1}, {1, 0, 0}};
        float[] djl;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            djl = DjlClassifier.create(config, c.weights(), m).predict(messages, mask, descriptions, contextMask);
        }
        float[] onnx;
        try (dev.logsieve.inference.OnnxClassifier o = dev.logsieve.inference.OnnxClassifier.create(
                ClassifierExport.export(config, c.weights()), 8, 1)) {
            float[] flat = new float[2 * 4 * 8];
            float[] flatContext = new float[2 * 3 * 8];
            for (int b = 0; b < 2; b++) {
                for (int j = 0; j < 4; j++) {
                    System.arraycopy(messages[b][j], 0, flat, (b * 4 + j) * 8, 8);
                }
                for (int j = 0; j < 3; j++) {
                    System.arraycopy(descriptions[b][j], 0, flatContext, (b * 3 + j) * 8, 8);
                }
            }
            onnx = o.predict(flat, new long[] {1, 1, 1, 1, 1, 1, 0, 0}, 2, 4,
                    new dev.logsieve.inference.LlmBackend.Context(flatContext, new long[] {1, 1, 1, 1, 0, 0}, 3));
        }
        assertThat(onnx[0]).isCloseTo(djl[0], org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(onnx[1]).isCloseTo(djl[1], org.assertj.core.data.Offset.offset(1e-4f));
        // an imported configuration without context cannot take it later: its tokenizer has to encode the prompt
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1).config().withContext(3))
                .hasMessageContaining("comes from its tokenizer");
    }

    @Test
    void importedConfigurationRoundTripsThroughJsonAndOnnxMetadata(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        LlamaCheckpoint c = LlamaCheckpoint.load(dir, 8, 1);
        String json = c.config().toJson();
        assertThat(json).contains("\"prefixTokens\"", "\"suffixTokens\"", "\"anomalous\" : \"anom\"");
        assertThat(ClassifierConfig.fromJson(json)).isEqualTo(c.config());
        String meta = ClassifierExport.export(c.config(), c.weights()).getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals(ClassifierExport.CONFIG_KEY)).findFirst().orElseThrow().getValue();
        assertThat(ClassifierConfig.fromJson(meta).prefixIds()).containsExactly(c.config().prefixIds());
    }

    @Test
    void defaultConfigurationJsonIsUnchangedAndOldJsonStillReads() throws Exception {
        ClassifierConfig d = ClassifierConfig.of(16, 8, 1, 2, 12);
        assertThat(d.prefixTokens()).isNull();
        assertThat(d.toJson()).doesNotContain("prefixTokens").doesNotContain("suffixTokens");
        // JSON written before the token lists existed (no such fields), and with empty lists
        assertThat(ClassifierConfig.fromJson(d.toJson())).isEqualTo(d);
        ObjectNode withEmpty = (ObjectNode) TinyLlama.JSON.readTree(d.toJson());
        withEmpty.putArray("prefixTokens");
        withEmpty.putNull("suffixTokens");
        assertThat(ClassifierConfig.fromJson(withEmpty.toString())).isEqualTo(d);
        assertThat(d.prefixIds()).containsExactly(d.ids(ClassifierConfig.DEFAULT_PREFIX));
        // explicit ids must lie in the vocabulary
        assertThatThrownBy(() -> new ClassifierConfig(16, 8, 1, 2, 12, 4, 1e4, 1e-5, "p", "s", "a", "b",
                List.of("<pad>", "<unk>", "a", "b"), List.of(2, 4), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix token 4");
        ClassifierConfig explicit = new ClassifierConfig(16, 8, 1, 2, 12, 4, 1e4, 1e-5, "p", "s", "A", "b",
                List.of("<pad>", "<unk>", "A", "b"), List.of(2, 3), List.of(3));
        assertThat(explicit.prefixIds()).containsExactly(2, 3);
        assertThat(explicit.suffixIds()).containsExactly(3);
        assertThat(explicit.anomalousId()).isEqualTo(2); // exact entry, case kept
        assertThat(explicit.maxSequence()).isEqualTo(2 + 4 + 1);
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void missingConfigJsonIsNamed(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("no config.json in " + dir.toAbsolutePath());
    }

    @Test
    void otherModelTypesAreRefused(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        ObjectNode c = TinyLlama.config(TinyLlama.Spec.base());
        c.put("model_type", "mistral");
        TinyLlama.writeConfig(dir, c);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config.json").hasMessageContaining("model_type is \"mistral\"")
                .hasMessageContaining("\"llama\"");
    }

    @Test
    void unsupportedConfigurationsAreRefused(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        ObjectNode headDim = TinyLlama.config(TinyLlama.Spec.base());
        headDim.put("head_dim", 8);
        TinyLlama.writeConfig(dir, headDim);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).hasMessageContaining("head_dim 8")
                .hasMessageContaining("16 / 4");
        ObjectNode scaled = TinyLlama.config(TinyLlama.Spec.base());
        scaled.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 8.0);
        TinyLlama.writeConfig(dir, scaled);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).hasMessageContaining("rope_scaling");
        assertThat(LlamaCheckpoint.load(dir, new LlamaCheckpoint.Options(8, 1, true, 8, true)).config().width())
                .isEqualTo(16);
        ObjectNode noLayers = TinyLlama.config(TinyLlama.Spec.base());
        noLayers.remove("num_hidden_layers");
        TinyLlama.writeConfig(dir, noLayers);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).hasMessageContaining("num_hidden_layers");
        TinyLlama.writeConfig(dir, TinyLlama.config(TinyLlama.Spec.base()));
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).hasMessageContaining("no tokenizer.json");
    }

    @Test
    void aMissingTensorIsNamed(@TempDir Path dir) throws Exception {
        TinyLlama model = TinyLlama.random(TinyLlama.Spec.base(), 1);
        model.tensors.remove("model.layers.1.mlp.up_proj.weight");
        model.write(dir);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tensor model.layers.1.mlp.up_proj.weight");
    }

    @Test
    void aMissingLmHeadWithoutTiedEmbeddingsIsNamed(@TempDir Path dir) throws Exception {
        TinyLlama model = TinyLlama.random(TinyLlama.Spec.base(), 1);
        model.tensors.remove("lm_head.weight");
        model.write(dir);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).hasMessageContaining("no tensor lm_head.weight")
                .hasMessageContaining("tie_word_embeddings");
    }

    @Test
    void aWrongShapeIsNamedWithTheFile(@TempDir Path dir) throws Exception {
        TinyLlama model = TinyLlama.random(TinyLlama.Spec.base(), 1);
        model.tensors.put("model.layers.0.self_attn.k_proj.weight", new TinyLlama.T(new long[] {8, 16}, new float[128]));
        model.write(dir);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("model.layers.0.self_attn.k_proj.weight has shape [8, 16], config.json implies [16, 16]");
    }

    @Test
    void aTruncatedFileIsNamed(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base(), 1).write(dir);
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("past the end of the file");
    }

    @Test
    void aTensorBeyondJavaArraysIsNamedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
        // ffn 600M × width 4 = 2.4·10^9 floats per FFN matrix: more than a float[] holds.
        TinyLlama.Spec huge = new TinyLlama.Spec(4, 1, 2, 2, 600_000_000, 1e4, false, "BF16", 1);
        TinyLlama.writeHeaderOnly(huge, dir);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.layers.0.mlp.gate_proj.weight [600000000, 4]")
                .hasMessageContaining("more than a Java float[] holds");
    }

    @Test
    void weightsBeyondTheHeapAreRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
        // Each FFN matrix fits an array (1.6·10^9 floats, 6.4 GB) but the layers together exceed -Xmx.
        int ffn = 200_000_000;
        long perLayer = 3L * ffn * 8 * 4;
        int layers = (int) (Runtime.getRuntime().maxMemory() / perLayer) + 1;
        TinyLlama.writeHeaderOnly(new TinyLlama.Spec(8, layers, 2, 2, ffn, 1e4, false, "BF16", 1), dir);
        assertThatThrownBy(() -> LlamaCheckpoint.load(dir, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GiB as float32, more than the maximum heap");
    }

    // ---- training -----------------------------------------------------------------------------

    @Test
    void trainingStartsFromTheImportedWeights(@TempDir Path dir) throws Exception {
        TinyLlama.random(TinyLlama.Spec.base().kvHeads(2).dtype("BF16"), 5).write(dir);
        int d = 8;
        LlamaCheckpoint imported = LlamaCheckpoint.load(dir, d, 3);
        Random r = new Random(9);
        float[] u = unit(gaussian(r, d));
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            boolean anomalous = i % 2 == 0;
            float[][] msgs = new float[3][];
            for (int j = 0; j < 3; j++) {
                msgs[j] = unit(gaussian(r, d));
            }
            if (anomalous) {
                msgs[r.nextInt(3)] = u;
            }
            examples.add(new TrainingExample(msgs, anomalous));
        }
        ClassifierTrainer.Settings settings = new ClassifierTrainer.Settings(7, 16, 0.3, 0.25, 3, 1000,
                new int[] {1, 1, 2}, new float[] {1e-3f, 1e-2f, 3e-3f}, 0.1f, 0.01f, 1.0f);
        ClassifierTrainer.Result result = new ClassifierTrainer(imported.config(), settings, System.out::println)
                .train(examples, imported.weights());
        assertThat(result.history()).isNotEmpty().allSatisfy(ep -> {
            assertThat(ep.loss()).isFinite();
            assertThat(ep.validationLoss()).isFinite();
        });
        assertThat(result.initialValidationLoss()).isFinite();
        assertThat(result.validationLoss()).isLessThan(result.initialValidationLoss());
        assertThat(ClassifierTrainer.loss(imported.config(), result.weights(), examples, 16))
                .isLessThan(ClassifierTrainer.loss(imported.config(), imported.weights(), examples, 16));
        // training changed the pretrained decoder (stages 1 and 3 train it)
        assertThat(result.weights().get("layers.0.wq").data()).isNotEqualTo(imported.weights().get("layers.0.wq").data());
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The pretrained ids of reduced-vocabulary indices. */
    static List<Integer> sourceIds(LlamaCheckpoint c, long[] ids) {
        List<Integer> out = new ArrayList<>();
        for (long id : ids) {
            out.add(c.prompt().sourceIds().get((int) id));
        }
        return out;
    }

    static ClassifierWeights identityProjector(ClassifierWeights w, int width) {
        Map<String, ClassifierWeights.Tensor> t = new LinkedHashMap<>(w.tensors());
        float[] eye = new float[width * width];
        for (int i = 0; i < width; i++) {
            eye[i * width + i] = 1;
        }
        t.put("projector.weight", new ClassifierWeights.Tensor(new long[] {width, width}, eye));
        t.put("projector.bias", new ClassifierWeights.Tensor(new long[] {width}, new float[width]));
        return new ClassifierWeights(t);
    }

    static float[] gaussian(Random r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }
}
