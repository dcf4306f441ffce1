package dev.logsieve.inference;

import dev.logsieve.inference.proto.ModelMetadataResponse.TensorMetadata;
import dev.logsieve.inference.proto.ModelMetadataResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tensors of the LLM member's two models (DESIGN section 6), as a server's
 * {@code ModelMetadata} reports them (batch dimension first, -1 = variable):
 *
 * <pre>
 * logllm_encoder     inputs  input_ids, attention_mask, token_type_ids  INT64 [-1, -1]
 *                    output  embedding                                  FP32  [-1, D]
 * logllm_classifier  inputs  message_embeddings                         FP32  [-1, -1, D]
 *                            message_mask                               INT64 [-1, -1]
 *                    output  p_anomalous                                FP32  [-1, 1]
 *   with retrieved context (a model trained with --context) also:
 *                    inputs  context_embeddings                         FP32  [-1, -1, D]
 *                            context_mask                               INT64 [-1, -1]
 * </pre>
 *
 * D, the width of the embeddings, is whatever the encoder declares (384 for MiniLM); the
 * classifier must declare the same.
 *
 * <p>This class is the one place that names the models and their tensors: training's ONNX writers
 * ({@code dev.logsieve.llm.train.EncoderExport}, {@code ClassifierExport}) write them, and the
 * backends (in-process ONNX Runtime, the Triton client) read them, through the constants below.
 */
public final class ModelContract {

    /** The encoder's model name, as in a Triton model repository. */
    public static final String ENCODER_MODEL = "logllm_encoder";
    /** The encoder's inputs (INT64 [batch, tokens]), in this order. */
    public static final List<String> ENCODER_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");
    /** The encoder's output, FP32 [batch, D]: mean-pooled, L2-normalised sentence embeddings. */
    public static final String ENCODER_OUTPUT = "embedding";

    /** The classifier's model name. */
    public static final String CLASSIFIER_MODEL = "logllm_classifier";
    /** The classifier's inputs: FP32 [batch, messages, D] embeddings and INT64 [batch, messages] mask. */
    public static final List<String> CLASSIFIER_INPUTS = List.of("message_embeddings", "message_mask");
    /**
     * The classifier's optional inputs, which a model trained with retrieved context has and one
     * without has not: FP32 [batch, contexts, D] embeddings of the retrieved descriptions and their
     * INT64 [batch, contexts] mask.
     */
    public static final List<String> CLASSIFIER_CONTEXT_INPUTS = List.of("context_embeddings", "context_mask");
    /** The classifier's output, FP32 [batch, 1]. */
    public static final String CLASSIFIER_OUTPUT = "p_anomalous";

    /** Placeholder for D in the shapes below. */
    static final long D = Long.MIN_VALUE;

    /** One expected tensor. */
    record Tensor(String name, String datatype, long... shape) {
        String describe(long d) {
            return datatype + " " + shapeText(d);
        }

        String shapeText(long d) {
            List<String> dims = new ArrayList<>();
            for (long s : shape) {
                dims.add(s == D ? (d > 0 ? Long.toString(d) : "D") : Long.toString(s));
            }
            return "[" + String.join(", ", dims) + "]";
        }
    }

    static final List<Tensor> ENCODER_INPUT_TENSORS = ENCODER_INPUTS.stream()
            .map(n -> new Tensor(n, "INT64", -1, -1)).toList();
    static final Tensor ENCODER_OUTPUT_TENSOR = new Tensor(ENCODER_OUTPUT, "FP32", -1, D);
    static final List<Tensor> CLASSIFIER_INPUT_TENSORS = List.of(
            new Tensor(CLASSIFIER_INPUTS.get(0), "FP32", -1, -1, D),
            new Tensor(CLASSIFIER_INPUTS.get(1), "INT64", -1, -1));
    static final List<Tensor> CLASSIFIER_CONTEXT_TENSORS = List.of(
            new Tensor(CLASSIFIER_CONTEXT_INPUTS.get(0), "FP32", -1, -1, D),
            new Tensor(CLASSIFIER_CONTEXT_INPUTS.get(1), "INT64", -1, -1));
    static final Tensor CLASSIFIER_OUTPUT_TENSOR = new Tensor(CLASSIFIER_OUTPUT, "FP32", -1, 1);

    private ModelContract() {
    }

    /**
     * Checks both models' metadata against the contract.
     *
     * @param server the server, for messages ({@code host:port})
     * @return D, the embedding width both models agree on
     * @throws IOException naming the model, the tensor, what was expected and what was found
     */
    public static int check(String server, ModelMetadataResponse encoder, ModelMetadataResponse classifier)
            throws IOException {
        long d = checkModel(server, encoder, ENCODER_INPUT_TENSORS, ENCODER_OUTPUT_TENSOR, 0);
        if (d <= 0) {
            throw new IOException(where(server, encoder) + ": output '" + ENCODER_OUTPUT_TENSOR.name()
                    + "' must have a fixed width D, found " + find(encoder.getOutputsList(), ENCODER_OUTPUT_TENSOR.name())
                    .getShapeList());
        }
        List<Tensor> inputs = new ArrayList<>(CLASSIFIER_INPUT_TENSORS);
        if (takesContext(classifier)) {
            inputs.addAll(CLASSIFIER_CONTEXT_TENSORS);
        }
        checkModel(server, classifier, inputs, CLASSIFIER_OUTPUT_TENSOR, d);
        return Math.toIntExact(d);
    }

    /** Whether a classifier declares the context inputs (either of them: the check then wants both). */
    public static boolean takesContext(ModelMetadataResponse classifier) {
        return classifier.getInputsList().stream().anyMatch(t -> CLASSIFIER_CONTEXT_INPUTS.contains(t.getName()));
    }

    /** Checks one model; returns the D it declares (0 if it declares none), which must equal {@code d} if given. */
    private static long checkModel(String server, ModelMetadataResponse m, List<Tensor> inputs, Tensor output, long d)
            throws IOException {
        List<String> expectedNames = inputs.stream().map(Tensor::name).toList();
        for (TensorMetadata t : m.getInputsList()) {
            if (!expectedNames.contains(t.getName())) {
                throw new IOException(where(server, m) + " has an input '" + t.getName()
                        + "' that Logsieve does not send; expected exactly the inputs " + expectedNames);
            }
        }
        long found = d;
        for (Tensor t : inputs) {
            found = checkTensor(server, m, "input", find(m.getInputsList(), t.name()), t, found);
        }
        return checkTensor(server, m, "output", find(m.getOutputsList(), output.name()), output, found);
    }

    private static long checkTensor(String server, ModelMetadataResponse m, String kind, TensorMetadata actual,
            Tensor expected, long d) throws IOException {
        String what = where(server, m) + ": " + kind + " '" + expected.name() + "'";
        if (actual == null) {
            List<TensorMetadata> all = kind.equals("input") ? m.getInputsList() : m.getOutputsList();
            throw new IOException(what + " is missing (the model's " + kind + "s are "
                    + all.stream().map(TensorMetadata::getName).collect(Collectors.joining(", ", "[", "]"))
                    + "); expected " + expected.describe(d) + " (DESIGN section 6, triton-models/README.md)");
        }
        String found = actual.getDatatype() + " " + actual.getShapeList();
        boolean ok = actual.getDatatype().equals(expected.datatype())
                && actual.getShapeCount() == expected.shape().length;
        long dim = d;
        for (int i = 0; ok && i < expected.shape().length; i++) {
            long e = expected.shape()[i];
            long a = actual.getShape(i);
            if (e == D) {
                if (dim > 0 && a != dim) {
                    throw new IOException(what + " has width " + a + " (" + found + ") but the encoder's '"
                            + ENCODER_OUTPUT_TENSOR.name() + "' has D = " + dim
                            + ": both models must come from the same bundle");
                }
                ok = a > 0;
                dim = a;
            } else {
                ok = a == e;
            }
        }
        if (!ok) {
            throw new IOException(what + " is " + found + ", expected " + expected.describe(d)
                    + " (DESIGN section 6, triton-models/README.md)");
        }
        return dim;
    }

    private static TensorMetadata find(List<TensorMetadata> tensors, String name) {
        for (TensorMetadata t : tensors) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static String where(String server, ModelMetadataResponse m) {
        return "model '" + m.getName() + "' on " + server;
    }
}
