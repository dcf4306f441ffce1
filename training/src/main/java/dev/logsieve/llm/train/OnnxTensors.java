package dev.logsieve.llm.train;

import ai.onnxruntime.platform.Fp16Conversions;
import com.google.protobuf.UnsafeByteOperations;
import dev.logsieve.onnx.StringStringEntryProto;
import dev.logsieve.onnx.TensorProto;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Builds the float initializers of an exported graph, as {@code raw_data} (little-endian, as the
 * ONNX spec stores it) either inside the model or in one external data file beside it.
 *
 * <p><b>External data</b> follows ONNX's convention ({@code onnx.external_data_helper}): the tensor
 * keeps its name, type and dims, {@code data_location = EXTERNAL}, and its {@code external_data}
 * entries {@code location} (the data file's name, relative to the model file), {@code offset} and
 * {@code length} in bytes. ONNX Runtime and Triton's ONNX Runtime backend resolve {@code location}
 * against the folder of the model file they open. Tensors of at least {@link #SIZE_THRESHOLD}
 * bytes go to the file (ONNX's own default threshold); smaller ones stay inside, where a reader sees
 * them without opening the data file. Every tensor starts at a multiple of {@link #ALIGNMENT}
 * bytes, so a reader may map the file page by page.
 *
 * <p>Written tensor by tensor: a model whose weights exceed the 2 GB a protobuf message can hold
 * is never held as one message, only its graph (names, shapes, offsets) is.
 *
 * <p><b>Half precision.</b> {@link #weight} stores FLOAT16 when the writer is half precision,
 * rounding each value to the nearest FP16 ({@link Fp16Conversions#floatToFp16}); {@link #floats}
 * always stores FLOAT. Not thread-safe.
 */
final class OnnxTensors implements Closeable {

    /** Tensors of at least this many bytes go to the data file (ONNX's {@code size_threshold}). */
    static final int SIZE_THRESHOLD = 1024;
    /** Offsets in the data file are multiples of this (a page; ONNX Runtime can then map it). */
    static final int ALIGNMENT = 4096;

    private final boolean half;
    private final FileChannel data;
    private final String location;
    private long offset;

    private OnnxTensors(boolean half, FileChannel data, String location) {
        this.half = half;
        this.data = data;
        this.location = location;
    }

    /** Every tensor inside the model. */
    static OnnxTensors inline(boolean half) {
        return new OnnxTensors(half, null, null);
    }

    /**
     * Large tensors into {@code dataFile} (created or truncated), referenced by {@code location},
     * the name a reader resolves beside the model file.
     */
    static OnnxTensors external(boolean half, Path dataFile, String location) throws IOException {
        return new OnnxTensors(half, FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), location);
    }

    /** Whether weights are stored as FLOAT16. */
    boolean half() {
        return half;
    }

    /** The ONNX element type of {@link #weight}s: FLOAT16 or FLOAT. */
    int weightType() {
        return half ? TensorProto.DataType.FLOAT16_VALUE : TensorProto.DataType.FLOAT_VALUE;
    }

    /** Bytes written to the data file so far (0 when inline). */
    long externalBytes() {
        return offset;
    }

    /** A weight in the writer's precision. */
    TensorProto weight(String name, float[] values, long... dims) {
        return half ? tensor(name, TensorProto.DataType.FLOAT16_VALUE, fp16(values), dims) : floats(name, values, dims);
    }

    /** A FLOAT tensor whatever the precision (values the graph keeps in single precision). */
    TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return tensor(name, TensorProto.DataType.FLOAT_VALUE, b.array(), dims);
    }

    private static byte[] fp16(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(Fp16Conversions.floatToFp16(v));
        }
        return b.array();
    }

    private TensorProto tensor(String name, int type, byte[] bytes, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        if (data == null || bytes.length < SIZE_THRESHOLD) {
            return t.setRawData(UnsafeByteOperations.unsafeWrap(bytes)).build(); // bytes is ours and never changes
        }
        long start = (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long at = start;
            while (b.hasRemaining()) {
                at += data.write(b, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + name + " to " + location + " failed: " + e.getMessage(), e);
        }
        offset = start + bytes.length;
        return t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(start)))
                .addExternalData(entry("length", Long.toString(bytes.length)))
                .build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    @Override
    public void close() throws IOException {
        if (data != null) {
            data.force(false);
            data.close();
        }
    }
}
