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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the {@code logllm_encoder} model of the serving contract (DESIGN section 6) from a BERT
 * ONNX graph and writes it in Triton's model repository layout.
 *
 * <h2>The graph</h2>
 *
 * The BERT graph is kept as it is (nodes, weights, opset); its token-state output {@code H}
 * (FP32 [batch, sequence, D]) stops being a graph output and these nodes are appended, which
 * compute the sentence-transformers embedding, i.e. the mean of the token states over the
 * attention mask, L2-normalised:
 *
 * <pre>
 * m     = Cast(attention_mask, to=FLOAT)            [B, S]
 * m3    = Unsqueeze(m, axes=[2])                    [B, S, 1]
 * sum   = ReduceSum(Mul(H, m3), axes=[1], keepdims=0)   [B, D]
 * n     = Max(ReduceSum(m3, axes=[1], keepdims=0), 1e-9)  [B, 1]
 * mean  = Div(sum, n)                               [B, D]
 * norm  = Max(Sqrt(ReduceSum(Mul(mean, mean), axes=[1], keepdims=1)), 1e-12)  [B, 1]
 * embedding = Div(mean, norm)                       [B, D]
 * </pre>
 *
 * The clamps are those of sentence-transformers ({@code clamp(min=1e-9)} on the token count,
 * {@code F.normalize}'s {@code eps=1e-12}). {@code axes} is an attribute before opset 13 and an
 * INT64 input from 13 on; both forms are written according to the model's default-domain opset.
 * The inputs must be {@code input_ids} and {@code attention_mask} INT64 [batch, sequence]; an
 * export without {@code token_type_ids} gets that input added (unused), so every encoder has the
 * contract's three inputs. The only output is {@code embedding} FP32 [batch, D].
 *
 * <p>Stateless; all methods are thread-safe.
 */
public final class EncoderExport {




    /** Default {@code max_batch_size} written to config.pbtxt. */
    public static final int DEFAULT_MAX_BATCH = 64;

    private static final String PREFIX = "logllm_pool/";

    private EncoderExport() {}

    /** {@code logllm_encoder} built from the all-MiniLM-L6-v2 model in the Maven artifact. */
    public static ModelProto exportMiniLm() {
        try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.MODEL_RESOURCE)) {
            return export(OnnxModels.parse(in), MiniLmEncoder.artifact());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code logllm_encoder} built from the int8-quantized all-MiniLM-L6-v2 of the {@code -q}
     * artifact (a quarter of the size; embeddings close to, not equal to, the FP32 model's).
     */
    public static ModelProto exportMiniLmQuantized() {
        try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.QUANTIZED_MODEL_RESOURCE)) {
            return export(OnnxModels.parse(in), MiniLmEncoder.quantizedArtifact());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends pooling and normalisation to a BERT graph.
     *
     * @param bert a BERT-family ONNX model whose output is the token states [batch, sequence, D]
     * @param source where the weights come from (kept in the model's metadata)
     * @return the {@code logllm_encoder} model
     * @throws IllegalArgumentException when the inputs or the output are not as described above
     */
    public static ModelProto export(ModelProto bert, String source) {
        GraphProto g = bert.getGraph();
        for (String name : List.of("input_ids", "attention_mask")) {
            ValueInfoProto in = find(g.getInputList(), name);
            if (in == null) {
                throw new IllegalArgumentException("the model has no input " + name + "; inputs: " + names(g.getInputList()));
            }
            if (elemType(in) != TensorProto.DataType.INT64_VALUE) {
                throw new IllegalArgumentException("input " + name + " is not INT64");
            }
        }
        ValueInfoProto hidden = tokenStates(g);
        TensorShapeProto.Dimension dim = hidden.getType().getTensorType().getShape().getDim(2);
        if (!dim.hasDimValue()) {
            throw new IllegalArgumentException("the width of " + hidden.getName() + " is not fixed");
        }
        long width = dim.getDimValue();
        TensorShapeProto.Dimension batch = hidden.getType().getTensorType().getShape().getDim(0);
        long opset = defaultOpset(bert);

        GraphProto.Builder out = g.toBuilder().setName(ModelContract.ENCODER_MODEL).clearOutput();
        if (find(g.getInputList(), "token_type_ids") == null) {
            out.addInput(tensorInfo("token_type_ids", TensorProto.DataType.INT64_VALUE,
                    find(g.getInputList(), "input_ids").getType().getTensorType().getShape()));
        }
        out.addInitializer(scalar(PREFIX + "min_count", 1e-9f));
        out.addInitializer(scalar(PREFIX + "min_norm", 1e-12f));
        String h = hidden.getName();
        String m = PREFIX + "mask";
        String m3 = PREFIX + "mask3";
        out.addNode(node("Cast", List.of("attention_mask"), m, intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
        axesNode(out, opset, "Unsqueeze", m, m3, 2, null);
        out.addNode(node("Mul", List.of(h, m3), PREFIX + "masked"));
        axesNode(out, opset, "ReduceSum", PREFIX + "masked", PREFIX + "sum", 1, 0L);
        axesNode(out, opset, "ReduceSum", m3, PREFIX + "count", 1, 0L);
        out.addNode(node("Max", List.of(PREFIX + "count", PREFIX + "min_count"), PREFIX + "count_clamped"));
        out.addNode(node("Div", List.of(PREFIX + "sum", PREFIX + "count_clamped"), PREFIX + "mean"));
        out.addNode(node("Mul", List.of(PREFIX + "mean", PREFIX + "mean"), PREFIX + "square"));
        axesNode(out, opset, "ReduceSum", PREFIX + "square", PREFIX + "sum_square", 1, 1L);
        out.addNode(node("Sqrt", List.of(PREFIX + "sum_square"), PREFIX + "norm"));
        out.addNode(node("Max", List.of(PREFIX + "norm", PREFIX + "min_norm"), PREFIX + "norm_clamped"));
        out.addNode(node("Div", List.of(PREFIX + "mean", PREFIX + "norm_clamped"), ModelContract.ENCODER_OUTPUT));
        out.addOutput(tensorInfo(ModelContract.ENCODER_OUTPUT, TensorProto.DataType.FLOAT_VALUE, TensorShapeProto.newBuilder()
                .addDim(batch).addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build()));

        return bert.toBuilder()
                .setGraph(out)
                .setProducerName("logsieve")
                .setProducerVersion(Objects.toString(EncoderExport.class.getPackage().getImplementationVersion(), "dev"))
                .setDocString("Logsieve logllm_encoder: BERT token states, mean-pooled over attention_mask and "
                        + "L2-normalised; output embedding FP32 [batch, " + width + "]")
                .addMetadataProps(entry("logsieve.source", source))
                .addMetadataProps(entry("logsieve.bert_output", h))
                .addMetadataProps(entry("logsieve.pooling", "mean over attention_mask"))
                .addMetadataProps(entry("logsieve.normalization", "l2"))
                .addMetadataProps(entry("logsieve.dimension", Long.toString(width)))
                .addMetadataProps(entry("logsieve.max_tokens", Integer.toString(MiniLmEncoder.MAX_TOKENS)))
                .build();
    }

    /** The width D of an exported encoder's {@code embedding} output. */
    public static int dimension(ModelProto encoder) {
        ValueInfoProto o = find(encoder.getGraph().getOutputList(), ModelContract.ENCODER_OUTPUT);
        if (o == null) {
            throw new IllegalArgumentException("not a logllm_encoder model: no output " + ModelContract.ENCODER_OUTPUT);
        }
        return Math.toIntExact(o.getType().getTensorType().getShape().getDim(1).getDimValue());
    }

    /**
     * Writes the encoder in Triton's layout: {@code <repository>/logllm_encoder/1/model.onnx} and
     * {@code <repository>/logllm_encoder/config.pbtxt}.
     *
     * @return the model.onnx file written
     */
    public static Path writeTritonModel(ModelProto encoder, Path repository, int maxBatchSize) throws IOException {
        Path dir = repository.resolve(ModelContract.ENCODER_MODEL);
        Path model = dir.resolve("1").resolve("model.onnx");
        OnnxModels.write(encoder, model);
        Files.writeString(dir.resolve("config.pbtxt"), tritonConfig(dimension(encoder), maxBatchSize),
                StandardCharsets.UTF_8);
        return model;
    }

    /** The config.pbtxt of {@code logllm_encoder}; dims exclude the batch dimension. */
    public static String tritonConfig(int dimension, int maxBatchSize) {
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException("max_batch_size must be positive (the contract batches)");
        }
        StringBuilder b = new StringBuilder();
        b.append("# Logsieve LLM member, encoder (DESIGN section 6). Written by dev.logsieve.llm.train.EncoderExport.\n");
        b.append("name: \"").append(ModelContract.ENCODER_MODEL).append("\"\n");
        b.append("platform: \"onnxruntime_onnx\"\n");
        b.append("max_batch_size: ").append(maxBatchSize).append("\n");
        b.append("input [\n");
        for (int i = 0; i < ModelContract.ENCODER_INPUTS.size(); i++) {
            b.append("  {\n    name: \"").append(ModelContract.ENCODER_INPUTS.get(i)).append("\"\n")
                    .append("    data_type: TYPE_INT64\n    dims: [ -1 ]\n  }")
                    .append(i + 1 < ModelContract.ENCODER_INPUTS.size() ? ",\n" : "\n");
        }
        b.append("]\n");
        b.append("output [\n  {\n    name: \"").append(ModelContract.ENCODER_OUTPUT).append("\"\n")
                .append("    data_type: TYPE_FP32\n    dims: [ ").append(dimension).append(" ]\n  }\n]\n");
        b.append("dynamic_batching { }\n");
        b.append("instance_group [ { kind: KIND_GPU } ]\n");
        return b.toString();
    }

    /** Writes the MiniLM encoder to a Triton repository: {@code EncoderExport <repository> [max_batch_size]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EncoderExport <repository-dir> [max_batch_size]");
            System.exit(2);
        }
        int maxBatch = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_MAX_BATCH;
        Path model = writeTritonModel(exportMiniLm(), Paths.get(args[0]), maxBatch);
        System.out.println(model + " (" + Files.size(model) + " bytes)");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static ValueInfoProto tokenStates(GraphProto g) {
        List<ValueInfoProto> candidates = new ArrayList<>();
        for (ValueInfoProto o : g.getOutputList()) {
            if (elemType(o) == TensorProto.DataType.FLOAT_VALUE
                    && o.getType().getTensorType().getShape().getDimCount() == 3) {
                candidates.add(o);
            }
        }
        for (String preferred : List.of("last_hidden_state", "token_embeddings")) {
            ValueInfoProto o = find(candidates, preferred);
            if (o != null) {
                return o;
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no FP32 [batch, sequence, D] output among " + names(g.getOutputList()));
        }
        return candidates.get(0);
    }

    private static long defaultOpset(ModelProto m) {
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new IllegalArgumentException("the model imports no default-domain opset");
    }

    /** Unsqueeze or ReduceSum over one axis: axes as attribute (opset < 13) or as input (13+). */
    private static void axesNode(GraphProto.Builder g, long opset, String op, String in, String out, long axis,
            Long keepdims) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addInput(in).addOutput(out);
        if (opset < 13) {
            n.addAttribute(AttributeProto.newBuilder().setName("axes").setType(AttributeProto.AttributeType.INTS)
                    .addInts(axis));
        } else {
            String axes = out + "_axes";
            g.addInitializer(TensorProto.newBuilder().setName(axes).setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(1).addInt64Data(axis));
            n.addInput(axes);
        }
        if (keepdims != null) {
            n.addAttribute(intAttr("keepdims", keepdims));
        }
        g.addNode(n);
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static TensorProto scalar(String name, float value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(value).build();
    }

    private static ValueInfoProto tensorInfo(String name, int elemType, TensorShapeProto shape) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static int elemType(ValueInfoProto v) {
        return v.getType().getTensorType().getElemType();
    }

    private static ValueInfoProto find(List<ValueInfoProto> values, String name) {
        for (ValueInfoProto v : values) {
            if (v.getName().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static List<String> names(List<ValueInfoProto> values) {
        List<String> n = new ArrayList<>();
        for (ValueInfoProto v : values) {
            n.add(v.getName());
        }
        return n;
    }
}
