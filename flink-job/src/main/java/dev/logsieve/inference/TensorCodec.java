package dev.logsieve.inference;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Tensor contents on the wire: the KServe v2 protocol's {@code raw_input_contents} and
 * {@code raw_output_contents} hold the row-major elements of a tensor, little-endian, without
 * padding (INT64 = 8 bytes, FP32 = 4 bytes per element).
 */
public final class TensorCodec {

    /** Bytes per INT64 element. */
    public static final int INT64_BYTES = Long.BYTES;
    /** Bytes per FP32 element. */
    public static final int FP32_BYTES = Float.BYTES;

    private TensorCodec() {
    }

    /** {@code values} as little-endian INT64 bytes. */
    public static ByteString int64(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * INT64_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return ByteString.copyFrom(b.array());
    }

    /** {@code values} as little-endian FP32 bytes. */
    public static ByteString fp32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * FP32_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return ByteString.copyFrom(b.array());
    }

    /** Little-endian INT64 bytes as longs; the length must be a multiple of 8. */
    public static long[] toInt64(ByteString bytes) {
        checkMultiple(bytes, INT64_BYTES, "INT64");
        long[] out = new long[bytes.size() / INT64_BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    /** Little-endian FP32 bytes as floats; the length must be a multiple of 4. */
    public static float[] toFp32(ByteString bytes) {
        checkMultiple(bytes, FP32_BYTES, "FP32");
        float[] out = new float[bytes.size() / FP32_BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Number of elements of a tensor of this shape (1 for a scalar). */
    public static long elements(Iterable<Long> shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void checkMultiple(ByteString bytes, int size, String type) {
        if (bytes.size() % size != 0) {
            throw new IllegalArgumentException(bytes.size() + " bytes are not a whole number of " + type
                    + " elements (" + size + " bytes each)");
        }
    }
}
