package dev.logsieve.format;

import dev.logsieve.event.LogRecord;
import java.io.Serializable;

/** Turns one raw log line into a {@link LogRecord}. Implementations are stateless and thread-safe. */
public interface LineFormat extends Serializable {

    /** The name used on the command line: {@code hdfs}, {@code bgl}, {@code custom}, ... */
    String name();

    /**
     * Parses one line (without its line terminator).
     *
     * @throws MalformedLineException with a reason a person can act on, when the line does not fit
     */
    LogRecord parse(String line) throws MalformedLineException;

    /** True when lines name their own sessions (HDFS blocks); false for count or time windows. */
    boolean hasSessions();

    /**
     * How long, in event time after its first line, a session of this format may still get lines:
     * streaming judges it finally then and frees its state. One hour unless a format knows better.
     */
    default java.time.Duration sessionLifetime() {
        return java.time.Duration.ofHours(1);
    }
}
