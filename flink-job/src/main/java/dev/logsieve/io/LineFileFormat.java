package dev.logsieve.io;

import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a file as {@link RawLine}s for Flink's {@code FileSource}. Lines end at {@code \n} (a
 * preceding {@code \r} is removed). Whatever the bytes, the reader never fails on content: a line
 * longer than {@code maxLineBytes} is kept cut to that length and flagged, so the parser can send
 * it to the dead-letter output. Files ending in {@code .gz} are decompressed by the FileSource.
 *
 * <p>Files are not split, so line numbers are exact; parallelism comes from reading several files.
 */
public class LineFileFormat extends SimpleStreamFormat<RawLine> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int maxLineBytes;

    /**
     * @param source the name that dead letters and verdicts report (the file path)
     * @param maxLineBytes lines longer than this are cut and flagged
     */
    public LineFileFormat(String source, int maxLineBytes) {
        this.source = source;
        this.maxLineBytes = checked(maxLineBytes);
    }

    /** {@code maxLineBytes} when it is at least 16; else an error that says so. */
    static int checked(int maxLineBytes) {
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes must be at least 16, got " + maxLineBytes);
        }
        return maxLineBytes;
    }

    @Override
    public StreamFormat.Reader<RawLine> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream, source, maxLineBytes);
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    /** Splits a byte stream into lines with a fixed buffer; usable outside Flink too. */
    public static final class LineReader implements StreamFormat.Reader<RawLine> {
        private final InputStream in;
        private final String source;
        private final int maxLineBytes;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private boolean eof;
        private long lineNumber;
        private byte[] line = new byte[256];

        public LineReader(InputStream in, String source, int maxLineBytes) {
            this.in = in;
            this.source = source;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public RawLine read() throws IOException {
            int kept = 0;
            int total = 0;
            boolean sawAny = false;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        if (!sawAny) {
                            return null;
                        }
                        return emit(kept, total);
                    }
                }
                sawAny = true;
                int start = pos;
                int nl = -1;
                for (int i = start; i < limit; i++) {
                    if (buf[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                int end = nl < 0 ? limit : nl;
                int n = end - start;
                int room = Math.min(n, maxLineBytes - kept);
                if (room > 0) {
                    ensure(kept + room);
                    System.arraycopy(buf, start, line, kept, room);
                    kept += room;
                }
                total += n;
                if (total < 0) {
                    total = Integer.MAX_VALUE; // a line of over 2 GiB: keep counting as "huge"
                }
                if (nl >= 0) {
                    pos = nl + 1;
                    return emit(kept, total);
                }
                pos = limit;
            }
        }

        private RawLine emit(int kept, int total) {
            lineNumber++;
            ReadProgress.add(1, total + 1L);
            boolean truncated = total > kept;
            if (!truncated && kept > 0 && line[kept - 1] == '\r') {
                kept--;
                total--;
            }
            return RawLine.read(source, lineNumber, line, 0, kept, total, truncated);
        }

        private void ensure(int size) {
            if (size > line.length) {
                byte[] bigger = new byte[Math.min(Math.max(size, line.length * 2), Math.max(size, maxLineBytes))];
                System.arraycopy(line, 0, bigger, 0, line.length);
                line = bigger;
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                pos = limit = 0;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
