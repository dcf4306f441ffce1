package dev.logsieve.format;

import java.io.Serializable;
import java.util.Objects;

/**
 * The settings a format may need beyond its name, as given on the command line. Only the
 * {@code custom} format reads them; the built-in formats ignore them. Immutable; change a value
 * with the {@code with...} methods, which return a copy:
 *
 * <pre>
 * FormatOptions opts = FormatOptions.defaults()
 *         .withCustomFormat("&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;")
 *         .withSessionRegex("(req-[0-9a-f]+)");
 * </pre>
 */
public final class FormatOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final FormatOptions DEFAULTS = new FormatOptions(null, null, null, 0);

    private final String customFormat;
    private final String sessionRegex;
    private final String timestampPattern;
    private final int defaultYear;

    /**
     * @param customFormat the {@code <Field>} format string of the custom format, or null
     * @param sessionRegex regex whose matches in the content are session keys (group 1 if it has one),
     *     or null
     * @param timestampPattern a {@link java.time.format.DateTimeFormatter} pattern for the time fields
     *     ({@code epoch}, {@code epoch-millis} and {@code ISO-8601} also work), or null for the built-in list
     * @param defaultYear the year of timestamps that carry none (syslog's {@code MMM d HH:mm:ss});
     *     0 for the current year when the format is built
     * @throws IllegalArgumentException when the year is negative or above 9999
     */
    public FormatOptions(String customFormat, String sessionRegex, String timestampPattern, int defaultYear) {
        if (defaultYear < 0 || defaultYear > 9999) {
            throw new IllegalArgumentException("default year must be 1..9999 (or 0 for this year), not " + defaultYear);
        }
        this.customFormat = customFormat;
        this.sessionRegex = sessionRegex;
        this.timestampPattern = timestampPattern;
        this.defaultYear = defaultYear;
    }

    /** No custom format, no session regex, the built-in timestamp patterns, the current year. */
    public static FormatOptions defaults() {
        return DEFAULTS;
    }

    public String customFormat() {
        return customFormat;
    }

    public String sessionRegex() {
        return sessionRegex;
    }

    public String timestampPattern() {
        return timestampPattern;
    }

    /** The default year, or 0 for the current year. */
    public int defaultYear() {
        return defaultYear;
    }

    public FormatOptions withCustomFormat(String format) {
        return new FormatOptions(format, sessionRegex, timestampPattern, defaultYear);
    }

    public FormatOptions withSessionRegex(String regex) {
        return new FormatOptions(customFormat, regex, timestampPattern, defaultYear);
    }

    public FormatOptions withTimestampPattern(String pattern) {
        return new FormatOptions(customFormat, sessionRegex, pattern, defaultYear);
    }

    public FormatOptions withDefaultYear(int year) {
        return new FormatOptions(customFormat, sessionRegex, timestampPattern, year);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FormatOptions)) {
            return false;
        }
        FormatOptions other = (FormatOptions) o;
        return defaultYear == other.defaultYear
                && Objects.equals(customFormat, other.customFormat)
                && Objects.equals(sessionRegex, other.sessionRegex)
                && Objects.equals(timestampPattern, other.timestampPattern);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customFormat, sessionRegex, timestampPattern, defaultYear);
    }

    @Override
    public String toString() {
        return "FormatOptions{customFormat=" + customFormat + ", sessionRegex=" + sessionRegex
                + ", timestampPattern=" + timestampPattern + ", defaultYear=" + defaultYear + "}";
    }
}
