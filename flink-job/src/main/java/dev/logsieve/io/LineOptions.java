package dev.logsieve.io;

import java.io.Serializable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Settings of reading lines, typed. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class LineOptions {
    private LineOptions() {}

    public static final ConfigOption<MemorySize> MAX_LINE = ConfigOptions.key("logsieve.input.max-line-bytes")
            .memoryType().defaultValue(MemorySize.parse("64kb"))
            .withDescription("Longer lines go to the dead-letter output (their start is kept there).");

    public static final ConfigOption<Integer> MAX_SESSION_KEYS = ConfigOptions.key("logsieve.input.max-session-keys")
            .intType().defaultValue(100)
            .withDescription("A line that names more session keys (HDFS block ids) than this goes to the dead-letter "
                    + "output instead of opening a sequence for each. HDFS DataNode lines name one block; NameNode "
                    + "lines that ask a DataNode to delete blocks name a few dozen.");

    /** What becomes of a line whose bytes are not valid UTF-8. */
    public enum InvalidUtf8 {
        /** Used with each invalid byte sequence replaced by U+FFFD, and counted. */
        ACCEPT,
        /** Counted and sent to the dead-letter output with its original bytes. */
        DEAD_LETTER
    }

    public static final ConfigOption<InvalidUtf8> INVALID_UTF8 = ConfigOptions.key("logsieve.input.invalid-utf8")
            .enumType(InvalidUtf8.class).defaultValue(InvalidUtf8.ACCEPT)
            .withDescription("What becomes of a line whose bytes are not valid UTF-8: 'accept' uses it with U+FFFD in "
                    + "place of the bad bytes, 'dead_letter' sends it to the dead-letter output with its original bytes. "
                    + "Either way it is counted (metric invalidUtf8Lines, report field invalid_utf8_lines).");

    /** The line limit in bytes, as an int (the readers' buffers are arrays). */
    public static int maxLineBytes(ReadableConfig conf) {
        return (int) Math.min(Integer.MAX_VALUE, conf.get(MAX_LINE).getBytes());
    }

    /** What a line may be before it goes to the dead letters, as the parser checks it. */
    public record Limits(int maxLineBytes, int maxSessionKeys, boolean invalidUtf8ToDeadLetters) implements Serializable {
        public Limits {
            if (maxSessionKeys < 1) {
                throw new IllegalArgumentException(MAX_SESSION_KEYS.key() + " must be at least 1, got " + maxSessionKeys);
            }
        }

        /** The defaults, with {@code maxLineBytes}. */
        public static Limits of(int maxLineBytes) {
            return new Limits(maxLineBytes, MAX_SESSION_KEYS.defaultValue(), INVALID_UTF8.defaultValue() == InvalidUtf8.DEAD_LETTER);
        }
    }

    /** The limits {@code conf} sets. */
    public static Limits limits(ReadableConfig conf) {
        return new Limits(maxLineBytes(conf), conf.get(MAX_SESSION_KEYS), conf.get(INVALID_UTF8) == InvalidUtf8.DEAD_LETTER);
    }
}
