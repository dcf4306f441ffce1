package dev.logsieve.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code logllm_classifier} network as a DJL {@link ai.djl.nn.Block} (PyTorch engine):
 * differentiable, batched, the implementation training uses. {@link ClassifierExport} writes the
 * same network to ONNX; a parity test keeps them equal.
 *
 * <h2>Forward pass</h2>
 *
 * Inputs {@code message_embeddings} FP32 [B, n, D] and {@code message_mask} INT64 [B, n] (1 real,
 * 0 padding; padding may sit anywhere, usually at the end); with retrieved context
 * ({@link ClassifierConfig#maxContext()} above 0) also {@code context_embeddings} FP32 [B, c, D] and
 * {@code context_mask} INT64 [B, c], which enter as {@code concat(E[context ids], context · Wp + bp)}
 * before the prefix, masked the same way. Outputs {@code p_anomalous} FP32
 * [B, 1] and the answer position's logits over the vocabulary, FP32 [B, V] (for a cross-entropy
 * loss on the answer).
 *
 * <pre>
 * x    = concat(E[prefix ids], message_embeddings · Wp + bp, E[suffix ids])   [B, T, W], T = P + n + S
 * m    = concat(1…, message_mask, 1…)                                        [B, T]
 * pos  = cumsum(m) - 1         (positions count real tokens only: padding does not shift RoPE)
 * bias = causal[T, T] + (1 - m)[B, 1, 1, T] · NEG   (future keys and padded keys masked)
 * per layer:  h = RMSNorm(x) · g_attn;  q, k, v = h·Wq, h·Wk, h·Wv split into heads [B, H, T, hs]
 *             q, k = RoPE(q, pos), RoPE(k, pos)
 *             x = x + (softmax(q·kᵀ / √hs + bias) · v merged) · Wo
 *             h = RMSNorm(x) · g_ffn;  x = x + (silu(h·Wgate) ⊙ h·Wup) · Wdown
 * logits = RMSNorm(x)[:, T-1] · lm_head                                         [B, V]
 * p_anomalous = softmax(logits[anomalous], logits[normal])[0]                  [B, 1]
 * </pre>
 *
 * The answer is read at the last position, which is always the suffix's last token, so padded
 * message slots change nothing (masked as keys, skipped by the positions).
 *
 * <p>Parameters are named as in {@link ClassifierWeights} and hold the given weights from
 * {@link #create} on ({@link #initialize} keeps them and only attaches gradients, so a DJL
 * {@code Trainer} trains them as they are).
 *
 * <h2>Low-rank adapters</h2>
 *
 * Created with {@link LoraSettings} of rank r above 0, each targeted matrix {@code W [in, out]}
 * of each layer gets two more parameters, {@code layers.N.<w>.lora_a} [in, r] and
 * {@code layers.N.<w>.lora_b} [r, out] ({@link LoraAdapters}), and {@code x·W} becomes
 * {@code x·W + (dropout(x)·A·B)·(alpha/r)} (dropout only in a training forward pass); B starts
 * at zero, so the adapted network starts equal to the base. Every other parameter but the
 * projector is then frozen ({@link Parameter#requiresGradient()} false) and held in the settings'
 * base precision ({@link BaseWeights}); {@link #weights()} merges the adapters into plain weights
 * ({@code W + (alpha/r)·A·B}), which {@link ClassifierExport} and everything downstream use
 * unchanged.
 *
 * <p>Not thread-safe for training; for inference, {@link #predict} may be called from several
 * threads. DJL is switched to offline mode
 * when this class loads ({@code ai.djl.offline=true} unless set): the PyTorch natives come from the
 * Maven artifact {@code ai.djl.pytorch:pytorch-native-cpu}.
 */
public final class DjlClassifier extends AbstractBlock {

    static {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static final byte VERSION = 1;

    private final ClassifierConfig config;
    private final LoraSettings lora;
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final BaseWeights base;
    private final float[] cos;
    private final float[] sin;
    private final float[] causal;
    private final float[] rotate;
    /** {@link ClassifierConfig#maxSequence()}, kept: it splits the prompt's words each time it is asked. */
    private final int maxSequence;

    private DjlClassifier(ClassifierConfig config, LoraSettings lora, NDManager manager) {
        super(VERSION);
        this.config = config;
        this.lora = lora;
        this.base = new BaseWeights(lora.basePrecision(), manager);
        for (String name : ClassifierWeights.shapes(config).keySet()) {
            named.put(name, addParameter(Parameter.builder().setName(name).setType(type(name))
                    .optInitializer(Initializer.ZEROS).optRequiresGrad(!lora.enabled() || !isBase(name)).build()));
        }
        for (String name : LoraAdapters.shapes(config, lora).keySet()) {
            named.put(name, addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                    .optInitializer(Initializer.ZEROS).build()));
        }
        int t = config.maxSequence();
        maxSequence = t;
        cos = ClassifierMath.rope(t, config.headSize(), config.ropeTheta(), false);
        sin = ClassifierMath.rope(t, config.headSize(), config.ropeTheta(), true);
        causal = ClassifierMath.causal(t);
        rotate = ClassifierMath.rotateHalf(config.headSize());
    }

    /** Suffix of an adapter's first matrix A [in, r]. */
    public static final String LORA_A = LoraAdapters.A;
    /** Suffix of an adapter's second matrix B [r, out]. */
    public static final String LORA_B = LoraAdapters.B;

    /**
     * The network with the given weights, its parameter arrays created by {@code manager} (which
     * owns them).
     */
    public static DjlClassifier create(ClassifierConfig config, ClassifierWeights weights, NDManager manager) {
        return create(config, weights, LoraSettings.OFF, 0, manager);
    }

    /**
     * The network with the given weights and, when {@code lora} is enabled, fresh adapters (A
     * drawn from {@code seed}, B zero) on a frozen base held in {@code lora}'s precision.
     */
    public static DjlClassifier create(ClassifierConfig config, ClassifierWeights weights, LoraSettings lora, long seed,
            NDManager manager) {
        weights.check(config);
        DjlClassifier c = new DjlClassifier(config, lora, manager);
        Map<String, ClassifierWeights.Tensor> adapters = LoraAdapters.initial(config, lora, seed);
        for (Map.Entry<String, Parameter> e : c.named.entrySet()) {
            String name = e.getKey();
            ClassifierWeights.Tensor t = isAdapter(name) ? adapters.get(name) : weights.get(name);
            e.getValue().setArray(c.base(name) ? c.base.hold(t, manager) : manager.create(t.data(), new Shape(t.shape())));
        }
        return c;
    }

    /** Whether a parameter is an adapter matrix ({@link #LORA_A} or {@link #LORA_B}). */
    public static boolean isAdapter(String name) {
        return name.endsWith(LORA_A) || name.endsWith(LORA_B);
    }

    /** Whether a parameter belongs to the decoder's base weights (neither the projector nor an adapter). */
    public static boolean isBase(String name) {
        return !name.startsWith("projector.") && !isAdapter(name);
    }

    /** The configuration. */
    public ClassifierConfig config() {
        return config;
    }

    /** The adapters' settings ({@link LoraSettings#OFF} without adapters). */
    public LoraSettings lora() {
        return lora;
    }

    /**
     * The weights this network computes with, for saving or export: the current parameter values
     * (e.g. after training), with the adapters merged, {@code W + (alpha/r)·A·B} in float32, and
     * the base as held (e.g. rounded to fp16).
     */
    public ClassifierWeights weights() {
        Map<String, ClassifierWeights.Tensor> t = new LinkedHashMap<>();
        NDManager owner = manager();
        for (String name : ClassifierWeights.shapes(config).keySet()) {
            Parameter p = named.get(name);
            try (NDManager m = owner.newSubManager()) {
                NDArray w = base(name) ? base.toFloat32(p.getArray(), m) : p.getArray();
                Parameter a = named.get(name + LORA_A);
                if (a != null) {
                    w = LoraAdapters.merge(w, a.getArray(), named.get(name + LORA_B).getArray(), lora, m);
                }
                t.put(name, new ClassifierWeights.Tensor(ClassifierWeights.shapes(config).get(name), w.toFloatArray()));
            }
        }
        return new ClassifierWeights(t);
    }

    /**
     * The current values of some parameters, adapters included, unmerged, the base as held (for
     * snapshots during training, and to check what training changed).
     */
    public ClassifierWeights parameters(Collection<String> names) {
        Map<String, ClassifierWeights.Tensor> t = new LinkedHashMap<>();
        for (String name : names) {
            Parameter p = parameter(name);
            NDArray a = p.getArray();
            long[] shape = isBase(name) ? ClassifierWeights.shapes(config).get(name) : a.getShape().getShape();
            t.put(name, new ClassifierWeights.Tensor(shape, base(name) ? base.values(a) : a.toFloatArray()));
        }
        return new ClassifierWeights(t);
    }

    /** Names of every parameter, adapters included. */
    public Collection<String> parameterNames() {
        return java.util.Collections.unmodifiableSet(named.keySet());
    }

    /** Sets float32 parameters (not a base held in another precision) to the given values, e.g. a snapshot. */
    public void restore(ClassifierWeights values) {
        for (Map.Entry<String, ClassifierWeights.Tensor> e : values.tensors().entrySet()) {
            NDArray a = parameter(e.getKey()).getArray();
            if (a.getDataType() != DataType.FLOAT32 || !Arrays.equals(a.getShape().getShape(), e.getValue().shape())) {
                throw new IllegalArgumentException("cannot restore " + e.getKey() + " (" + a.getDataType() + " "
                        + a.getShape() + ") from float32 " + Arrays.toString(e.getValue().shape()));
            }
            try (NDArray v = a.getManager().create(e.getValue().data(), a.getShape())) {
                a.set(v.toByteBuffer());
            }
        }
    }

    private Parameter parameter(String name) {
        Parameter p = named.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    /** Whether a parameter is held by {@link #base} in another precision than float32. */
    private boolean base(String name) {
        return lora.enabled() && isBase(name);
    }

    /** The manager that owns the parameters. */
    NDManager manager() {
        return named.values().iterator().next().getArray().getManager();
    }

    /**
     * Inference: p_anomalous per sequence.
     *
     * @param embeddings [B][n][D]
     * @param mask [B][n], 1 real, 0 padding
     */
    public float[] predict(float[][][] embeddings, long[][] mask) {
        return predict(embeddings, mask, null, null);
    }

    /**
     * Inference with retrieved context (a configuration with {@link ClassifierConfig#maxContext()}
     * above 0): p_anomalous per sequence.
     *
     * @param context [B][c][D] context vectors (c may be 0 only when B rows have none: pass one masked slot)
     * @param contextMask [B][c], 1 real, 0 padding
     */
    public float[] predict(float[][][] embeddings, long[][] mask, float[][][] context, long[][] contextMask) {
        try (NDManager m = manager().newSubManager()) {
            NDList in = new NDList(array(m, embeddings), longs(m, mask));
            if (context != null) {
                in.add(array(m, context));
                in.add(longs(m, contextMask));
            }
            return forward(new ParameterStore(m, false), in, false).get(0).toFloatArray();
        }
    }

    /** [B][n][D] as one array. */
    private NDArray array(NDManager m, float[][][] rows) {
        int b = rows.length;
        int n = rows[0].length;
        int d = config.dimension();
        float[] flat = new float[b * n * d];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(rows[i][j], 0, flat, (i * n + j) * d, d);
            }
        }
        return m.create(flat, new Shape(b, n, d));
    }

    /** [B][n] as one array. */
    private static NDArray longs(NDManager m, long[][] rows) {
        int b = rows.length;
        int n = rows[0].length;
        long[] flat = new long[b * n];
        for (int i = 0; i < b; i++) {
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
        return m.create(flat, new Shape(b, n));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray emb = inputs.get(0);
        NDManager m = emb.getManager();
        int b = Math.toIntExact(emb.getShape().get(0));
        int n = Math.toIntExact(emb.getShape().get(1));
        int w = config.width();
        int heads = config.heads();
        int hs = config.headSize();
        if (n > config.maxMessages()) {
            throw new IllegalArgumentException(n + " messages, at most " + config.maxMessages());
        }
        if (inputs.size() != (config.maxContext() > 0 ? 4 : 2)) {
            throw new IllegalArgumentException("the model takes " + (config.maxContext() > 0
                    ? "embeddings, mask, context embeddings and context mask" : "embeddings and mask") + "; got "
                    + inputs.size() + " inputs");
        }

        // Input sequence: [context tokens, projected context,] prefix tokens, projected messages, suffix tokens;
        // its mask has one row of B x T (1 real, 0 padding).
        NDArray table = p(ps, "embed_tokens", emb, training);
        NDArray wp = p(ps, "projector.weight", emb, training);
        NDArray bp = p(ps, "projector.bias", emb, training);
        NDList parts = new NDList();
        List<long[]> masks = new ArrayList<>();
        if (config.maxContext() > 0) {
            NDArray ctx = inputs.get(2);
            if (ctx.getShape().get(1) > config.maxContext()) {
                throw new IllegalArgumentException(ctx.getShape().get(1) + " context vectors, at most " + config.maxContext());
            }
            addTokens(parts, masks, config.contextIds(), table, b, m);
            parts.add(ctx.matMul(wp).add(bp));
            masks.add(inputs.get(3).toType(DataType.INT64, false).toLongArray());
        }
        addTokens(parts, masks, config.prefixIds(), table, b, m);
        parts.add(emb.matMul(wp).add(bp));
        masks.add(inputs.get(1).toType(DataType.INT64, false).toLongArray());
        addTokens(parts, masks, config.suffixIds(), table, b, m);
        NDArray x = NDArrays.concat(parts, 1);
        int t = Math.toIntExact(x.getShape().get(1));
        long[] mask = fullMask(parts, masks, b, t);

        // Positions (real tokens only), RoPE tables and the attention bias from the mask (constants, no gradient).
        float[] cosB = new float[b * t * hs];
        float[] sinB = new float[b * t * hs];
        float[] bias = new float[b * t * t];
        for (int r = 0; r < b; r++) {
            int pos = -1;
            for (int i = 0; i < t; i++) {
                boolean real = mask[r * t + i] != 0;
                pos += real ? 1 : 0;
                int at = Math.max(pos, 0);
                System.arraycopy(cos, at * hs, cosB, (r * t + i) * hs, hs);
                System.arraycopy(sin, at * hs, sinB, (r * t + i) * hs, hs);
                for (int q = 0; q < t; q++) {
                    bias[(r * t + q) * t + i] = causal[q * maxSequence + i] + (real ? 0f : ClassifierMath.NEG);
                }
            }
        }
        NDArray cosA = m.create(cosB, new Shape(b, 1, t, hs));
        NDArray sinA = m.create(sinB, new Shape(b, 1, t, hs));
        NDArray biasA = m.create(bias, new Shape(b, 1, t, t));
        NDArray rot = m.create(rotate, new Shape(hs, hs));
        float scale = (float) (1 / Math.sqrt(hs));

        for (int l = 0; l < config.layers(); l++) {
            String pre = "layers." + l + ".";
            NDArray h = rms(x, p(ps, pre + "attn_norm", emb, training));
            NDArray q = heads(linear(ps, h, pre + "wq", training), b, t, heads, hs);
            NDArray k = heads(linear(ps, h, pre + "wk", training), b, t, heads, hs);
            NDArray val = heads(linear(ps, h, pre + "wv", training), b, t, heads, hs);
            q = q.mul(cosA).add(q.matMul(rot).mul(sinA));
            k = k.mul(cosA).add(k.matMul(rot).mul(sinA));
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(biasA).softmax(-1);
            NDArray merged = att.matMul(val).transpose(0, 2, 1, 3).reshape(b, t, w);
            x = x.add(linear(ps, merged, pre + "wo", training));
            h = rms(x, p(ps, pre + "ffn_norm", emb, training));
            NDArray gate = linear(ps, h, pre + "w_gate", training);
            NDArray up = linear(ps, h, pre + "w_up", training);
            x = x.add(linear(ps, gate.mul(Activation.sigmoid(gate)).mul(up), pre + "w_down", training));
        }
        NDArray last = rms(x, p(ps, "norm", emb, training)).get(":, -1, :");
        NDArray logits = last.matMul(p(ps, "lm_head", emb, training));
        int a = config.anomalousId();
        int nm = config.normalId();
        NDArray two = logits.get(":, " + a + ":" + (a + 1)).concat(logits.get(":, " + nm + ":" + (nm + 1)), 1);
        return new NDList(two.softmax(1).get(":, 0:1"), logits);
    }

    /** Prompt tokens broadcast over the batch, with a null mask (all real). */
    private void addTokens(NDList parts, List<long[]> masks, long[] ids, NDArray table, int b, NDManager m) {
        NDArray e = m.create(ids).oneHot(config.vocabulary().size()).matMul(table);
        parts.add(e.expandDims(0).broadcast(b, ids.length, config.width()));
        masks.add(null);
    }

    /** The parts' masks side by side, [B, T] row-major; a null mask is all ones. */
    private static long[] fullMask(NDList parts, List<long[]> masks, int b, int t) {
        long[] full = new long[b * t];
        int at = 0;
        for (int k = 0; k < parts.size(); k++) {
            int len = Math.toIntExact(parts.get(k).getShape().get(1));
            long[] part = masks.get(k);
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < len; j++) {
                    full[r * t + at + j] = part == null ? 1 : part[r * len + j];
                }
            }
            at += len;
        }
        return full;
    }

    private NDArray rms(NDArray x, NDArray gain) {
        NDArray ms = x.mul(x).mean(new int[] {-1}, true).add((float) config.rmsEps());
        return x.div(ms.sqrt()).mul(gain);
    }

    private static NDArray heads(NDArray x, int b, int t, int heads, int hs) {
        return x.reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
    }

    /** {@code x·W}, plus {@code (dropout(x)·A·B)·(alpha/r)} where W has an adapter. */
    private NDArray linear(ParameterStore ps, NDArray x, String w, boolean training) {
        NDArray weight = p(ps, w, x, training);
        NDArray y = x.matMul(weight);
        if (base(w) && base.copies()) {
            weight.close(); // a float32 copy of a held matrix: free it now (autograd keeps what its backward needs)
        }
        if (!named.containsKey(w + LORA_A)) {
            return y;
        }
        return y.add(LoraAdapters.term(x, p(ps, w + LORA_A, x, training), p(ps, w + LORA_B, x, training), lora, training));
    }

    /** A parameter's value as float32 (a base held in another precision is decoded into {@code like}'s manager). */
    private NDArray p(ParameterStore ps, String name, NDArray like, boolean training) {
        NDArray v = ps.getValue(named.get(name), like.getDevice(), training);
        return base(name) ? base.toFloat32(v, like.getManager()) : v;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, 1), new Shape(b, config.vocabulary().size())};
    }

    private static Parameter.Type type(String name) {
        if (name.endsWith("norm")) {
            return Parameter.Type.GAMMA;
        }
        return name.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    }
}
