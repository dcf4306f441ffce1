package dev.logsieve.event;

import java.io.IOException;
import java.util.function.IntFunction;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A hand-written Flink serializer for one of the job's records: its fields written in a fixed
 * order with no reflection, where Flink's POJO serializer reads and writes every field through
 * {@code java.lang.reflect} (a tenth of backfill's time went there). The records that cross a
 * shuffle or sit in keyed state use one (see {@link RecordTypeInfo}).
 *
 * <p>Changing what a subclass writes changes the record's serialized form: bump its snapshot's
 * version so Flink refuses a savepoint written with the old form instead of misreading it.
 */
public abstract class RecordSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** A copy as Flink needs it between chained operators: a new object, strings and arrays shared. */
    @Override
    public abstract T copy(T from);

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Writes a string that may be null (Flink's own string encoding). */
    protected static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    protected static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** Writes a string array that may be null. */
    protected static void writeStrings(String[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (String s : a) {
                writeString(s, out);
            }
        }
    }

    protected static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = readString(in);
        }
        return a;
    }

    /** Writes a long array that may be null. */
    protected static void writeLongs(long[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (long x : a) {
                out.writeLong(x);
            }
        }
    }

    protected static long[] readLongs(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    /** Writes an int array that may be null. */
    protected static void writeInts(int[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (int x : a) {
                out.writeInt(x);
            }
        }
    }

    protected static int[] readInts(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    /** Writes a double array that may be null. */
    protected static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (double x : a) {
                out.writeDouble(x);
            }
        }
    }

    protected static double[] readDoubles(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    /** Writes one element of an object array. */
    @FunctionalInterface
    protected interface Writer<E> {
        void write(E e, DataOutputView out) throws IOException;
    }

    /** Reads one element of an object array. */
    @FunctionalInterface
    protected interface Reader<E> {
        E read(DataInputView in) throws IOException;
    }

    /** Writes an object array that may be null, and whose elements may be null. */
    protected static <E> void writeArray(E[] a, Writer<E> element, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (E e : a) {
                writeNullable(e, element, out);
            }
        }
    }

    protected static <E> E[] readArray(DataInputView in, IntFunction<E[]> newArray, Reader<E> element) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        E[] a = newArray.apply(n);
        for (int i = 0; i < n; i++) {
            a[i] = readNullable(in, element);
        }
        return a;
    }

    /** Writes an object that may be null: a flag, then the object. */
    protected static <E> void writeNullable(E e, Writer<E> write, DataOutputView out) throws IOException {
        out.writeBoolean(e != null);
        if (e != null) {
            write.write(e, out);
        }
    }

    protected static <E> E readNullable(DataInputView in, Reader<E> read) throws IOException {
        return in.readBoolean() ? read.read(in) : null;
    }

    /** Writes a byte array that may be null. */
    protected static void writeBytes(byte[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            out.write(a);
        }
    }

    protected static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] a = new byte[n];
        in.readFully(a);
        return a;
    }
}
