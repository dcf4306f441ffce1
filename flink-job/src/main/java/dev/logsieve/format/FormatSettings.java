package dev.logsieve.format;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The input format's settings, typed: which format, and what the {@code custom} format needs. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class FormatSettings {
    private FormatSettings() {}

    public static final ConfigOption<String> FORMAT = ConfigOptions.key("logsieve.format")
            .stringType().defaultValue("hdfs")
            .withDescription("Input format: hdfs, bgl, thunderbird, liberty, spirit, custom or sequences.");

    public static final ConfigOption<String> CUSTOM_FORMAT = ConfigOptions.key("logsieve.format.custom")
            .stringType().noDefaultValue()
            .withDescription("For format 'custom': the line shape in <Field> notation, e.g. '<Date> <Time> <Level> <Component>: <Content>'.");

    public static final ConfigOption<String> SESSION_REGEX = ConfigOptions.key("logsieve.format.session-regex")
            .stringType().noDefaultValue()
            .withDescription("For format 'custom': a regex whose matches in the message are its session keys (group 1 if present).");

    public static final ConfigOption<String> TIMESTAMP_PATTERN = ConfigOptions.key("logsieve.format.timestamp-pattern")
            .stringType().noDefaultValue()
            .withDescription("For format 'custom': a java.time pattern for the Date/Time fields; guessed when absent.");

    public static final ConfigOption<Integer> DEFAULT_YEAR = ConfigOptions.key("logsieve.format.default-year")
            .intType().defaultValue(0)
            .withDescription("For format 'custom': the year of timestamps that carry none (syslog 'MMM d HH:mm:ss'); 0 = the current year. Set it for repeatable backfills.");

    /** The line format these settings name. */
    public static LineFormat lineFormat(ReadableConfig conf) {
        FormatOptions opts = new FormatOptions(conf.getOptional(CUSTOM_FORMAT).orElse(null),
                conf.getOptional(SESSION_REGEX).orElse(null),
                conf.getOptional(TIMESTAMP_PATTERN).orElse(null),
                conf.get(DEFAULT_YEAR));
        return Formats.lineFormat(conf.get(FORMAT), opts);
    }
}
