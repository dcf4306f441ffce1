package dev.logsieve.job;

import dev.logsieve.io.LineFileFormat;
import dev.logsieve.io.LineFilesFormat;
import dev.logsieve.io.Locations;
import dev.logsieve.io.RawLine;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job's raw lines come from. Jobs take one of these as an argument so tests can swap the
 * production input (files, Kafka) for their own.
 */
@FunctionalInterface
public interface LineInput extends Serializable {

    DataStream<RawLine> create(StreamExecutionEnvironment env);

    /**
     * The input as separate streams, where it has them (one per file), so that parsing can run
     * chained to each reader instead of behind a network shuffle. By default the one stream.
     */
    default List<DataStream<RawLine>> createEach(StreamExecutionEnvironment env) {
        return List.of(create(env));
    }

    /**
     * True when the input parses each line as it reads it and assigns event time and watermarks
     * itself (Kafka: per partition); the pipeline then assigns none of its own.
     */
    default boolean assignsEventTime() {
        return false;
    }

    /**
     * The one stream that all of this input's lines form, where each of its sources holds only a
     * share of it (Kafka: the topic, whose partitions split the lines between them); null where each
     * source is a stream of its own (a file, as training reads it). Streaming count windows cut each
     * stream in event-time order, so that they match the windows training cuts from a whole log.
     */
    default String stream() {
        return null;
    }

    /**
     * Stored files, each read in order and with exact line numbers (files are not split; gzip is read
     * transparently). A directory stands for the files in it. A bounded (BATCH) run reads them all
     * in one source; a streaming run gives each file a source of its own, so that each file's event
     * time moves on by itself.
     */
    static LineInput files(List<Path> paths, int maxLineBytes) {
        return locations(locationsOf(paths), maxLineBytes);
    }

    /**
     * The same for files named by local paths or by URIs of any file system Flink has
     * ({@code s3://}, {@code hdfs://} where the cluster has the plugin); the TaskManagers read them.
     */
    static LineInput locations(List<String> locations, int maxLineBytes) {
        return new FileInput(Locations.files(locations), maxLineBytes);
    }

    /** Local paths as locations (absolute paths). */
    static List<String> locationsOf(List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(p.toAbsolutePath().toString());
        }
        return out;
    }

    /**
     * Files through Flink's {@code FileSource}. In a streaming run each file has a source of its own
     * (parallelism 1), whose watermarks follow that file's event time. In a bounded run, which needs
     * no watermarks, one source reads all of them, a whole file per split: a source per file would
     * make the job's graph, and the buffers every source's outputs hold until the job ends, grow
     * with the number of files (a backfill of 200 files held over 600 result partitions).
     */
    final class FileInput implements LineInput {
        private static final long serialVersionUID = 1L;
        private final List<String> files;
        private final int maxLineBytes;

        FileInput(List<String> files, int maxLineBytes) {
            this.files = files;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public DataStream<RawLine> create(StreamExecutionEnvironment env) {
            return Pipeline.unionOf(createEach(env));
        }

        @Override
        public List<DataStream<RawLine>> createEach(StreamExecutionEnvironment env) {
            boolean bounded = env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE) != RuntimeExecutionMode.STREAMING;
            if (bounded && files.size() > 1 && LineFilesFormat.canRead(files)) {
                org.apache.flink.core.fs.Path[] paths = files.stream().map(org.apache.flink.core.fs.Path::new)
                        .toArray(org.apache.flink.core.fs.Path[]::new);
                FileSource<RawLine> source = FileSource.forBulkFileFormat(new LineFilesFormat(files, maxLineBytes), paths).build();
                DataStreamSource<RawLine> all = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                        "read " + files.size() + " files");
                if (env.getParallelism() > 0) {
                    all.setParallelism(Math.min(env.getParallelism(), files.size()));
                }
                return List.of(all);
            }
            List<DataStream<RawLine>> out = new ArrayList<>();
            for (String f : files) {
                FileSource<RawLine> source = FileSource
                        .forRecordStreamFormat(new LineFileFormat(f, maxLineBytes), new org.apache.flink.core.fs.Path(f))
                        .build();
                out.add(env.fromSource(source, WatermarkStrategy.noWatermarks(), "read " + new org.apache.flink.core.fs.Path(f).getName())
                        .setParallelism(1));
            }
            return out;
        }
    }

    /** The size on disk of the files named (directories: the files in them), for progress and its ETA. */
    static long sizeOnDisk(List<Path> paths) {
        return Locations.size(Locations.files(locationsOf(paths)));
    }
}
