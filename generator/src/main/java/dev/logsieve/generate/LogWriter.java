package dev.logsieve.generate;

import dev.logsieve.generate.HdfsLogGenerator.Summary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.LongConsumer;

/** Writes a generator's lines and labels to files ({@link HdfsLogGenerator#write}). */
final class LogWriter {
    private LogWriter() {}

    /**
     * Writes the log to {@code logFile} and the labels to {@code labelsFile} ({@code BlockId,Label}
     * header, then {@code blk_...,Normal|Anomaly} in allocation order). Either file is gzipped when
     * its name ends in {@code .gz}. {@code linesWritten} (may be null) is told the running line
     * count every 10,000 lines and once at the end.
     */
    static Summary write(HdfsLogGenerator generator, Path logFile, Path labelsFile, LongConsumer linesWritten)
            throws IOException {
        long lines = 0;
        long[] blockCounts = new long[2];
        try (BufferedWriter log = LogFiles.writer(logFile);
                BufferedWriter lab = LogFiles.writer(labelsFile)) {
            lab.write("BlockId,Label\n");
            Iterator<String> it = generator.iterator(l -> {
                blockCounts[0]++;
                if (l.anomalous()) blockCounts[1]++;
                try {
                    lab.write(l.blockId());
                    lab.write(',');
                    lab.write(l.label());
                    lab.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                while (it.hasNext()) {
                    log.write(it.next());
                    log.write('\n');
                    lines++;
                    if (linesWritten != null && lines % 10_000 == 0) linesWritten.accept(lines);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        if (linesWritten != null) linesWritten.accept(lines);
        return new Summary(lines, blockCounts[0], blockCounts[1]);
    }
}
