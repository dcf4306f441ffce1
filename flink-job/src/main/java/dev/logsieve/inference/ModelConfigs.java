package dev.logsieve.inference;

import com.google.protobuf.TextFormat;
import dev.logsieve.inference.proto.DataType;
import dev.logsieve.inference.proto.ModelConfig;
import dev.logsieve.inference.proto.ModelInput;
import dev.logsieve.inference.proto.ModelMetadataResponse;
import dev.logsieve.inference.proto.ModelMetadataResponse.TensorMetadata;
import dev.logsieve.inference.proto.ModelOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Triton's {@code config.pbtxt} (protobuf text format of {@link ModelConfig}) and what a server
 * derives from it: the KServe v2 datatype names and the model metadata.
 */
public final class ModelConfigs {

    /** The configuration file's name in a model's folder. */
    public static final String FILE = "config.pbtxt";

    private ModelConfigs() {
    }

    /** Parses a {@code config.pbtxt}; fails on a field this project's {@code model_config.proto} lacks. */
    public static ModelConfig parse(CharSequence text) throws TextFormat.ParseException {
        ModelConfig.Builder b = ModelConfig.newBuilder();
        TextFormat.merge(text, b);
        return b.build();
    }

    /** Reads {@code <repository>/<model>/config.pbtxt}. */
    public static ModelConfig read(Path repository, String model) throws IOException {
        Path file = repository.resolve(model).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("model repository " + repository + " has no " + model + "/" + FILE);
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (TextFormat.ParseException e) {
            throw new IOException(file + " is not a model configuration this server understands: " + e.getMessage(), e);
        }
    }

    /** The KServe v2 name of a data type: {@code TYPE_INT64} is {@code INT64}, {@code TYPE_STRING} is {@code BYTES}. */
    public static String datatype(DataType t) {
        return t == DataType.TYPE_STRING ? "BYTES" : t.name().substring("TYPE_".length());
    }

    /**
     * The metadata Triton reports for a model with this configuration: each tensor's datatype
     * name and shape, with the batch dimension (-1) in front when {@code max_batch_size > 0}.
     */
    public static ModelMetadataResponse metadata(ModelConfig config, List<String> versions) {
        ModelMetadataResponse.Builder m = ModelMetadataResponse.newBuilder()
                .setName(config.getName())
                .addAllVersions(versions)
                .setPlatform(config.getPlatform());
        for (ModelInput in : config.getInputList()) {
            m.addInputs(tensor(config, in.getName(), in.getDataType(), in.getDimsList()));
        }
        for (ModelOutput out : config.getOutputList()) {
            m.addOutputs(tensor(config, out.getName(), out.getDataType(), out.getDimsList()));
        }
        return m.build();
    }

    private static TensorMetadata tensor(ModelConfig config, String name, DataType type, List<Long> dims) {
        TensorMetadata.Builder t = TensorMetadata.newBuilder().setName(name).setDatatype(datatype(type));
        if (config.getMaxBatchSize() > 0) {
            t.addShape(-1);
        }
        return t.addAllShape(dims).build();
    }
}
