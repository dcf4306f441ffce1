package dev.logsieve.format;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;
import dev.logsieve.format.CustomFormatCompiler.Compiled;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user-described format ({@code custom}) in loghub's {@code <Field>} notation, for example
 * {@code <Date> <Time> <Level> <Component>: <Content>} or loghub's Zookeeper format
 * {@code <Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>}.
 *
 * <h2>How the format string is read</h2>
 *
 * It is compiled once to a regex the way loghub's {@code generate_logformat_regex} does, so that the
 * format strings published with loghub's benchmarks work unchanged:
 *
 * <ul>
 *   <li>each {@code <Name>} becomes a lazy group {@code (.*?)}, except {@code <Content>}, which takes
 *       the rest ({@code (.*)}); names are letters, digits and {@code _}, each at most once;
 *   <li>the text between fields is a <b>regex fragment</b>, not literal text, exactly as in loghub:
 *       {@code \[} is a bracket, {@code (\[<PID>\])?} an optional part, {@code \|} a bar. Write
 *       {@code \.}, {@code \(}, {@code \[}, {@code \|} ... for those characters literally, and
 *       {@code \<} / {@code \>} for angle brackets. The fragments use Java regex syntax: groups inside
 *       them must be plain or non-capturing ({@code (?<name>...)} and look-behind cannot be written,
 *       since {@code <} starts a field);
 *   <li>every run of spaces becomes {@code \s+} (so {@code Nov  9} matches {@code <Month> <Day>});
 *   <li>the whole line must match (leading and trailing whitespace of the line is ignored first, as
 *       loghub strips lines); {@code .} matches any character but a line feed.
 * </ul>
 *
 * A format without {@code <Content>}, with an unbalanced {@code <}, a bad or repeated field name, or
 * fragments that do not form a valid regex fails at construction with an
 * {@link IllegalArgumentException} naming the problem.
 *
 * <h2>Fields that mean something</h2>
 *
 * Names are matched case-insensitively: {@code Content} → content, {@code Level} → level,
 * {@code Component} → component, {@code Label} → label ({@code -} normal, anything else anomalous;
 * without a Label field the label is unknown). Other fields are matched but not kept.
 *
 * <p><b>Timestamp</b>: read from the fields named {@code Timestamp}, {@code Datetime}, {@code Date},
 * {@code Month}, {@code Day}, {@code Time}. First all of them joined by one space in format order
 * (OpenSSH's {@code <Date> <Day> <Time>} gives {@code Dec 10 06:55:46}), then, when there are
 * several, {@code Timestamp} alone, {@code Datetime} alone, {@code Date} and {@code Time} together,
 * and {@code Time} alone (BGL's format has an epoch {@code Timestamp} beside a local {@code Time}).
 * {@code Date} alone is never tried: a line whose time is garbled must not silently become midnight. Each text is tried with the timestamp pattern of the options, or without one
 * with the built-in list described in {@link TimestampParser} (log4j, ISO-8601, syslog, ctime,
 * HDFS, Spark, HealthApp, Android, Proxifier, BGL shapes, epoch seconds and millis); the pattern and
 * field choice that worked last is tried first on the next line. Times without a zone are UTC;
 * patterns without a year take the default year of the options. A format with none of these fields
 * gives timestamp 0 on every line (count windows do not need time); a line whose time fields match
 * no pattern is malformed.
 *
 * <p><b>Sessions</b>: with a session regex every match in the content is a session key (the value
 * of group 1 when the regex has a group, else the whole match), distinct, in order of first
 * appearance; a line with no match is malformed. Without one, {@link #hasSessions()} is false.
 *
 * <p>A user regex can backtrack badly on some lines; every match runs under a step budget
 * ({@link BoundedText}) and a line that exhausts it is malformed rather than a stalled job.
 *
 * <h2>Compiler and parser</h2>
 *
 * {@link CustomFormatCompiler} turns the options into an immutable description once (at
 * construction and after deserialization); this class is the per-line parser that reads it.
 */
public final class CustomFormat implements LineFormat {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "custom";

    private static final String[] NO_KEYS = new String[0];

    private final String logFormat;
    private final String sessionRegex;
    private final String timestampPattern;
    private final int defaultYear;

    /** What the strings above compiled to; rebuilt after deserialization. */
    private transient Compiled compiled;

    /** Remembers which group of time fields worked last (see the class comment). */
    private transient volatile int lastTimeSource;

    /**
     * @param logFormat the format string in {@code <Field>} notation
     * @param sessionRegex the session-key regex, or null for a format without sessions
     * @param timestampPattern a {@link java.time.format.DateTimeFormatter} pattern (or {@code epoch},
     *     {@code epoch-millis}) for the joined time fields, or null for the built-in list
     * @param defaultYear the year of timestamps whose pattern has none; 0 for the current year (UTC)
     * @throws IllegalArgumentException when the format string, regex or pattern is not usable
     */
    public CustomFormat(String logFormat, String sessionRegex, String timestampPattern, int defaultYear) {
        this.logFormat = logFormat;
        this.sessionRegex = sessionRegex == null || sessionRegex.isEmpty() ? null : sessionRegex;
        this.timestampPattern = timestampPattern == null || timestampPattern.isEmpty() ? null : timestampPattern;
        this.defaultYear = defaultYear;
        this.compiled = CustomFormatCompiler.compile(logFormat, this.sessionRegex, this.timestampPattern, defaultYear);
    }

    /** A format with no session regex, the built-in timestamp patterns and the current year. */
    public CustomFormat(String logFormat) {
        this(logFormat, null, null, 0);
    }

    /** Builds the format from the options' custom format string, session regex, pattern and year. */
    public CustomFormat(FormatOptions options) {
        this(options.customFormat(), options.sessionRegex(), options.timestampPattern(), options.defaultYear());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasSessions() {
        return sessionRegex != null;
    }

    /** The regex the format string compiled to (for messages and tests). */
    public String regex() {
        return compiled.line.pattern();
    }

    /** The field names in format order. */
    public List<String> fieldNames() {
        return List.of(compiled.names);
    }

    @Override
    public LogRecord parse(String line) throws MalformedLineException {
        int start = Scan.contentStart(line);
        int end = Scan.trimEnd(line, start);
        Compiled c = compiled;
        String s = line.substring(start, end);
        BoundedText text = new BoundedText(s);
        Matcher m = c.line.matcher(text);
        try {
            if (!m.matches()) {
                throw new MalformedLineException(whyNot(c, s));
            }
        } catch (BoundedText.Exhausted e) {
            throw new MalformedLineException("line too hard to match against the format (regex step budget of "
                    + (BoundedText.BASE_STEPS + (long) BoundedText.STEPS_PER_CHAR * s.length())
                    + " spent on " + s.length() + " chars); it does not fit the format");
        }
        String content = m.group(c.groups[c.content]);
        String level = c.level < 0 ? null : m.group(c.groups[c.level]);
        String component = c.component < 0 ? null : m.group(c.groups[c.component]);
        int label = Labels.UNKNOWN;
        if (c.label >= 0) {
            String l = m.group(c.groups[c.label]);
            label = l != null && l.equals("-") ? Labels.NORMAL : Labels.ANOMALOUS;
        }
        long timestamp = timestamp(c, m);
        String[] keys = NO_KEYS;
        if (c.session != null) {
            keys = sessionKeys(c.session, content);
            if (keys.length == 0) {
                throw new MalformedLineException("no session key (no match of the session regex "
                        + Scan.quote(c.session.pattern()) + ") in the content");
            }
        }
        return new LogRecord(timestamp, level, component, content, keys, label);
    }

    private long timestamp(Compiled c, Matcher m) throws MalformedLineException {
        if (c.timeSources.length == 0) {
            return 0L;
        }
        int first = lastTimeSource;
        if (first >= c.timeSources.length) {
            first = 0;
        }
        String firstText = timeText(c, m, c.timeSources[first]);
        long t = c.timestamps.parse(firstText);
        if (t != Long.MIN_VALUE) {
            return t;
        }
        for (int i = 0; i < c.timeSources.length; i++) {
            if (i == first) {
                continue;
            }
            t = c.timestamps.parse(timeText(c, m, c.timeSources[i]));
            if (t != Long.MIN_VALUE) {
                lastTimeSource = i;
                return t;
            }
        }
        String all = timeText(c, m, c.timeSources[0]);
        throw new MalformedLineException("bad time " + Scan.quote(all) + " (fields " + c.describeSource(0)
                + "): it matches none of " + c.timestamps.describe());
    }

    private static String timeText(Compiled c, Matcher m, int[] fields) {
        if (fields.length == 1) {
            String v = m.group(c.groups[fields[0]]);
            return v == null ? "" : v;
        }
        StringBuilder b = new StringBuilder(32);
        for (int k = 0; k < fields.length; k++) {
            String v = m.group(c.groups[fields[k]]);
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(v);
        }
        return b.toString();
    }

    private static String[] sessionKeys(Pattern session, String content) throws MalformedLineException {
        BoundedText text = new BoundedText(content);
        Matcher m = session.matcher(text);
        boolean useGroup = m.groupCount() >= 1;
        String first = null;
        List<String> more = null;
        try {
            while (m.find()) {
                String key = useGroup ? m.group(1) : m.group();
                if (key == null || key.isEmpty()) {
                    continue; // an optional group that did not take part, or an empty match
                }
                if (first == null) {
                    first = key;
                } else if (more == null) {
                    if (!first.equals(key)) {
                        more = new ArrayList<>(4);
                        more.add(first);
                        more.add(key);
                    }
                } else if (!more.contains(key)) {
                    more.add(key);
                }
            }
        } catch (BoundedText.Exhausted e) {
            throw new MalformedLineException("content too hard for the session regex (step budget spent on "
                    + content.length() + " chars)");
        }
        if (first == null) {
            return NO_KEYS;
        }
        return more == null ? new String[] {first} : more.toArray(NO_KEYS);
    }

    /** Why a line does not match: how far into the format it fits. Runs only on bad lines. */
    private static String whyNot(Compiled c, String s) {
        int fits = -1;
        BoundedText text = new BoundedText(s); // one budget for all the tries together
        try {
            for (int i = 0; i < c.prefixes.length; i++) {
                if (c.prefixes[i] == null) {
                    continue;
                }
                if (!c.prefixes[i].matcher(text).lookingAt()) {
                    break;
                }
                fits = i;
            }
        } catch (BoundedText.Exhausted e) {
            // Leave the answer at what was found so far.
        }
        String[] names = c.names;
        String tail = fits < 0 ? "it does not even fit the beginning up to <" + names[0] + ">"
                : fits + 1 < names.length ? "it fits up to <" + names[fits] + "> but not from <" + names[fits + 1]
                + "> on" : "it fits every field but not the text after the last one";
        return "line does not match the format '" + c.format + "': " + tail;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        compiled = CustomFormatCompiler.compile(logFormat, sessionRegex, timestampPattern, defaultYear);
    }

    @Override
    public String toString() {
        return NAME + "(" + logFormat + ")";
    }

}
