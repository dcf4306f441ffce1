package dev.logsieve.job;

import dev.logsieve.io.LineFileFormat;
import dev.logsieve.io.RawLine;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job's raw lines come from. Jobs take one of these as an argument so tests can swap the
 * production input (files, Kafka) for their own.
 */
@FunctionalInterface
public interface LineInput extends Serializable {

    DataStream<RawLine> create(StreamExecutionEnvironment env);

    /**
     * Stored files: each file is read by its own source, in order and with exact line numbers (files
     * are not split; gzip is read transparently). A directory stands for the files in it.
     */
    static LineInput files(List<Path> paths, int maxLineBytes) {
        List<String> files = new ArrayList<>();
        for (Path p : expand(paths)) {
            files.add(p.toAbsolutePath().toString());
        }
        return env -> {
            DataStream<RawLine> all = null;
            for (String f : files) {
                FileSource<RawLine> source = FileSource
                        .forRecordStreamFormat(new LineFileFormat(f, maxLineBytes), new org.apache.flink.core.fs.Path(f))
                        .build();
                DataStream<RawLine> one = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                        "read " + Path.of(f).getFileName()).setParallelism(1);
                all = all == null ? one : all.union(one);
            }
            return all;
        };
    }

    /** The files named, with directories replaced by the regular files inside them (sorted). */
    static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("input not found: " + p);
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no input files in " + paths);
        }
        return out;
    }
}
