package dev.logsieve.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Writes records as JSON lines into a directory, for backfill runs: {@code <dir>/<name>.jsonl} when
 * the sink runs with parallelism 1, {@code <dir>/<name>-<subtask>.jsonl} otherwise. A file is
 * created even when no record arrives, so a run always leaves every output it promised.
 *
 * <p>This is a bounded-job sink: a failed backfill is run again from the start, which rewrites the
 * files. Streaming runs write to Kafka with exactly-once transactions instead.
 */
public class JsonLinesSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String name;

    public JsonLinesSink(Path directory, String name) {
        this.directory = directory.toAbsolutePath().toString();
        this.name = name;
    }

    /** The file a sink of the given parallelism writes for subtask {@code index}. */
    public static Path file(Path directory, String name, int index, int parallelism) {
        return directory.resolve(parallelism == 1 ? name + ".jsonl" : name + "-" + index + ".jsonl");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        int index = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        Path dir = Paths.get(directory);
        Files.createDirectories(dir);
        Counter written = context.metricGroup().counter("jsonLinesWritten");
        return new Writer<>(Files.newOutputStream(file(dir, name, index, parallelism)), written);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private static final ObjectWriter JSON =
                new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writer();
        private final OutputStream out;
        private final Counter written;

        Writer(OutputStream out, Counter written) {
            this.out = new BufferedOutputStream(out, 1 << 16);
            this.written = written;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            JSON.writeValue(out, element);
            out.write('\n');
            written.inc();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
