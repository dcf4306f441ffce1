package dev.logsieve.io;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.core.fs.Path;

/**
 * Reads many files in one {@code FileSource}: each split is a whole file, read by a
 * {@link LineFileFormat} named after that file, so every line keeps its file's name and its exact
 * line number as if the file had a source of its own. Files ending in {@code .gz} are decompressed.
 *
 * <p>One source for all files keeps a job's graph, and the buffers each of its outputs holds until
 * the job ends, the same size however many files there are.
 */
public class LineFilesFormat implements BulkFormat<RawLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** Each file's name as given, by the path of its location (what a split's path holds). */
    private final Map<String, String> names = new HashMap<>();
    private final int maxLineBytes;

    /**
     * @param files the files as they are named in dead letters and verdicts (local paths or URIs)
     * @param maxLineBytes lines longer than this are cut and flagged
     */
    public LineFilesFormat(List<String> files, int maxLineBytes) {
        this.maxLineBytes = LineFileFormat.checked(maxLineBytes);
        for (String f : files) {
            names.put(pathOf(new Path(f)), f);
        }
    }

    /**
     * True where the files can share one source: no two of them differ only in scheme or host
     * ({@code s3://a/x} and {@code s3://b/x}), which a split's path would not tell apart.
     */
    public static boolean canRead(List<String> files) {
        return files.stream().map(f -> pathOf(new Path(f))).distinct().count() == files.size();
    }

    private static String pathOf(Path p) {
        return p.toUri().getPath();
    }

    private BulkFormat<RawLine, FileSourceSplit> formatOf(FileSourceSplit split) {
        String name = names.getOrDefault(pathOf(split.path()), split.path().toString());
        return new StreamFormatAdapter<>(new LineFileFormat(name, maxLineBytes));
    }

    @Override
    public Reader<RawLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return formatOf(split).createReader(config, split);
    }

    @Override
    public Reader<RawLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return formatOf(split).restoreReader(config, split);
    }

    @Override
    public boolean isSplittable() {
        return false; // whole files: exact line numbers
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
