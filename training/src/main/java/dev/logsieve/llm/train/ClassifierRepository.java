package dev.logsieve.llm.train;

import dev.logsieve.inference.ModelContract;
import dev.logsieve.onnx.ModelProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the {@code logllm_classifier} ({@link ClassifierExport}'s graph) into a Triton model
 * repository: {@code <repository>/logllm_classifier/config.pbtxt} and {@code 1/model.onnx}, the
 * layout Triton's ONNX Runtime backend and the job's in-process backend read.
 *
 * <p>A protobuf message, and so an ONNX file with its weights inside, holds at most 2 GB. The
 * classifier is therefore written tensor by tensor, and large weights go to {@value #DATA_FILE}
 * beside {@code model.onnx} (ONNX's external data, see {@link OnnxTensors}): always above
 * {@link #EXTERNAL_ABOVE} bytes of weights, below it when asked ({@link Storage}). ONNX Runtime, in
 * process or in Triton's backend, reads that file from beside the model file it opens. Stateless;
 * all methods are thread-safe.
 */
public final class ClassifierRepository {

    /** Default {@code max_batch_size} written to config.pbtxt. */
    public static final int DEFAULT_MAX_BATCH = 64;
    /** The external data file's name, beside {@code model.onnx} (the name PyTorch's exporter gives it). */
    public static final String DATA_FILE = "model.onnx.data";
    /** Weights of more bytes than this go to {@value #DATA_FILE} unless told never to (1 GiB, half the protobuf limit). */
    public static final long EXTERNAL_ABOVE = 1L << 30;
    /** The most bytes of weights a model file can hold inside (protobuf's limit, less room for the graph). */
    static final long INLINE_LIMIT = (1L << 31) - (64L << 20);

    /** Where the weights go: inside {@code model.onnx}, or in {@value #DATA_FILE} beside it. */
    public enum Storage {
        /** External above {@link #EXTERNAL_ABOVE} bytes of weights, inside otherwise. */
        AUTO,
        /** Always external (tensors of at least {@value OnnxTensors#SIZE_THRESHOLD} bytes). */
        EXTERNAL,
        /** Always inside; refused when the weights cannot fit. */
        INSIDE
    }

    /** How {@link #writeTritonModel(ClassifierConfig, ClassifierWeights, Path, int, Options)} writes the model. */
    public record Options(ClassifierExport.Precision precision, Storage storage) {
        public Options {
            java.util.Objects.requireNonNull(precision, "precision");
            java.util.Objects.requireNonNull(storage, "storage");
        }

        /** FP32, external data only where the size needs it. */
        public static Options defaults() {
            return new Options(ClassifierExport.Precision.FP32, Storage.AUTO);
        }
    }

    private ClassifierRepository() {}

    /**
     * Writes a model held in memory in Triton's layout: {@code <repository>/logllm_classifier/1/model.onnx}
     * and {@code <repository>/logllm_classifier/config.pbtxt}.
     *
     * @return the model.onnx file written
     */
    public static Path writeTritonModel(ModelProto classifier, int dimension, Path repository, int maxBatchSize)
            throws IOException {
        Path dir = repository.resolve(ModelContract.CLASSIFIER_MODEL);
        Path model = dir.resolve("1").resolve("model.onnx");
        OnnxModels.write(classifier, model);
        Files.deleteIfExists(model.resolveSibling(DATA_FILE)); // an earlier export's, which this model does not use
        boolean context = classifier.getGraph().getInputList().stream()
                .anyMatch(i -> i.getName().equals(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0)));
        Files.writeString(dir.resolve("config.pbtxt"), tritonConfig(dimension, maxBatchSize, context), StandardCharsets.UTF_8);
        return model;
    }

    /**
     * Exports and writes the classifier in Triton's layout, tensor by tensor, so weights beyond the
     * 2 GB of one protobuf message go to {@code 1/}{@value #DATA_FILE} (see {@link Storage}).
     * ONNX Runtime, in process or in Triton's backend, reads that file from beside the model file.
     *
     * @return the model.onnx file written
     * @throws IllegalArgumentException when {@link Storage#INSIDE} is asked of weights that cannot fit
     */
    public static Path writeTritonModel(ClassifierConfig c, ClassifierWeights weights, Path repository,
            int maxBatchSize, Options options) throws IOException {
        boolean half = options.precision() == ClassifierExport.Precision.FP16;
        long bytes = weightBytes(weights, half);
        boolean external = switch (options.storage()) {
            case EXTERNAL -> true;
            case AUTO -> bytes > EXTERNAL_ABOVE;
            case INSIDE -> {
                if (bytes > INLINE_LIMIT) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "the classifier's weights take %,d bytes"
                            + " in %s, more than an ONNX file can hold inside (%,d); write them as external data",
                            bytes, options.precision(), INLINE_LIMIT));
                }
                yield false;
            }
        };
        if (!external) {
            return writeTritonModel(ClassifierExport.build(c, weights, OnnxTensors.inline(half)), c.dimension(), repository, maxBatchSize);
        }
        Path dir = repository.resolve(ModelContract.CLASSIFIER_MODEL);
        Path model = dir.resolve("1").resolve("model.onnx");
        Files.createDirectories(model.getParent());
        Path data = model.resolveSibling(DATA_FILE);
        Path partial = model.resolveSibling(DATA_FILE + ".tmp");
        ModelProto graph;
        try {
            try (OnnxTensors tensors = OnnxTensors.external(half, partial, DATA_FILE)) {
                graph = ClassifierExport.build(c, weights, tensors);
            }
            Files.move(partial, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial); // a failed export leaves no half-written data file
        }
        OnnxModels.write(graph, model);
        Files.writeString(dir.resolve("config.pbtxt"), tritonConfig(c.dimension(), maxBatchSize, c.maxContext() > 0),
                StandardCharsets.UTF_8);
        return model;
    }

    /**
     * Exports several classifiers of one configuration, trained from different seeds, as one
     * {@code logllm_classifier} that answers their mean {@code p_anomalous} ({@link SeedAverage}); one
     * classifier is written as {@link #writeTritonModel(ClassifierConfig, ClassifierWeights, Path, int, Options)}
     * writes it.
     *
     * @return the model.onnx file written
     * @throws IllegalArgumentException when the classifiers' weights together need external data: an
     *                                  average is written with its weights inside only
     */
    public static Path writeTritonModel(ClassifierConfig c, List<ClassifierWeights> weights, Path repository,
            int maxBatchSize, Options options) throws IOException {
        if (weights.size() == 1) {
            return writeTritonModel(c, weights.get(0), repository, maxBatchSize, options);
        }
        boolean half = options.precision() == ClassifierExport.Precision.FP16;
        long bytes = 0;
        for (ClassifierWeights w : weights) {
            bytes += weightBytes(w, half);
        }
        if (options.storage() == Storage.EXTERNAL || bytes > EXTERNAL_ABOVE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d classifiers averaged are written with their"
                    + " weights inside model.onnx, but they take %,d bytes%s; train one classifier (--llm-seeds 1)",
                    weights.size(), bytes, options.storage() == Storage.EXTERNAL ? " and external data was asked for"
                            : String.format(Locale.ROOT, ", more than %,d", EXTERNAL_ABOVE)));
        }
        List<ModelProto> models = new ArrayList<>();
        for (ClassifierWeights w : weights) {
            models.add(ClassifierExport.build(c, w, OnnxTensors.inline(half)));
        }
        return writeTritonModel(SeedAverage.of(models), c.dimension(), repository, maxBatchSize);
    }

    /** Bytes of the weights as exported: 2 per value in half precision, 4 otherwise. */
    static long weightBytes(ClassifierWeights weights, boolean half) {
        long n = 0;
        for (ClassifierWeights.Tensor t : weights.tensors().values()) {
            n += t.data().length;
        }
        return n * (half ? 2 : 4);
    }

    /** The config.pbtxt of {@code logllm_classifier} without retrieved context; dims exclude the batch dimension. */
    public static String tritonConfig(int dimension, int maxBatchSize) {
        return tritonConfig(dimension, maxBatchSize, false);
    }

    /**
     * The config.pbtxt of {@code logllm_classifier}; dims exclude the batch dimension. With
     * {@code context} (a model trained with retrieved context) it also declares the inputs
     * {@code context_embeddings} FP32 [-1, D] and {@code context_mask} INT64 [-1] after
     * {@code message_mask} ({@link ModelContract#CLASSIFIER_CONTEXT_INPUTS}).
     */
    public static String tritonConfig(int dimension, int maxBatchSize, boolean context) {
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException("max_batch_size must be positive (the contract batches)");
        }
        return "# Logsieve LLM member, classifier (DESIGN section 6). Written by dev.logsieve.llm.train.ClassifierRepository.\n"
                + "name: \"" + ModelContract.CLASSIFIER_MODEL + "\"\n"
                + "# The weights are in 1/model.onnx or, for a large model (--llm-onnx-storage), in 1/" + DATA_FILE + "\n"
                + "# beside it (ONNX external data), which the ONNX Runtime backend reads from the version folder:\n"
                + "# copy that folder whole. An fp16 export (--llm-onnx-precision) keeps these FP32 inputs and output.\n"
                + "platform: \"onnxruntime_onnx\"\n"
                + "max_batch_size: " + maxBatchSize + "\n"
                + "input [\n"
                + "  {\n    name: \"message_embeddings\"\n    data_type: TYPE_FP32\n    dims: [ -1, " + dimension + " ]\n  },\n"
                + "  {\n    name: \"message_mask\"\n    data_type: TYPE_INT64\n    dims: [ -1 ]\n  }"
                + (context ? ",\n"
                        + "  {\n    name: \"" + ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0) + "\"\n    data_type: TYPE_FP32\n"
                        + "    dims: [ -1, " + dimension + " ]\n  },\n"
                        + "  {\n    name: \"" + ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(1) + "\"\n    data_type: TYPE_INT64\n"
                        + "    dims: [ -1 ]\n  }\n" : "\n")
                + "]\n"
                + "output [\n"
                + "  {\n    name: \"" + ModelContract.CLASSIFIER_OUTPUT + "\"\n    data_type: TYPE_FP32\n    dims: [ 1 ]\n  }\n"
                + "]\n"
                + "dynamic_batching { }\n"
                + "instance_group [ { kind: KIND_GPU } ]\n"
                + "# Optional: let ONNX Runtime hand the graph to TensorRT on the GPU (uncomment).\n"
                + "# optimization { execution_accelerators {\n"
                + "#   gpu_execution_accelerator : [ {\n"
                + "#     name : \"tensorrt\"\n"
                + "#     parameters { key: \"precision_mode\" value: \"FP16\" }\n"
                + "#     parameters { key: \"max_workspace_size_bytes\" value: \"1073741824\" }\n"
                + "#   } ]\n"
                + "# } }\n";
    }

    /**
     * Writes a classifier to a Triton repository: {@code ClassifierRepository <repository> <config.json>
     * <weights.safetensors> [max_batch_size [fp32|fp16 [auto|external|inside]]]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 6) {
            System.err.println("usage: ClassifierRepository <repository-dir> <config.json> <weights.safetensors>"
                    + " [max_batch_size [fp32|fp16 [auto|external|inside]]]");
            System.exit(2);
        }
        ClassifierConfig c = ClassifierConfig.fromJson(Files.readString(Paths.get(args[1])));
        ClassifierWeights w = ClassifierWeights.read(Paths.get(args[2]));
        int maxBatch = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_MAX_BATCH;
        Options o = new Options(args.length > 4 ? parse(ClassifierExport.Precision.class, args[4])
                : ClassifierExport.Precision.FP32,
                args.length > 5 ? parse(Storage.class, args[5]) : Storage.AUTO);
        Path model = writeTritonModel(c, w, Paths.get(args[0]), maxBatch, o);
        Path data = model.resolveSibling(DATA_FILE);
        System.out.println(model + " (" + Files.size(model) + " bytes)"
                + (Files.exists(data) ? ", " + data + " (" + Files.size(data) + " bytes)" : ""));
    }

    /** An enum constant from its lower-case name, or an error naming the choices. */
    public static <E extends Enum<E>> E parse(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
