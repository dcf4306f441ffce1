package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.logsieve.inference.OnnxClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LoRA on a tiny self-written Llama checkpoint ({@link TinyLlama}): a short three-stage run changes
 * the adapters and the projector only, every base weight stays bit for bit; the merged weights,
 * exported to ONNX and run by ONNX Runtime, give the unmerged DJL network's p_anomalous; and a base
 * held in fp16 or bf16 trains too, staying as held.
 */
class LoraTrainingTest {

    static final int D = 8;
    static final LoraSettings LORA = new LoraSettings(4, 8, 0.1, java.util.EnumSet.allOf(LoraSettings.Target.class),
            LoraSettings.Precision.FP32);
    /** Stage 1 trains the adapters, stage 2 the projector, stage 3 both; high rates so that the adapters matter. */
    static final ClassifierTrainer.Settings SETTINGS = new ClassifierTrainer.Settings(7, 16, 0.3, 0.25, 3, 1000,
            new int[] {2, 1, 2}, new float[] {2e-2f, 1e-2f, 1e-2f}, 0.1f, 0.01f, 1.0f);

    @TempDir
    static Path dir;
    static LlamaCheckpoint imported;
    static List<TrainingExample> examples;
    static NDManager manager;
    static DjlClassifier model;
    static ClassifierWeights before;
    static ClassifierTrainer.Result result;

    @BeforeAll
    static void trainOnce() throws Exception {
        TinyLlama.random(TinyLlama.Spec.base().kvHeads(2), 5).write(dir);
        imported = LlamaCheckpoint.load(dir, D, 3);
        examples = examples(new Random(9), 96);
        manager = NDManager.newBaseManager();
        model = DjlClassifier.create(imported.config(), imported.weights(), LORA, 11, manager);
        before = model.parameters(model.parameterNames());
        result = new ClassifierTrainer(imported.config(), SETTINGS, System.out::println).train(examples, model);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void theAdaptedNetworkStartsEqualToTheBase() {
        try (NDManager m = NDManager.newBaseManager()) {
            DjlClassifier fresh = DjlClassifier.create(imported.config(), imported.weights(), LORA, 11, m);
            ClassifierWeights merged = fresh.weights();
            for (String name : imported.weights().tensors().keySet()) {
                assertThat(merged.get(name).data()).as(name).containsExactly(imported.weights().get(name).data());
            }
            assertThat(before.get("layers.0.wq.lora_a").shape()).containsExactly(16, 4);
            assertThat(before.get("layers.0.wq.lora_b").shape()).containsExactly(4, 16);
            assertThat(before.get("layers.1.w_down.lora_a").shape()).containsExactly(24, 4);
            assertThat(before.get("layers.0.wq.lora_b").data()).containsOnly(0f);
            assertThat(before.get("layers.0.wq.lora_a").data()).doesNotContain(0f);
        }
    }

    @Test
    void onlyTheAdaptersAndTheProjectorChange() {
        ClassifierWeights after = model.parameters(model.parameterNames());
        List<String> adapters = new ArrayList<>();
        for (String name : model.parameterNames()) {
            if (DjlClassifier.isBase(name)) {
                assertThat(after.get(name).data()).as(name).containsExactly(before.get(name).data());
                assertThat(after.get(name).data()).as(name).containsExactly(imported.weights().get(name).data());
            } else {
                assertThat(after.get(name).data()).as(name).isNotEqualTo(before.get(name).data());
                if (DjlClassifier.isAdapter(name)) {
                    adapters.add(name);
                }
            }
        }
        assertThat(adapters).hasSize(2 * 7 * 2); // 2 layers, 7 matrices, A and B
        assertThat(result.history()).extracting(ClassifierTrainer.Epoch::stage).contains(1, 2, 3);
        assertThat(result.validationLoss()).isLessThan(result.initialValidationLoss());
    }

    @Test
    void stagesTrainAdaptersThenProjectorThenBoth() {
        assertThat(ClassifierTrainer.trains("layers.0.wq.lora_a", 1, true)).isTrue();
        assertThat(ClassifierTrainer.trains("projector.weight", 1, true)).isFalse();
        assertThat(ClassifierTrainer.trains("layers.0.attn_norm", 1, true)).isFalse();
        assertThat(ClassifierTrainer.trains("layers.0.wq.lora_b", 2, true)).isFalse();
        assertThat(ClassifierTrainer.trains("projector.bias", 2, true)).isTrue();
        assertThat(ClassifierTrainer.trains("layers.1.w_up.lora_b", 3, true)).isTrue();
        assertThat(ClassifierTrainer.trains("projector.weight", 3, true)).isTrue();
        assertThat(ClassifierTrainer.trains("lm_head", 3, true)).isFalse();
        assertThat(ClassifierTrainer.trains("lm_head", 1, false)).isTrue(); // without adapters, as before
    }

    @Test
    void mergedExportThroughOnnxRuntimeEqualsTheUnmergedNetwork() throws Exception {
        ClassifierWeights merged = model.weights();
        for (String name : merged.tensors().keySet()) {
            assertThat(result.weights().get(name).data()).as(name).containsExactly(merged.get(name).data());
        }
        assertThat(merged.tensors().keySet()).containsExactlyElementsOf(imported.weights().tensors().keySet());
        float[][][] e = new float[6][][];
        long[][] mask = new long[6][5];
        for (int i = 0; i < e.length; i++) {
            TrainingExample x = examples.get(i);
            e[i] = new float[5][D];
            for (int j = 0; j < x.messages().length; j++) {
                e[i][j] = x.messages()[j];
                mask[i][j] = 1;
            }
        }
        float[] unmerged = model.predict(e, mask); // eval mode: no dropout
        float[] onnx;
        try (OnnxClassifier o = OnnxClassifier.create(ClassifierExport.export(imported.config(), merged), D, 1)) {
            onnx = o.predict(e, mask);
        }
        float[] withoutAdapters;
        try (NDManager m = NDManager.newBaseManager()) {
            withoutAdapters = DjlClassifier.create(imported.config(), baseWithProjectorOf(merged), m).predict(e, mask);
        }
        double adapterEffect = 0;
        for (int i = 0; i < e.length; i++) {
            assertThat((double) Math.abs(unmerged[i] - onnx[i])).as("sequence %d", i).isLessThan(1e-4);
            adapterEffect = Math.max(adapterEffect, Math.abs(unmerged[i] - withoutAdapters[i]));
        }
        System.out.printf("LoRA: p_anomalous %.5f (DJL, unmerged) vs %.5f (ONNX, merged); adapters move p by up to %.4f%n",
                unmerged[0], onnx[0], adapterEffect);
        assertThat(adapterEffect).as("the adapters change the output").isGreaterThan(1e-3);
    }

    static Stream<Arguments> halfPrecisions() {
        return Stream.of(Arguments.of(LoraSettings.Precision.FP16, DataType.FLOAT16),
                Arguments.of(LoraSettings.Precision.BF16, DataType.UINT8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("halfPrecisions")
    void aBaseHeldInHalfPrecisionTrainsAndStaysAsHeld(LoraSettings.Precision precision, DataType held,
            @TempDir Path checkpoint) throws Exception {
        // BF16 file values are exact in fp16 and bf16 alike: the held base equals the checkpoint
        TinyLlama.random(TinyLlama.Spec.base().dtype("BF16"), 6).write(checkpoint);
        LlamaCheckpoint c = LlamaCheckpoint.load(checkpoint, D, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            DjlClassifier half = DjlClassifier.create(c.config(), c.weights(), LORA.withBasePrecision(precision), 11, m);
            assertThat(half.getParameters().get("layers.0.wq").getArray().getDataType()).isEqualTo(held);
            assertThat(half.getParameters().get("projector.weight").getArray().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(half.getParameters().get("layers.0.wq.lora_a").getArray().getDataType()).isEqualTo(DataType.FLOAT32);
            ClassifierWeights start = half.parameters(half.parameterNames());
            ClassifierTrainer.Result r = new ClassifierTrainer(c.config(), SETTINGS.withEpochs(1, 1, 1), s -> {})
                    .train(examples, half);
            assertThat(r.history()).isNotEmpty().allSatisfy(ep -> assertThat(ep.loss()).isFinite());
            ClassifierWeights after = half.parameters(half.parameterNames());
            for (String name : half.parameterNames()) {
                if (DjlClassifier.isBase(name)) {
                    assertThat(after.get(name).data()).as(name).containsExactly(c.weights().get(name).data());
                } else if (name.endsWith(DjlClassifier.LORA_B) || name.startsWith("projector.")) {
                    assertThat(after.get(name).data()).as(name).isNotEqualTo(start.get(name).data());
                }
            }
            assertThat(half.getParameters().get("layers.0.wq").getArray().getDataType()).isEqualTo(held);
            // the merged export still equals the network, which computes in float32 on the held values
            float[][][] e = {examples.get(0).messages(), examples.get(1).messages()};
            long[][] mask = {{1, 1, 1}, {1, 1, 1}};
            try (OnnxClassifier o = OnnxClassifier.create(ClassifierExport.export(c.config(), half.weights()), D, 1)) {
                float[] onnx = o.predict(e, mask);
                float[] djl = half.predict(e, mask);
                for (int i = 0; i < 2; i++) {
                    assertThat((double) Math.abs(djl[i] - onnx[i])).as("sequence %d", i).isLessThan(1e-4);
                }
            }
        }
    }

    @Test
    void aFloat32BaseHeldInHalfPrecisionIsRounded() {
        Random r = new Random(1);
        float[] v = new float[4096];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(20) - 10));
        }
        ClassifierWeights.Tensor t = new ClassifierWeights.Tensor(new long[] {64, 64}, v);
        try (NDManager m = NDManager.newBaseManager()) {
            BaseWeights bf16 = new BaseWeights(LoraSettings.Precision.BF16, m);
            BaseWeights fp16 = new BaseWeights(LoraSettings.Precision.FP16, m);
            float[] b = bf16.values(bf16.hold(t, m));
            float[] f = fp16.values(fp16.hold(t, m));
            for (int i = 0; i < v.length; i++) {
                assertThat(b[i]).isEqualTo(Float.intBitsToFloat(BaseWeights.bf16(v[i]) << 16));
                assertThat((double) Math.abs(b[i] - v[i])).isLessThanOrEqualTo(Math.abs(v[i]) / 256);
                assertThat((double) Math.abs(f[i] - v[i])).isLessThanOrEqualTo(Math.abs(v[i]) / 2048 + 3e-8);
            }
        }
    }

    @Test
    void everyBfloat16ValueIsDecodedExactly() {
        float[] all = new float[1 << 16];
        int n = 0;
        for (int code = 0; code < 1 << 16; code++) {
            float v = Float.intBitsToFloat(code << 16);
            if (!Float.isNaN(v)) {
                all[n++] = v;
            }
        }
        float[] v = java.util.Arrays.copyOf(all, n);
        try (NDManager m = NDManager.newBaseManager()) {
            BaseWeights bf16 = new BaseWeights(LoraSettings.Precision.BF16, m);
            float[] back = bf16.values(bf16.hold(new ClassifierWeights.Tensor(new long[] {n}, v), m));
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).as("value %s", v[i]).isEqualTo(Float.floatToRawIntBits(v[i]));
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The imported base with the trained projector of {@code trained}: the network without its adapters. */
    static ClassifierWeights baseWithProjectorOf(ClassifierWeights trained) {
        Map<String, ClassifierWeights.Tensor> t = new LinkedHashMap<>(imported.weights().tensors());
        t.put("projector.weight", trained.get("projector.weight"));
        t.put("projector.bias", trained.get("projector.bias"));
        return new ClassifierWeights(t);
    }

    /** Three unit messages each; anomalous sequences (every second) hold one fixed direction u. */
    static List<TrainingExample> examples(Random r, int count) {
        float[] u = LlamaCheckpointTest.unit(LlamaCheckpointTest.gaussian(r, D));
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean anomalous = i % 2 == 0;
            float[][] msgs = new float[3][];
            for (int j = 0; j < 3; j++) {
                msgs[j] = LlamaCheckpointTest.unit(LlamaCheckpointTest.gaussian(r, D));
            }
            if (anomalous) {
                msgs[r.nextInt(3)] = u;
            }
            out.add(new TrainingExample(msgs, anomalous));
        }
        return out;
    }
}
