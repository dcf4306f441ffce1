package dev.logsieve.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.logsieve.event.ProtoCodec;
import dev.logsieve.event.Verdict;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;

/**
 * Writes records into a file per sink instance, for backfill runs: {@code <dir>/<name>.<ext>} when
 * the sink runs with parallelism 1, {@code <dir>/<name>-<subtask>.<ext>} otherwise. The directory is
 * any path Flink's file systems know: a local path, {@code file:///...}, or {@code s3://...} and
 * {@code hdfs://...} where the cluster has that file system's plugin. Each file is written as a
 * hidden {@code .<file>.inprogress} and renamed when the input ends, so a finished file is never
 * confused with one still being written. A file is created even when no record arrives, so a run
 * always leaves every output it promised. Records are JSON lines ({@link #jsonLines}) or
 * length-delimited protobuf messages ({@link #protobufVerdicts}).
 *
 * <p>This is a bounded-job sink: a failed backfill is run again from the start, which rewrites the
 * files. Streaming runs write to Kafka with exactly-once transactions instead.
 */
public class RecordFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Writes one record to the stream. */
    @FunctionalInterface
    public interface Encoder<T> extends Serializable {
        void write(T record, OutputStream out) throws IOException;
    }

    private final String directory;
    private final String name;
    private final String extension;
    private final Encoder<T> encoder;

    /** @param directory a local path or a Flink file system URI */
    public RecordFileSink(String directory, String name, String extension, Encoder<T> encoder) {
        this.directory = directory;
        this.name = name;
        this.extension = extension;
        this.encoder = encoder;
    }

    /** One JSON object per line, fields as the record's public fields. */
    public static <T> RecordFileSink<T> jsonLines(String directory, String name) {
        return new RecordFileSink<>(directory, name, "jsonl", new JsonLines<>());
    }

    /** The same into a local directory. */
    public static <T> RecordFileSink<T> jsonLines(java.nio.file.Path directory, String name) {
        return jsonLines(directory.toAbsolutePath().toString(), name);
    }

    /** Verdicts as {@code logsieve.v1.Verdict} messages, each preceded by its varint length. */
    public static RecordFileSink<Verdict> protobufVerdicts(String directory, String name) {
        return new RecordFileSink<>(directory, name, "pb", (v, out) -> ProtoCodec.toProto(v).writeDelimitedTo(out));
    }

    /**
     * This sink's encoding as a function of its own, to run where the records are made: then a sink
     * in fewer tasks than its input ({@link #ofEncoded}, one writer for one file) only copies bytes,
     * and the encoding, most of a writer's work, runs in parallel.
     */
    public MapFunction<T, byte[]> encoding() {
        Encoder<T> enc = encoder;
        return record -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            enc.write(record, bytes);
            return bytes.toByteArray();
        };
    }

    /** A sink that writes the bytes {@link #encoding} made, to the same file as this one. */
    public RecordFileSink<byte[]> ofEncoded() {
        return new RecordFileSink<>(directory, name, extension, (bytes, out) -> out.write(bytes));
    }

    /** The file name a sink of the given parallelism writes for subtask {@code index}. */
    private static String fileName(String name, String extension, int index, int parallelism) {
        return parallelism == 1 ? name + "." + extension : name + "-" + index + "." + extension;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        int index = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem();
        fs.mkdirs(dir);
        Path target = new Path(dir, fileName(name, extension, index, parallelism));
        Counter written = context.metricGroup().counter("recordsWritten");
        return new Writer<>(fs, target, encoder, written);
    }

    private static final class JsonLines<T> implements Encoder<T> {
        private static final long serialVersionUID = 1L;
        private static final ObjectWriter JSON =
                new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writer();

        @Override
        public void write(T record, OutputStream out) throws IOException {
            JSON.writeValue(out, record);
            out.write('\n');
        }
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final FileSystem fs;
        private final Path target;
        private final Path inProgress;
        private final OutputStream out;
        private final Encoder<T> encoder;
        private final Counter written;
        private boolean finished;

        Writer(FileSystem fs, Path target, Encoder<T> encoder, Counter written) throws IOException {
            this.fs = fs;
            this.target = target;
            this.inProgress = new Path(target.getParent(), "." + target.getName() + ".inprogress");
            this.out = new BufferedOutputStream(fs.create(inProgress, FileSystem.WriteMode.OVERWRITE), 1 << 16);
            this.encoder = encoder;
            this.written = written;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            encoder.write(element, out);
            written.inc();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            if (endOfInput && !finished) {
                finished = true;
                out.close();
                fs.delete(target, false);
                if (!fs.rename(inProgress, target)) {
                    throw new IOException("could not rename " + inProgress + " to " + target);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                out.close(); // the input did not end (a failed or cancelled run): the file stays in progress
            }
        }
    }
}
