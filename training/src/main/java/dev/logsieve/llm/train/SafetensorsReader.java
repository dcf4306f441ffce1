package dev.logsieve.llm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads tensors of one safetensors file (8-byte little-endian header length N, N bytes of JSON
 * {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}, then
 * the data section) as float32, converting {@code F32}, {@code F16} and {@code BF16}.
 *
 * <p>Only the header is read when opening. Data is read on demand with positional reads of the
 * file channel, in chunks of at most {@value #CHUNK_BYTES} bytes, so a file of any size (beyond
 * 2 GiB too) works and {@link #readRows} copies only the requested rows of a matrix: a large
 * embedding table is never materialised whole. Not thread-safe; {@link #close()} closes the file.
 */
public final class SafetensorsReader implements AutoCloseable {

    /** Largest float[] this reader creates (the JDK's practical array limit). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    static final int CHUNK_BYTES = 1 << 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tensor of the header.
     *
     * @param name tensor name
     * @param dtype {@code F32}, {@code F16} or {@code BF16} (others fail when read)
     * @param shape dimensions
     * @param begin first byte in the data section
     * @param end one past the last byte in the data section
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {

        /** Number of elements (the product of the shape). */
        public long elements() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }

        /** Bytes per element of the dtype, 0 when unsupported. */
        public int elementBytes() {
            return switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                default -> 0;
            };
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    /** Opens a file and reads its header. */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, file);
            long n = len.getLong(0);
            if (n <= 0 || n > 100_000_000 || 8 + n > ch.size()) {
                throw new IOException(file + ": not a safetensors file (header length " + n + ")");
            }
            ByteBuffer h = ByteBuffer.allocate((int) n);
            readFully(ch, h, 8, file);
            JsonNode header = JSON.readTree(new String(h.array(), StandardCharsets.UTF_8));
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    entries.put(e.getKey(), entry(file, e.getKey(), e.getValue()));
                }
            }
            return new SafetensorsReader(file, ch, 8 + n, Collections.unmodifiableMap(entries));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static Entry entry(Path file, String name, JsonNode n) throws IOException {
        JsonNode shapeNode = n.path("shape");
        JsonNode offsets = n.path("data_offsets");
        if (!n.path("dtype").isTextual() || !shapeNode.isArray() || offsets.size() != 2) {
            throw new IOException(file + ": tensor " + name + " has no dtype, shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        Entry e = new Entry(name, n.path("dtype").asText(), shape, offsets.get(0).asLong(), offsets.get(1).asLong());
        if (e.elementBytes() > 0 && e.end() - e.begin() != e.elements() * e.elementBytes()) {
            throw new IOException(file + ": tensor " + name + " holds " + (e.end() - e.begin()) + " bytes, its shape "
                    + Arrays.toString(shape) + " of " + e.dtype() + " needs " + e.elements() * e.elementBytes());
        }
        return e;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The tensors of the header, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** One entry; fails naming the tensor and the file when absent. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(file + " has no tensor " + name);
        }
        return e;
    }

    /** A whole tensor as float32, row-major. */
    public float[] read(String name) throws IOException {
        Entry e = entry(name);
        float[] out = new float[checkedLength(e, e.elements())];
        read(e, 0, out, 0, out.length);
        return out;
    }

    /**
     * Selected rows of a matrix {@code [rows, cols]} as float32 {@code [rowIds.length, cols]}; only
     * those rows are read from the file.
     */
    public float[] readRows(String name, int[] rowIds) throws IOException {
        Entry e = entry(name);
        if (e.shape().length != 2) {
            throw new IllegalArgumentException(file + ": tensor " + name + " is not a matrix: " + Arrays.toString(e.shape()));
        }
        long cols = e.shape()[1];
        float[] out = new float[checkedLength(e, Math.multiplyExact(cols, rowIds.length))];
        for (int i = 0; i < rowIds.length; i++) {
            if (rowIds[i] < 0 || rowIds[i] >= e.shape()[0]) {
                throw new IllegalArgumentException(file + ": row " + rowIds[i] + " is outside tensor " + name + " "
                        + Arrays.toString(e.shape()));
            }
            read(e, rowIds[i] * cols, out, (int) (i * cols), (int) cols);
        }
        return out;
    }

    private int checkedLength(Entry e, long elements) {
        if (e.elementBytes() == 0) {
            throw new IllegalArgumentException(file + ": tensor " + e.name() + " has dtype " + e.dtype()
                    + "; supported are F32, F16 and BF16");
        }
        if (elements > MAX_ARRAY) {
            throw new IllegalArgumentException(file + ": tensor " + e.name() + " " + Arrays.toString(e.shape()) + " has "
                    + elements + " elements, more than a Java array holds (" + MAX_ARRAY + ")");
        }
        return (int) elements;
    }

    /** Reads {@code count} elements from element {@code first} of a tensor into {@code out[at...]}. */
    private void read(Entry e, long first, float[] out, int at, int count) throws IOException {
        int size = e.elementBytes();
        long position = dataStart + e.begin() + first * size;
        if (dataStart + e.end() > channel.size()) {
            throw new IOException(file + ": tensor " + e.name() + " ends at byte " + (dataStart + e.end())
                    + ", past the end of the file (" + channel.size() + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.min(CHUNK_BYTES, count * size)).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, b.capacity() / size);
            b.clear().limit(n * size);
            readFully(channel, b, position + (long) done * size, file);
            b.flip();
            convert(e.dtype(), b, out, at + done, n);
            done += n;
        }
    }

    private static void convert(String dtype, ByteBuffer b, float[] out, int at, int n) {
        switch (dtype) {
            case "F32" -> b.asFloatBuffer().get(out, at, n);
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = halfToFloat(b.getShort(2 * i));
                }
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
    }

    /** IEEE 754 binary16 to float (exact; subnormals, infinities and NaN included). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float v = mantissa * 0x1p-24f; // subnormal (or zero): mantissa · 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path file) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException(file + ": unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
