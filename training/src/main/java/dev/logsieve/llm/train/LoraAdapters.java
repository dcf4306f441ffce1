package dev.logsieve.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.Dropout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The low-rank adapters of {@link DjlClassifier}: their names, shapes and starting values, their
 * term of the forward pass, and their merge into the base weights.
 *
 * <p>Matrix {@code W [in, out]} (e.g. {@code layers.0.wq}) gets {@code A [in, r]}
 * ({@code layers.0.wq.lora_a}) and {@code B [r, out]} ({@code layers.0.wq.lora_b}): as PEFT's
 * {@code lora_A} and {@code lora_B}, transposed like every matrix here. A starts Kaiming-uniform,
 * U(±1/√in), the bound PEFT's {@code kaiming_uniform_(a=√5)} gives, B at zero, so that the
 * adapted network starts as the base and A·B can grow in any direction.
 */
final class LoraAdapters {

    /** Suffix of an adapter's first matrix A [in, r]. */
    static final String A = ".lora_a";
    /** Suffix of an adapter's second matrix B [r, out]. */
    static final String B = ".lora_b";

    private LoraAdapters() {}

    /** Names and shapes of the adapters, A then B for each adapted matrix, in {@link LoraSettings#adapted} order. */
    static Map<String, long[]> shapes(ClassifierConfig config, LoraSettings lora) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, long[]> base = ClassifierWeights.shapes(config);
        for (String w : lora.adapted(config)) {
            long[] s = base.get(w);
            shapes.put(w + A, new long[] {s[0], lora.rank()});
            shapes.put(w + B, new long[] {lora.rank(), s[1]});
        }
        return shapes;
    }

    /** Starting values: each A drawn from U(±1/√in) with a {@link Random} seeded {@code seed}, each B zero. */
    static Map<String, ClassifierWeights.Tensor> initial(ClassifierConfig config, LoraSettings lora, long seed) {
        Random random = new Random(seed);
        Map<String, ClassifierWeights.Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes(config, lora).entrySet()) {
            long[] shape = e.getValue();
            float[] d = new float[Math.toIntExact(shape[0] * shape[1])];
            if (e.getKey().endsWith(A)) {
                double bound = 1 / Math.sqrt(shape[0]);
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
            }
            t.put(e.getKey(), new ClassifierWeights.Tensor(shape, d));
        }
        return t;
    }

    /** The adapter's term of {@code x·W}: {@code (dropout(x)·A·B)·(alpha/r)}, dropout only when training. */
    static NDArray term(NDArray x, NDArray a, NDArray b, LoraSettings lora, boolean training) {
        NDArray in = training && lora.dropout() > 0 ? Dropout.dropout(x, (float) lora.dropout(), true).singletonOrThrow() : x;
        return in.matMul(a).matMul(b).mul(lora.scale());
    }

    /** {@code W + (alpha/r)·A·B} in float32, computed in (and attached to) {@code m}. */
    static NDArray merge(NDArray w, NDArray a, NDArray b, LoraSettings lora, NDManager m) {
        NDArray product = a.matMul(b);
        product.attach(m); // a result belongs to its first operand's manager: keep it out of the parameters' one
        return product.mul(lora.scale()).add(w);
    }
}
