package dev.logsieve.io;

import dev.logsieve.event.LogRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
     * Set when the line's bytes are not valid UTF-8 ({@link #text} has U+FFFD in place of the bad
     * bytes, and {@link #original} holds them). Not checked on a cut line, whose end may split a character.
     */
    public boolean invalidUtf8;
    /**
     * The record exactly as it came, where the input keeps it (Kafka, and a file line that is not
     * valid UTF-8): a dead letter carries it so the bad record can be replayed byte for byte. Null
     * for other file lines (the file still has the line).
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

    /**
     * A line read from {@code len} bytes of {@code buf}: ASCII takes a fast path, anything else is
     * decoded as UTF-8 with replacement and, unless the line was cut, checked; an invalid line keeps
     * a copy of its bytes in {@link #original}.
     *
     * @param bytes the line's whole length in bytes (more than {@code len} when it was cut)
     */
    public static RawLine read(String source, long lineNumber, byte[] buf, int off, int len, int bytes, boolean truncated) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                RawLine line = new RawLine(source, lineNumber, new String(buf, off, len, StandardCharsets.UTF_8), bytes, truncated);
                if (!truncated && !validUtf8(buf, off, len)) {
                    line.invalidUtf8 = true;
                    line.original = Arrays.copyOfRange(buf, off, off + len);
                }
                return line;
            }
        }
        return new RawLine(source, lineNumber, new String(buf, off, len, StandardCharsets.ISO_8859_1), bytes, truncated);
    }

    private static boolean validUtf8(byte[] buf, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
