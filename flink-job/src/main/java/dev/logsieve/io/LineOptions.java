package dev.logsieve.io;

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

    /** The line limit in bytes, as an int (the readers' buffers are arrays). */
    public static int maxLineBytes(ReadableConfig conf) {
        return (int) Math.min(Integer.MAX_VALUE, conf.get(MAX_LINE).getBytes());
    }
}
