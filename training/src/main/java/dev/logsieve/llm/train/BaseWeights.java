package dev.logsieve.llm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Holds frozen base weights on the engine in a {@link LoraSettings.Precision} and reads them back
 * as float32, so that the forward pass computes in float32 whatever the holding; the values it
 * computes with are the held ones (rounded once, when held).
 *
 * <h2>What the PyTorch CPU engine (DJL 0.36, PyTorch 2.7.1) allows</h2>
 *
 * <ul>
 *   <li>FP16 is held as a float16 tensor and cast to float32 for each use. PyTorch's CPU matmul
 *       does multiply two float16 matrices, but not float32 by float16 ("expected m1 and m2 to
 *       have the same dtype"), and a float16 product rounds the activations and the result too
 *       (about 4·10⁻³ off float32 on a 16-wide test): not the float32 forward pass that the merged
 *       ONNX export must reproduce.</li>
 *   <li>BF16: DJL's PyTorch JNI maps no bfloat16 (nor int16) data type; creating or casting to
 *       one aborts the JVM (a native {@code throw;} outside any exception: "terminate called
 *       without an active exception"). BF16 is therefore held as its two raw bytes per value, a
 *       UINT8 tensor {@code [..., 2]} (low byte first), and decoded exactly through a table of
 *       the 65,536 bfloat16 values as float32 ({@link NDArray#take(NDManager, NDArray)}).</li>
 * </ul>
 *
 * Memory: the held weights take half of float32, and in evaluation only one float32 copy of a
 * matrix exists at a time ({@link DjlClassifier} frees each after its product). A training step's
 * autograd, however, keeps the float32 copy of every matrix it multiplied by until its backward
 * pass (the input's gradient needs it, and the gradient flows to the adapters and the projector
 * through every layer), so the peak of a step is the half-precision base plus a float32 one:
 * half precision saves memory between steps and in validation, not at a step's peak. Not
 * thread-safe for {@link #hold}; {@link #toFloat32} may run from several threads.
 */
final class BaseWeights {

    private final LoraSettings.Precision precision;
    private final NDArray bf16Table;

    /** Holder for {@code precision}; a BF16 holder keeps its decoding table in {@code manager}. */
    BaseWeights(LoraSettings.Precision precision, NDManager manager) {
        this.precision = precision;
        if (precision == LoraSettings.Precision.BF16) {
            float[] table = new float[1 << 16];
            for (int code = 0; code < table.length; code++) {
                table[code] = Float.intBitsToFloat(code << 16);
            }
            bf16Table = manager.create(table);
        } else {
            bf16Table = null;
        }
    }

    /** Whether {@link #toFloat32} returns a new array (a copy the caller may close), not the held one. */
    boolean copies() {
        return precision != LoraSettings.Precision.FP32;
    }

    /** An array in {@code manager} holding {@code t} in this precision. */
    NDArray hold(ClassifierWeights.Tensor t, NDManager manager) {
        Shape shape = new Shape(t.shape());
        switch (precision) {
            case FP32:
                return manager.create(t.data(), shape);
            case FP16:
                try (NDArray f = manager.create(t.data(), shape)) {
                    return f.toType(DataType.FLOAT16, true);
                }
            default:
                ByteBuffer b = ByteBuffer.allocateDirect(2 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : t.data()) {
                    b.putShort(bf16(v));
                }
                b.rewind();
                long[] dims = java.util.Arrays.copyOf(t.shape(), t.shape().length + 1);
                dims[dims.length - 1] = 2;
                return manager.create(b, new Shape(dims), DataType.UINT8);
        }
    }

    /**
     * The float32 values of a held array: the array itself for FP32, else a new array attached
     * to {@code into} (so that it lives as long as the caller's other intermediate results).
     */
    NDArray toFloat32(NDArray held, NDManager into) {
        switch (precision) {
            case FP32:
                return held;
            case FP16: {
                NDArray f = held.toType(DataType.FLOAT32, true);
                f.attach(into);
                return f;
            }
            default:
                try (NDManager scratch = into.newSubManager()) {
                    NDArray bytes = held.toType(DataType.INT64, true);
                    bytes.attach(scratch);
                    NDArray codes = bytes.get("..., 0").add(bytes.get("..., 1").mul(256));
                    return bf16Table.take(into, codes);
                }
        }
    }

    /** The held values as float32, in a Java array. */
    float[] values(NDArray held) {
        try (NDManager m = held.getManager().newSubManager()) {
            return toFloat32(held, m).toFloatArray();
        }
    }

    /** The bfloat16 bits nearest to {@code v} (ties to even), as PyTorch rounds. */
    static short bf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
