package dev.logsieve.format;

import java.util.List;
import java.util.Locale;

/**
 * The registry of input formats by their command-line name.
 *
 * <ul>
 *   <li>line formats: {@code hdfs} ({@link HdfsFormat}), {@code bgl}, {@code thunderbird},
 *       {@code liberty}, {@code spirit} ({@link SupercomputerFormat}), {@code custom}
 *       ({@link CustomFormat}, built from {@link FormatOptions#customFormat()} and the other options);
 *   <li>the sequence format: {@code sequences} ({@link SequenceFormat}), where one line is a whole
 *       sequence; it is not a {@link LineFormat}, check {@link #isSequenceFormat} first.
 * </ul>
 *
 * Names are case-insensitive. The built-in line formats ignore the options.
 */
public final class Formats {
    private Formats() {}

    /** The line formats, in the order they are listed in messages. */
    public static final List<String> LINE_FORMATS =
            List.of(HdfsFormat.NAME, "bgl", "thunderbird", "liberty", "spirit", CustomFormat.NAME);

    /** Every known format name, line formats first. */
    public static final List<String> ALL =
            List.of(HdfsFormat.NAME, "bgl", "thunderbird", "liberty", "spirit", CustomFormat.NAME, SequenceFormat.NAME);

    /**
     * The line format with this name.
     *
     * @param opts options for {@code custom}; may be null for the built-in formats
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones), for
     *     {@code sequences} (not a line format), or for a custom format whose options are not usable
     */
    public static LineFormat lineFormat(String name, FormatOptions opts) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case HdfsFormat.NAME:
                return new HdfsFormat();
            case "bgl":
            case "thunderbird":
            case "liberty":
            case "spirit":
                return new SupercomputerFormat(n);
            case CustomFormat.NAME:
                if (opts == null || opts.customFormat() == null || opts.customFormat().isEmpty()) {
                    throw new IllegalArgumentException("format 'custom' needs a format string in <Field> notation,"
                            + " e.g. '<Date> <Time> <Level> <Component>: <Content>'");
                }
                return new CustomFormat(opts);
            case SequenceFormat.NAME:
                throw new IllegalArgumentException("'sequences' is not a line format (one line is a whole sequence);"
                        + " read it with SequenceFormat");
            default:
                throw new IllegalArgumentException("unknown format '" + name + "'; known formats: "
                        + String.join(", ", ALL));
        }
    }

    /** True for the format whose lines are whole sequences ({@code sequences}). */
    public static boolean isSequenceFormat(String name) {
        return name != null && SequenceFormat.NAME.equals(name.trim().toLowerCase(Locale.ROOT));
    }
}
