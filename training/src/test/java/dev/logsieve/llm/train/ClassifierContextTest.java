package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.inference.LlmBackend;
import dev.logsieve.inference.ModelConfigs;
import dev.logsieve.inference.ModelContract;
import dev.logsieve.inference.OnnxClassifier;
import dev.logsieve.llm.train.ClassifierExport.Precision;
import dev.logsieve.onnx.GraphProto;
import dev.logsieve.onnx.ModelProto;
import dev.logsieve.onnx.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier with retrieved context (FlexLog's RAG, {@link ClassifierConfig#withContext(int)}):
 * the DJL network and its ONNX export agree with padded messages and padded context, the context
 * changes the answer, padded context slots do not, FP16 stays close to FP32, the configuration
 * keeps its context through JSON, and the runtimes refuse a context/model mismatch.
 */
class ClassifierContextTest {

    /** A tiny decoder (D 16, width 8, 2 layers, 2 heads, FFN 16) taking up to 3 context vectors. */
    static final ClassifierConfig CONFIG = ClassifierConfig.of(16, 8, 2, 2, 16).withContext(3);
    static final int D = CONFIG.dimension();
    /** |p_fp16 - p_fp32| allowed, as in {@link ClassifierStorageTest}. */
    static final double FP16_TOLERANCE = 2e-3;

    static NDManager manager;
    static ClassifierWeights weights;
    static DjlClassifier djl;
    static OnnxClassifier onnx;

    @BeforeAll
    static void setUp() throws Exception {
        weights = ClassifierWeights.random(CONFIG, 42);
        manager = NDManager.newBaseManager();
        djl = DjlClassifier.create(CONFIG, weights, manager);
        onnx = OnnxClassifier.create(ClassifierExport.export(CONFIG, weights), D, 1);
    }

    @AfterAll
    static void tearDown() throws Exception {
        onnx.close();
        manager.close();
    }

    // ---- parity -------------------------------------------------------------------------------

    @Test
    void onnxRuntimeAgreesWithDjlWithPaddedMessagesAndPaddedContext() {
        Random r = new Random(7);
        int batch = 5;
        float[][][] e = vectors(r, batch, 6);
        long[][] mask = {
            {1, 1, 1, 1, 1, 1},
            {1, 1, 1, 0, 0, 0},
            {1, 0, 1, 0, 1, 0},
            {0, 0, 0, 0, 0, 1},
            {1, 1, 0, 0, 0, 0}};
        float[][][] ctx = vectors(r, batch, 3);
        long[][] ctxMask = {
            {1, 1, 1},  // full
            {1, 1, 0},  // padded at the end
            {0, 1, 0},  // padded around
            {1, 0, 0},  // one real
            {0, 0, 0}}; // none: every slot masked
        float[] a = djl.predict(e, mask, ctx, ctxMask);
        float[] b = onnx(onnx, e, mask, ctx, ctxMask);
        assertThat(a).hasSize(batch);
        assertThat(b).hasSize(batch);
        for (int i = 0; i < batch; i++) {
            assertThat(a[i]).as("DJL row %d", i).isStrictlyBetween(0f, 1f);
            assertThat(b[i]).as("ONNX row %d", i).isCloseTo(a[i], within(1e-4f));
        }

        // A sequence without context as one masked slot, alone and batched with a full context.
        float[][][] one = vectors(r, 2, 1);
        long[][] none = {{0}, {1}};
        float[] c = djl.predict(Arrays.copyOf(e, 2), Arrays.copyOf(mask, 2), one, none);
        float[] d = onnx(onnx, Arrays.copyOf(e, 2), Arrays.copyOf(mask, 2), one, none);
        for (int i = 0; i < 2; i++) {
            assertThat(d[i]).as("one slot, row %d", i).isCloseTo(c[i], within(1e-4f));
        }
        // and the masked slot scores the sequence as any number of masked slots does
        assertThat(c[0]).isCloseTo(djl.predict(new float[][][] {e[0]}, new long[][] {mask[0]},
                new float[][][] {ctx[4]}, new long[][] {ctxMask[4]})[0], within(1e-5f));
    }

    @Test
    void theContextChangesTheAnswer() {
        Random r = new Random(3);
        float[][][] e = vectors(r, 1, 4);
        long[][] mask = {{1, 1, 1, 1}};
        long[][] ctxMask = {{1, 1, 0}};
        float[][][] first = vectors(r, 1, 3);
        float[][][] second = vectors(r, 1, 3);
        float pFirst = djl.predict(e, mask, first, ctxMask)[0];
        float pSecond = djl.predict(e, mask, second, ctxMask)[0];
        float pNone = djl.predict(e, mask, first, new long[][] {{0, 0, 0}})[0];
        System.out.printf("context: p = %.6f with one context, %.6f with another, %.6f with none%n", pFirst, pSecond, pNone);
        assertThat(Math.abs(pFirst - pSecond)).as("other context vectors").isGreaterThan(1e-4f);
        assertThat(Math.abs(pFirst - pNone)).as("context against none").isGreaterThan(1e-4f);
        assertThat(onnx(onnx, e, mask, first, ctxMask)[0]).isCloseTo(pFirst, within(1e-5f));
        assertThat(onnx(onnx, e, mask, second, ctxMask)[0]).isCloseTo(pSecond, within(1e-5f));
        // swapping a real context vector with a masked slot's content changes it too
        float[][][] swapped = {{first[0][2], first[0][1], first[0][0]}};
        assertThat(Math.abs(djl.predict(e, mask, swapped, ctxMask)[0] - pFirst)).isGreaterThan(1e-4f);
    }

    @Test
    void paddedContextSlotsChangeNothing() {
        Random r = new Random(11);
        float[][][] e = vectors(r, 1, 3);
        long[][] mask = {{1, 1, 0}};
        float[][][] real = vectors(r, 1, 1);
        float pOneSlot = djl.predict(e, mask, real, new long[][] {{1}})[0];
        float qOneSlot = onnx(onnx, e, mask, real, new long[][] {{1}})[0];
        assertThat(qOneSlot).isCloseTo(pOneSlot, within(1e-5f));
        // the same vector in a 2- and a 3-slot tensor, at each place, the other slots masked noise
        for (int slots = 2; slots <= CONFIG.maxContext(); slots++) {
            for (int at = 0; at < slots; at++) {
                float[][][] ctx = vectors(r, 1, slots);
                long[][] ctxMask = new long[1][slots];
                ctx[0][at] = real[0][0];
                ctxMask[0][at] = 1;
                assertThat(djl.predict(e, mask, ctx, ctxMask)[0]).as("DJL, %d slots, real at %d", slots, at)
                        .isCloseTo(pOneSlot, within(1e-5f));
                assertThat(onnx(onnx, e, mask, ctx, ctxMask)[0]).as("ONNX, %d slots, real at %d", slots, at)
                        .isCloseTo(qOneSlot, within(1e-5f));
            }
        }
        // and in a batch whose other row has more real context
        float[][][] batch = {e[0], vectors(r, 1, 3)[0]};
        long[][] batchMask = {mask[0], {1, 1, 1}};
        float[][][] ctx = {{real[0][0], vectors(r, 1, 1)[0][0], vectors(r, 1, 1)[0][0]}, vectors(r, 1, 3)[0]};
        long[][] ctxMask = {{1, 0, 0}, {1, 1, 1}};
        assertThat(djl.predict(batch, batchMask, ctx, ctxMask)[0]).isCloseTo(pOneSlot, within(1e-5f));
        assertThat(onnx(onnx, batch, batchMask, ctx, ctxMask)[0]).isCloseTo(qOneSlot, within(1e-5f));
    }

    @Test
    void halfPrecisionWithContextStaysWithinTheToleranceOfSinglePrecision() throws Exception {
        Random r = new Random(5);
        float[][][] e = vectors(r, 4, 5);
        long[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 1, 0, 1}, {1, 0, 0, 0, 0}};
        float[][][] ctx = vectors(r, 4, 3);
        long[][] ctxMask = {{1, 1, 1}, {1, 0, 0}, {0, 1, 1}, {0, 0, 0}};
        ModelProto half = ClassifierExport.export(CONFIG, weights, Precision.FP16);
        assertThat(half.getGraph().getInputList()).extracting(ValueInfoProto::getName)
                .containsAll(ModelContract.CLASSIFIER_CONTEXT_INPUTS);
        try (OnnxClassifier h = OnnxClassifier.create(half, D, 1)) {
            assertThat(h.takesContext()).isTrue();
            float[] fp16 = onnx(h, e, mask, ctx, ctxMask);
            float[] fp32 = onnx(onnx, e, mask, ctx, ctxMask);
            for (int i = 0; i < fp32.length; i++) {
                assertThat(fp16[i]).as("row %d", i).isCloseTo(fp32[i], within((float) FP16_TOLERANCE));
            }
            // the context is not lost in half precision either
            float[][][] other = vectors(r, 4, 3);
            float[] moved = onnx(h, e, mask, other, ctxMask);
            assertThat(Math.abs(moved[0] - fp16[0])).isGreaterThan(1e-4f);
        }
    }

    // ---- the configuration ---------------------------------------------------------------------

    @Test
    void withContextAddsThePromptAndTheSlotsToTheSequence() throws Exception {
        ClassifierConfig plain = ClassifierConfig.of(16, 8, 2, 2, 16);
        assertThat(plain.maxContext()).isZero();
        assertThat(plain.contextPrefix()).isNull();
        assertThat(plain.contextIds()).isEmpty();
        assertThat(plain.vocabulary()).doesNotContain("context");

        assertThat(CONFIG.maxContext()).isEqualTo(3);
        assertThat(CONFIG.contextPrefix()).isEqualTo("Context:").isEqualTo(ClassifierConfig.DEFAULT_CONTEXT);
        assertThat(CONFIG.vocabulary()).startsWith(plain.vocabulary().toArray(String[]::new)).contains("context")
                .doesNotHaveDuplicates();
        assertThat(CONFIG.contextIds()).containsExactly(CONFIG.vocabulary().indexOf("context"),
                CONFIG.vocabulary().indexOf(":"));
        assertThat(CONFIG.prefixIds()).containsExactly(plain.prefixIds());
        assertThat(CONFIG.suffixIds()).containsExactly(plain.suffixIds());
        assertThat(CONFIG.maxSequence()).isEqualTo(plain.maxSequence() + 2 + 3);
        assertThat(plain.withContext(0)).isEqualTo(plain);
        assertThat(CONFIG.withContext(3)).isEqualTo(CONFIG);
        assertThatThrownBy(() -> plain.withContext(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        // the pair must come together
        assertThatThrownBy(() -> new ClassifierConfig(16, 8, 2, 2, 16, 4, 1e4, 1e-5, "p", "s", "a", "b",
                List.of("<pad>", "<unk>", "a", "b"), null, null, 2, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs both");
    }

    @Test
    void configWithContextRoundTripsThroughJsonAndOneWithoutIsWrittenAsBefore() throws Exception {
        String json = CONFIG.toJson();
        assertThat(json).contains("\"maxContext\" : 3", "\"contextPrefix\" : \"Context:\"");
        ClassifierConfig back = ClassifierConfig.fromJson(json);
        assertThat(back).isEqualTo(CONFIG);
        assertThat(back.maxContext()).isEqualTo(3);
        assertThat(back.contextIds()).containsExactly(CONFIG.contextIds());

        // the export keeps it in its metadata
        String meta = ClassifierExport.export(CONFIG, weights).getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals(ClassifierExport.CONFIG_KEY)).findFirst().orElseThrow().getValue();
        assertThat(ClassifierConfig.fromJson(meta)).isEqualTo(CONFIG);

        // without context: exactly the fields written before context existed, and such JSON reads back
        ClassifierConfig plain = ClassifierConfig.of(16, 8, 2, 2, 16);
        String plainJson = plain.toJson();
        assertThat(plainJson).doesNotContain("maxContext").doesNotContain("contextPrefix");
        List<String> fields = new ArrayList<>();
        new ObjectMapper().readTree(plainJson).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("dimension", "width", "layers", "heads", "ffn", "maxMessages", "ropeTheta",
                "rmsEps", "prefix", "suffix", "anomalous", "normal", "vocabulary");
        assertThat(ClassifierConfig.fromJson(plainJson)).isEqualTo(plain);
        // and a context configuration whose JSON lost its contextPrefix is refused, not read as half of one
        ObjectNode broken = (ObjectNode) new ObjectMapper().readTree(json);
        broken.remove("contextPrefix");
        assertThatThrownBy(() -> ClassifierConfig.fromJson(broken.toString())).hasRootCauseInstanceOf(
                IllegalArgumentException.class).rootCause().hasMessageContaining("needs both");
    }

    @Test
    void withContextRefusesAConfigurationWithExplicitPromptTokens() {
        ClassifierConfig imported = new ClassifierConfig(16, 8, 1, 2, 12, 4, 1e4, 1e-5, "p", "s", "A", "b",
                List.of("<pad>", "<unk>", "A", "b"), List.of(2, 3), List.of(3));
        assertThatThrownBy(() -> imported.withContext(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comes from its tokenizer")
                .hasMessageContaining("train --context");
        assertThat(imported.withContext(0)).isEqualTo(imported);
    }

    // ---- the export and the runtimes refuse a mismatch ----------------------------------------

    @Test
    void theExportDeclaresTheContextInputsOnlyWithContext() {
        GraphProto g = ClassifierExport.export(CONFIG, weights).getGraph();
        assertThat(g.getInputList()).extracting(ValueInfoProto::getName).containsExactly("message_embeddings",
                "message_mask", "context_embeddings", "context_mask");
        assertThat(dims(g.getInput(2))).containsExactly("batch_size", "contexts", "16");
        assertThat(g.getInput(2).getType().getTensorType().getElemType()).isEqualTo(1); // FLOAT
        assertThat(dims(g.getInput(3))).containsExactly("batch_size", "contexts");
        assertThat(g.getInput(3).getType().getTensorType().getElemType()).isEqualTo(7); // INT64

        ClassifierConfig plain = ClassifierConfig.of(16, 8, 2, 2, 16);
        assertThat(ClassifierExport.export(plain, ClassifierWeights.random(plain, 1)).getGraph().getInputList())
                .extracting(ValueInfoProto::getName).containsExactlyElementsOf(ModelContract.CLASSIFIER_INPUTS);
    }

    @Test
    void onnxClassifierRefusesContextForAModelWithoutItAndRequiresItForOneWithIt() throws Exception {
        Random r = new Random(9);
        float[] e = flat(vectors(r, 1, 2));
        long[] mask = {1, 1};
        LlmBackend.Context ctx = new LlmBackend.Context(flat(vectors(r, 1, 1)), new long[] {1}, 1);

        ClassifierConfig plain = ClassifierConfig.of(16, 8, 2, 2, 16);
        try (OnnxClassifier without = OnnxClassifier.create(ClassifierExport.export(plain,
                ClassifierWeights.random(plain, 2)), D, 1)) {
            assertThat(without.takesContext()).isFalse();
            assertThat(without.predict(e, mask, 1, 2)).hasSize(1);
            assertThatThrownBy(() -> without.predict(e, mask, 1, 2, ctx)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("trained without retrieved context");
        }
        assertThat(onnx.takesContext()).isTrue();
        assertThatThrownBy(() -> onnx.predict(e, mask, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained with retrieved context and needs it");
        assertThatThrownBy(() -> onnx.predict(e, mask, 1, 2, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs it");
        assertThat(onnx.predict(e, mask, 1, 2, ctx)[0]).isStrictlyBetween(0f, 1f);
    }

    @Test
    void djlRefusesMissingContextAndMoreContextThanConfigured() {
        Random r = new Random(13);
        float[][][] e = vectors(r, 1, 2);
        long[][] mask = {{1, 1}};
        assertThatThrownBy(() -> djl.predict(e, mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context embeddings and context mask").hasMessageContaining("got 2 inputs");
        assertThatThrownBy(() -> djl.predict(e, mask, vectors(r, 1, 4), new long[][] {{1, 1, 1, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 context vectors, at most 3");
    }

    @Test
    void theTritonRepositoryDeclaresTheContextInputsAndItsFileScoresAsInMemory(@TempDir Path dir) throws Exception {
        // a model held in memory: config.pbtxt follows the graph's inputs
        Path inside = ClassifierRepository.writeTritonModel(ClassifierExport.export(CONFIG, weights), D,
                dir.resolve("inside"), 4);
        assertThat(Files.readString(inside.getParent().resolveSibling(ModelConfigs.FILE)))
                .isEqualTo(ClassifierRepository.tritonConfig(D, 4, true))
                .contains("name: \"context_embeddings\"", "name: \"context_mask\"", "dims: [ -1, 16 ]");
        // the tensor-by-tensor writer, weights outside: config.pbtxt follows the configuration
        Path external = ClassifierRepository.writeTritonModel(CONFIG, weights, dir.resolve("external"), 4,
                new ClassifierRepository.Options(Precision.FP32, ClassifierRepository.Storage.EXTERNAL));
        assertThat(Files.readString(external.getParent().resolveSibling(ModelConfigs.FILE)))
                .isEqualTo(ClassifierRepository.tritonConfig(D, 4, true));
        // and a model without context keeps the configuration it always had
        ClassifierConfig plain = ClassifierConfig.of(16, 8, 2, 2, 16);
        Path old = ClassifierRepository.writeTritonModel(ClassifierExport.export(plain, ClassifierWeights.random(plain, 1)),
                D, dir.resolve("plain"), 4);
        assertThat(Files.readString(old.getParent().resolveSibling(ModelConfigs.FILE)))
                .isEqualTo(ClassifierRepository.tritonConfig(D, 4)).doesNotContain("context");

        Random r = new Random(17);
        float[][][] e = vectors(r, 2, 3);
        long[][] mask = {{1, 1, 1}, {1, 0, 0}};
        float[][][] ctx = vectors(r, 2, 2);
        long[][] ctxMask = {{1, 1}, {0, 0}};
        float[] expected = onnx(onnx, e, mask, ctx, ctxMask);
        for (Path file : List.of(inside, external)) {
            try (OnnxClassifier o = OnnxClassifier.open(file, D, 1)) {
                assertThat(o.takesContext()).as(file.toString()).isTrue();
                assertThat(onnx(o, e, mask, ctx, ctxMask)).as(file.toString()).containsExactly(expected);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Unit-length random vectors [batch][n][D], like the encoder's embeddings. */
    static float[][][] vectors(Random r, int batch, int n) {
        float[][][] e = new float[batch][n][D];
        for (float[][] row : e) {
            for (float[] v : row) {
                double norm = 0;
                for (int d = 0; d < D; d++) {
                    v[d] = (float) r.nextGaussian();
                    norm += v[d] * v[d];
                }
                for (int d = 0; d < D; d++) {
                    v[d] /= (float) Math.sqrt(norm);
                }
            }
        }
        return e;
    }

    /** ONNX Runtime's p for [B][n][D] messages and [B][c][D] context with their masks. */
    static float[] onnx(OnnxClassifier o, float[][][] e, long[][] mask, float[][][] ctx, long[][] ctxMask) {
        return o.predict(flat(e), flat(mask), e.length, e[0].length,
                new LlmBackend.Context(flat(ctx), flat(ctxMask), ctx[0].length));
    }

    static float[] flat(float[][][] rows) {
        int n = rows[0].length;
        float[] out = new float[rows.length * n * D];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(rows[i][j], 0, out, (i * n + j) * D, D);
            }
        }
        return out;
    }

    static long[] flat(long[][] rows) {
        return Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
    }

    private static List<String> dims(ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam()).toList();
    }
}
