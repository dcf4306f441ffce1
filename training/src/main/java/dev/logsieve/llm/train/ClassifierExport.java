package dev.logsieve.llm.train;

import dev.logsieve.inference.ModelContract;
import dev.logsieve.onnx.AttributeProto;
import dev.logsieve.onnx.GraphProto;
import dev.logsieve.onnx.ModelProto;
import dev.logsieve.onnx.NodeProto;
import dev.logsieve.onnx.OperatorSetIdProto;
import dev.logsieve.onnx.StringStringEntryProto;
import dev.logsieve.onnx.TensorProto;
import dev.logsieve.onnx.TensorShapeProto;
import dev.logsieve.onnx.TypeProto;
import dev.logsieve.onnx.ValueInfoProto;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code logllm_classifier} model of the serving contract (DESIGN section 6) as an
 * ONNX graph (opset {@value #OPSET}). The graph computes
 * exactly what {@link DjlClassifier} computes (see its formulas); a parity test keeps them equal.
 *
 * <h2>Node plan</h2>
 *
 * <pre>
 * B, n, T          = Shape(message_embeddings)[0], [1]; Shape(x)[1]
 * prefix, suffix   = Expand(Unsqueeze(Gather(embed_tokens, prefix_ids/suffix_ids)), [B, P|S, W])
 * x                = Concat(prefix, Add(MatMul(message_embeddings, projector.weight), projector.bias), suffix; axis 1)
 * m                = Concat(Expand(1, [B, P]), message_mask, Expand(1, [B, S]); axis 1)     INT64 [B, T]
 *                    (with context, x and m start with the context prompt's tokens and the projected
 *                    context_embeddings, masked by context_mask, as in {@link DjlClassifier})
 * cos, sin         = Unsqueeze(Gather(rope_cos | rope_sin, Sub(CumSum(m, 1), 1)), 1)     [B, 1, T, hs]
 * bias             = Add(Slice(causal, [0, 0], [T, T]), Unsqueeze(Mul(Sub(1, Cast(m)), NEG), [1, 2]))
 * RMSNorm(x, g)    = Mul(Div(x, Sqrt(Add(ReduceMean(Mul(x, x), -1), eps))), g)
 * heads(y)         = Transpose(Reshape(y, [0, 0, H, hs]), [0, 2, 1, 3])
 * RoPE(y)          = Add(Mul(y, cos), Mul(MatMul(y, rope_rot), sin))
 * attention        = MatMul(Softmax(Add(Mul(MatMul(q, Transpose(k)), 1/√hs), bias)), v) → Transpose, Reshape [0, 0, W], MatMul wo, Add
 * SwiGLU           = MatMul(Mul(Mul(g, Sigmoid(g)), MatMul(h, w_up)), w_down), g = MatMul(h, w_gate); Add
 * p_anomalous      = Slice(Softmax(Gather(MatMul(Gather(RMSNorm(x), -1, axis 1), lm_head), [anomalous, normal], axis 1)), 0:1)
 * </pre>
 *
 * Batch and message count are dynamic ({@code batch_size}, {@code messages}); the RoPE and causal
 * tables cover {@link ClassifierConfig#maxSequence()} positions. The configuration's JSON is kept
 * in the model's metadata ({@value #CONFIG_KEY}), the precision in {@value #PRECISION_KEY}.
 *
 * <h2>Half precision and large models</h2>
 *
 * {@link Precision#FP16} stores every weight and table the activations meet as FLOAT16 and runs the
 * decoder in half precision, as a GPU serves it fastest and in half the memory. Three places stay in
 * FP32, each with a Cast around it: the attention bias is built in FP32 (its masked entries turn to
 * -inf in FP16, which the softmax maps to 0 as before), RMSNorm's mean of squares (squares of FP16
 * activations overflow), and the softmax over the two answer logits. The contract does not change:
 * inputs and output stay FP32.
 *
 * <p>A protobuf message, and so an ONNX file with its weights inside, holds at most 2 GB: the
 * graph held in memory ({@link #export}) is for models below that; {@link ClassifierRepository}
 * writes any size into a Triton model repository, large weights as ONNX external data.
 * Stateless; all methods are thread-safe.
 */
public final class ClassifierExport {

    /** ONNX default-domain opset of the graph. */
    public static final int OPSET = 17;
    /** Metadata key holding {@link ClassifierConfig#toJson()}. */
    public static final String CONFIG_KEY = "logsieve.classifier_config";

    /** Metadata key holding the precision of the weights, {@code fp32} or {@code fp16}. */
    public static final String PRECISION_KEY = "logsieve.precision";
    /** The precision of the exported weights and of the decoder's arithmetic. */
    public enum Precision { FP32, FP16 }

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int INT64 = TensorProto.DataType.INT64_VALUE;

    private ClassifierExport() {}

    /** The ONNX model of a configuration with its weights, in single precision, every weight inside. */
    public static ModelProto export(ClassifierConfig c, ClassifierWeights weights) {
        return export(c, weights, Precision.FP32);
    }

    /** The ONNX model in the given precision, every weight inside (up to the 2 GB a protobuf message holds). */
    public static ModelProto export(ClassifierConfig c, ClassifierWeights weights, Precision precision) {
        return build(c, weights, OnnxTensors.inline(precision == Precision.FP16));
    }

    /** The ONNX model, its initializers built by {@code tensors} (inside, or as external data). */
    static ModelProto build(ClassifierConfig c, ClassifierWeights weights, OnnxTensors tensors) {
        weights.check(c);
        Graph g = new Graph(tensors);
        for (Map.Entry<String, ClassifierWeights.Tensor> e : weights.tensors().entrySet()) {
            g.weight(e.getKey(), e.getValue().data(), e.getValue().shape());
        }
        int hs = c.headSize();
        int len = c.maxSequence();
        long[] prefixIds = c.prefixIds();
        long[] suffixIds = c.suffixIds();
        g.weight("rope_cos", ClassifierMath.rope(len, hs, c.ropeTheta(), false), len, hs);
        g.weight("rope_sin", ClassifierMath.rope(len, hs, c.ropeTheta(), true), len, hs);
        g.weight("rope_rot", ClassifierMath.rotateHalf(hs), hs, hs);
        g.floats("causal", ClassifierMath.causal(len), len, len);
        g.ints("prefix_ids", prefixIds, prefixIds.length);
        g.ints("suffix_ids", suffixIds, suffixIds.length);

        // Shapes, the input sequence and its mask: [context prompt, context,] prefix, messages, suffix.
        g.node("Shape", "B", List.of("message_embeddings"), ints("start", 0), ints("end", 1));
        List<String> parts = new java.util.ArrayList<>();
        List<String> masks = new java.util.ArrayList<>();
        if (c.maxContext() > 0) {
            // "ctx_prompt", not "context": ones() names its output <name>_mask, which would be the input context_mask
            long[] contextIds = c.contextIds();
            g.ints("ctx_prompt_ids", contextIds, contextIds.length);
            parts.add(promptPart(g, "ctx_prompt", contextIds.length, c.width()));
            masks.add(ones(g, "ctx_prompt", contextIds.length));
            parts.add(project(g, ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0), "ctx_proj"));
            masks.add(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(1));
        }
        parts.add(promptPart(g, "prefix", prefixIds.length, c.width()));
        masks.add(ones(g, "prefix", prefixIds.length));
        parts.add(project(g, "message_embeddings", "proj"));
        masks.add("message_mask");
        parts.add(promptPart(g, "suffix", suffixIds.length, c.width()));
        masks.add(ones(g, "suffix", suffixIds.length));
        g.node("Concat", "x0", parts, ints("axis", 1));
        g.node("Concat", "full_mask", masks, ints("axis", 1));

        // Positions (real tokens only), RoPE tables per row, attention bias.
        g.node("CumSum", "cumsum", List.of("full_mask", g.ints("axis1", new long[] {1})));
        g.node("Sub", "pos", List.of("cumsum", g.ints("one_i", new long[] {1})));
        for (String t : List.of("cos", "sin")) {
            g.node("Gather", t + "3", List.of("rope_" + t, "pos"), ints("axis", 0));
            g.node("Unsqueeze", t, List.of(t + "3", g.ints(t + "_axes", new long[] {1}, 1)));
        }
        g.node("Cast", "mask_f", List.of("full_mask"), ints("to", FLOAT));
        g.node("Sub", "pad_f", List.of(g.floats("one_f", new float[] {1f}), "mask_f"));
        g.node("Mul", "key_bias2", List.of("pad_f", g.floats("neg", new float[] {ClassifierMath.NEG})));
        g.node("Unsqueeze", "key_bias", List.of("key_bias2", g.ints("key_axes", new long[] {1, 2}, 2)));
        g.node("Shape", "T", List.of("x0"), ints("start", 1), ints("end", 2));
        g.node("Concat", "TT", List.of("T", "T"), ints("axis", 0));
        g.node("Slice", "causal_t", List.of("causal", g.ints("zeros2", new long[] {0, 0}, 2), "TT",
                g.ints("axes01", new long[] {0, 1}, 2)));
        g.node("Add", "bias_sum", List.of("causal_t", "key_bias"));
        // In half precision the masked entries (NEG) become -inf: exp gives 0, as in single precision.
        String bias = g.toCompute("bias_sum");

        g.weight("scale", new float[] {(float) (1 / Math.sqrt(hs))});
        g.floats("eps", new float[] {(float) c.rmsEps()});
        g.ints("head_shape", new long[] {0, 0, c.heads(), hs}, 4);
        g.ints("merge_shape", new long[] {0, 0, c.width()}, 3);
        String x = "x0";
        for (int l = 0; l < c.layers(); l++) {
            x = layer(g, "layers." + l + ".", x, bias);
        }
        String h = rms(g, "final/", x, "norm");
        g.node("Gather", "last", List.of(h, g.ints("minus_one", new long[] {-1}, new long[0])), ints("axis", 1));
        g.node("MatMul", "logits", List.of("last", "lm_head"));
        g.node("Gather", "answer_logits", List.of("logits",
                g.ints("answer_ids", new long[] {c.anomalousId(), c.normalId()}, 2)), ints("axis", 1));
        g.node("Softmax", "answer_p", List.of(g.toFloat("answer_logits")), ints("axis", 1));
        g.node("Slice", ModelContract.CLASSIFIER_OUTPUT, List.of("answer_p", g.ints("zero_1", new long[] {0}, 1),
                g.ints("one_1", new long[] {1}, 1), g.ints("axis_1", new long[] {1}, 1)));

        GraphProto.Builder graph = g.graph.setName(ModelContract.CLASSIFIER_MODEL)
                .addInput(info("message_embeddings", FLOAT, "batch_size", "messages", c.dimension()))
                .addInput(info("message_mask", INT64, "batch_size", "messages"))
                .addOutput(info(ModelContract.CLASSIFIER_OUTPUT, FLOAT, "batch_size", 1));
        if (c.maxContext() > 0) {
            graph.addInput(info(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0), FLOAT, "batch_size", "contexts",
                    c.dimension()));
            graph.addInput(info(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(1), INT64, "batch_size", "contexts"));
        }
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("logsieve")
                .setProducerVersion("dev")
                .setDocString("Logsieve logllm_classifier: projector + Llama-style decoder; p_anomalous = "
                        + "softmax(anomalous, normal) at the answer position")
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey(CONFIG_KEY).setValue(c.toJson()))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey(PRECISION_KEY)
                        .setValue(tensors.half() ? "fp16" : "fp32"))
                .setGraph(graph)
                .build();
    }

    /** One decoder layer: attention and SwiGLU, each with its RMSNorm and residual. */
    private static String layer(Graph g, String p, String x, String bias) {
        String h = rms(g, p + "attn/", x, p + "attn_norm");
        for (String t : List.of("q", "k", "v")) {
            g.node("MatMul", p + t + "_flat", List.of(h, p + "w" + t));
            g.node("Reshape", p + t + "_split", List.of(p + t + "_flat", "head_shape"));
            g.node("Transpose", p + t + "_heads", List.of(p + t + "_split"), ints("perm", 0, 2, 1, 3));
        }
        for (String t : List.of("q", "k")) {
            g.node("Mul", p + t + "_cos", List.of(p + t + "_heads", "cos"));
            g.node("MatMul", p + t + "_rot", List.of(p + t + "_heads", "rope_rot"));
            g.node("Mul", p + t + "_sin", List.of(p + t + "_rot", "sin"));
            g.node("Add", p + t + "_rope", List.of(p + t + "_cos", p + t + "_sin"));
        }
        g.node("Transpose", p + "k_t", List.of(p + "k_rope"), ints("perm", 0, 1, 3, 2));
        g.node("MatMul", p + "scores_raw", List.of(p + "q_rope", p + "k_t"));
        g.node("Mul", p + "scores_scaled", List.of(p + "scores_raw", "scale"));
        g.node("Add", p + "scores", List.of(p + "scores_scaled", bias));
        g.node("Softmax", p + "att", List.of(p + "scores"), ints("axis", -1));
        g.node("MatMul", p + "ctx", List.of(p + "att", p + "v_heads"));
        g.node("Transpose", p + "ctx_t", List.of(p + "ctx"), ints("perm", 0, 2, 1, 3));
        g.node("Reshape", p + "ctx_merged", List.of(p + "ctx_t", "merge_shape"));
        g.node("MatMul", p + "att_out", List.of(p + "ctx_merged", p + "wo"));
        g.node("Add", p + "x_att", List.of(x, p + "att_out"));

        String f = rms(g, p + "ffn/", p + "x_att", p + "ffn_norm");
        g.node("MatMul", p + "gate", List.of(f, p + "w_gate"));
        g.node("Sigmoid", p + "gate_sig", List.of(p + "gate"));
        g.node("Mul", p + "silu", List.of(p + "gate", p + "gate_sig"));
        g.node("MatMul", p + "up", List.of(f, p + "w_up"));
        g.node("Mul", p + "swiglu", List.of(p + "silu", p + "up"));
        g.node("MatMul", p + "ffn_out", List.of(p + "swiglu", p + "w_down"));
        g.node("Add", p + "out", List.of(p + "x_att", p + "ffn_out"));
        return p + "out";
    }

    /** RMSNorm, its statistics always in single precision (squares of FP16 activations overflow). */
    private static String rms(Graph g, String p, String x, String gain) {
        x = g.toFloat(x);
        g.node("Mul", p + "sq", List.of(x, x));
        g.node("ReduceMean", p + "ms", List.of(p + "sq"), ints("axes", -1), ints("keepdims", 1));
        g.node("Add", p + "ms_eps", List.of(p + "ms", "eps"));
        g.node("Sqrt", p + "rms", List.of(p + "ms_eps"));
        g.node("Div", p + "normed", List.of(x, p + "rms"));
        g.node("Mul", p + "scaled", List.of(g.toCompute(p + "normed"), gain));
        return p + "scaled";
    }

    /** Embeddings [B, n, D] through the projector: [B, n, W]. */
    private static String project(Graph g, String input, String name) {
        g.node("MatMul", name + "_mm", List.of(g.toCompute(input), "projector.weight"));
        g.node("Add", name, List.of(name + "_mm", "projector.bias"));
        return name;
    }

    /** Prompt token embeddings broadcast over the batch: [B, count, W]. */
    private static String promptPart(Graph g, String name, int count, int width) {
        g.node("Gather", name + "_emb", List.of("embed_tokens", name + "_ids"), ints("axis", 0));
        g.node("Unsqueeze", name + "_emb3", List.of(name + "_emb", g.ints(name + "_axes", new long[] {0}, 1)));
        g.node("Concat", name + "_shape", List.of("B", g.ints(name + "_pw", new long[] {count, width}, 2)),
                ints("axis", 0));
        g.node("Expand", name + "_b", List.of(name + "_emb3", name + "_shape"));
        return name + "_b";
    }

    /** INT64 ones [B, count] (the prompt part of the mask). */
    private static String ones(Graph g, String name, int count) {
        long[] one = new long[count];
        java.util.Arrays.fill(one, 1);
        g.ints(name + "_one", one, 1, count);
        g.node("Concat", name + "_mshape", List.of("B", g.ints(name + "_count", new long[] {count}, 1)),
                ints("axis", 0));
        g.node("Expand", name + "_mask", List.of(name + "_one", name + "_mshape"));
        return name + "_mask";
    }

    // ---- graph building -------------------------------------------------------------------------

    /** Nodes and initializers under construction; weights in the precision of its {@link OnnxTensors}. */
    private static final class Graph {
        final GraphProto.Builder graph = GraphProto.newBuilder();
        final OnnxTensors tensors;

        Graph(OnnxTensors tensors) {
            this.tensors = tensors;
        }

        void node(String op, String output, List<String> inputs, AttributeProto... attributes) {
            graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                    .addAllAttribute(List.of(attributes)));
        }

        /** A weight (or a table the activations meet) in the compute precision; a scalar when no dims. */
        String weight(String name, float[] data, long... dims) {
            graph.addInitializer(tensors.weight(name, data, dims));
            return name;
        }

        /** An FP32 initializer whatever the precision (a scalar when no dims). */
        String floats(String name, float[] data, long... dims) {
            graph.addInitializer(tensors.floats(name, data, dims));
            return name;
        }

        /** An FP32 value in the compute precision: itself, or a Cast to FLOAT16 in half precision. */
        String toCompute(String name) {
            return cast(name, tensors.weightType(), "_h");
        }

        /** A compute-precision value in FP32: itself, or a Cast to FLOAT in half precision. */
        String toFloat(String name) {
            return cast(name, FLOAT, "_f");
        }

        private String cast(String name, int type, String suffix) {
            if (!tensors.half()) {
                return name;
            }
            node("Cast", name + suffix, List.of(name), ClassifierExport.ints("to", type));
            return name + suffix;
        }

        /** INT64 initializer; dims default to [data.length]; an empty dims array gives a scalar. */
        String ints(String name, long[] data, long... dims) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(INT64);
            for (long d : dims) {
                t.addDims(d);
            }
            for (long v : data) {
                t.addInt64Data(v);
            }
            graph.addInitializer(t);
            return name;
        }

        String ints(String name, long[] data) {
            return ints(name, data, data.length);
        }
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (values.length == 1 && !name.equals("perm") && !name.equals("axes")) {
            return a.setType(AttributeProto.AttributeType.INT).setI(values[0]).build();
        }
        return a.setType(AttributeProto.AttributeType.INTS).addAllInts(toList(values)).build();
    }

    private static List<Long> toList(long[] values) {
        List<Long> l = new java.util.ArrayList<>();
        for (long v : values) {
            l.add(v);
        }
        return l;
    }

    private static ValueInfoProto info(String name, int type, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String p) {
                b.setDimParam(p);
            } else {
                b.setDimValue(((Number) d).longValue());
            }
            s.addDim(b);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }
}
