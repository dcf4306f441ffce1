package dev.logsieve.io;

import dev.logsieve.event.LogRecord;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One line as read, before parsing: the text, where it came from and how long it was in bytes.
 * Flink writes it with {@link RawLineSerializer}.
 */
@TypeInfo(RawLineSerializer.Factory.class)
public class RawLine {
    public String source;
    /** 1-based line number within the source (or the Kafka offset). */
    public long lineNumber;
    /** The line decoded as UTF-8 (invalid bytes become U+FFFD), without its terminator. */
    public String text;
    /** The line's length in bytes; longer than the text when the line was cut. */
    public int bytes;
    /** Set when the line was longer than the limit and only its start was kept. */
    public boolean truncated;
    /**
     * The record exactly as it came, where the input keeps it (Kafka): a dead letter carries it so
     * the bad record can be replayed byte for byte. Null for files (the file still has the line).
     */
    public byte[] original;
    /**
     * The line parsed by its format, where the input parses it as it reads (Kafka, to take event
     * time from the line): the job then does not parse it again. Null when not parsed yet, or when
     * it could not be parsed ({@link #rejection} says why).
     */
    public LogRecord parsed;
    /** Why the line cannot be used, when the input already found out; else null. */
    public String rejection;

    public RawLine() {}

    public RawLine(String source, long lineNumber, String text, int bytes, boolean truncated) {
        this.source = source;
        this.lineNumber = lineNumber;
        this.text = text;
        this.bytes = bytes;
        this.truncated = truncated;
    }

    /** A line read from bytes: ASCII takes a fast path, anything else is decoded as UTF-8 with replacement. */
    public static String decode(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                return new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
