package dev.logsieve.llm.train;

import com.google.protobuf.CodedInputStream;
import dev.logsieve.onnx.ModelProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes ONNX model files ({@link ModelProto}, the generated classes of
 * {@code proto/src/main/proto/onnx.proto}). Files up to 2 GB (the protobuf limit) with their
 * weights inside; external data files are not followed.
 */
public final class OnnxModels {

    /** ONNX graphs nest (If/Loop bodies, functions) deeper than protobuf's default 100. */
    private static final int RECURSION_LIMIT = 1000;

    private OnnxModels() {}

    /** Parses a model from bytes. */
    public static ModelProto parse(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(RECURSION_LIMIT);
        return ModelProto.parseFrom(in);
    }

    /** Parses a model from a stream (read to its end, not closed). */
    public static ModelProto parse(InputStream stream) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(stream);
        in.setSizeLimit(Integer.MAX_VALUE);
        in.setRecursionLimit(RECURSION_LIMIT);
        return ModelProto.parseFrom(in);
    }

    /** Parses a model file. */
    public static ModelProto read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Writes a model file atomically (a temporary sibling, then a rename); creates the parent folders. */
    public static void write(ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Not Files.createTempFile: its owner-only permissions would keep a Triton container out.
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
