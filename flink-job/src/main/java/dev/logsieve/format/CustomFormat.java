package dev.logsieve.format;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 */
public final class CustomFormat implements LineFormat {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "custom";

    private static final String[] NO_KEYS = new String[0];

    private static final List<String> TIME_FIELDS = List.of("timestamp", "datetime", "date", "month", "day", "time");

    private final String logFormat;
    private final String sessionRegex;
    private final String timestampPattern;
    private final int defaultYear;

    /** Everything derived from the strings above; rebuilt after deserialization. */
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
        this.compiled = new Compiled(logFormat, this.sessionRegex, this.timestampPattern, defaultYear);
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

    /** The format string this was built from. */
    public String logFormat() {
        return logFormat;
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
                throw new MalformedLineException(c.whyNot(s));
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

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        compiled = new Compiled(logFormat, sessionRegex, timestampPattern, defaultYear);
    }

    @Override
    public String toString() {
        return NAME + "(" + logFormat + ")";
    }

    /** The compiled form of a format string. */
    private static final class Compiled {
        final String format;
        final String[] names;
        /** Group name of each field: f0, f1, ... (field names need not be valid Java group names). */
        final String[] groups;
        final Pattern line;
        /** Regexes of the format cut after field k's following text, for "fits up to" messages. */
        final Pattern[] prefixes;
        final int content;
        final int level;
        final int component;
        final int label;
        /** Groups of time-field indices to try, in order. */
        final int[][] timeSources;
        final TimestampParser timestamps;
        final Pattern session;

        Compiled(String format, String sessionRegex, String timestampPattern, int defaultYear) {
            if (format == null || format.isEmpty()) {
                throw new IllegalArgumentException("the custom format needs a format string, e.g."
                        + " '<Date> <Time> <Level> <Component>: <Content>'");
            }
            this.format = format;
            List<String> literals = new ArrayList<>();
            List<String> fieldNames = new ArrayList<>();
            split(format, literals, fieldNames);
            names = fieldNames.toArray(new String[0]);
            groups = new String[names.length];
            int contentIdx = -1;
            int levelIdx = -1;
            int componentIdx = -1;
            int labelIdx = -1;
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.length; i++) {
                String lower = names[i].toLowerCase(Locale.ROOT);
                if (!seen.add(lower)) {
                    throw new IllegalArgumentException("field <" + names[i] + "> appears twice in the format '"
                            + format + "'");
                }
                groups[i] = "f" + i;
                switch (lower) {
                    case "content": contentIdx = i; break;
                    case "level": levelIdx = i; break;
                    case "component": componentIdx = i; break;
                    case "label": labelIdx = i; break;
                    default: break;
                }
            }
            if (contentIdx < 0) {
                throw new IllegalArgumentException("the format '" + format + "' has no <Content> field;"
                        + " it needs one for the message");
            }
            content = contentIdx;
            level = levelIdx;
            component = componentIdx;
            label = labelIdx;

            StringBuilder regex = new StringBuilder();
            List<Pattern> prefixList = new ArrayList<>();
            regex.append(spaces(literals.get(0)));
            for (int i = 0; i < names.length; i++) {
                regex.append("(?<").append(groups[i]).append('>').append(i == content ? ".*" : ".*?").append(')');
                regex.append(spaces(literals.get(i + 1)));
                prefixList.add(compileOrNull(regex.toString()));
            }
            try {
                line = Pattern.compile(regex.toString(), Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the format '" + format + "' is not a valid regex once its"
                        + " fields are replaced (text between fields is a regex fragment: write \\[ \\( \\. \\|"
                        + " for those characters): " + e.getDescription() + " in " + regex, e);
            }
            prefixes = prefixList.toArray(new Pattern[0]);

            List<Integer> timeFields = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                if (TIME_FIELDS.contains(names[i].toLowerCase(Locale.ROOT))) {
                    timeFields.add(i);
                }
            }
            timeSources = timeSources(timeFields);
            if (timeSources.length == 0 && timestampPattern != null) {
                throw new IllegalArgumentException("a timestamp pattern was given but the format '" + format
                        + "' has no field named Timestamp, Datetime, Date, Month, Day or Time");
            }
            int year = defaultYear != 0 ? defaultYear : ZonedDateTime.now(ZoneOffset.UTC).getYear();
            timestamps = new TimestampParser(timestampPattern, year);

            if (sessionRegex != null) {
                try {
                    session = Pattern.compile(sessionRegex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("bad session regex '" + sessionRegex + "': "
                            + e.getDescription(), e);
                }
            } else {
                session = null;
            }
        }

        private int[][] timeSources(List<Integer> timeFields) {
            List<int[]> sources = new ArrayList<>();
            if (timeFields.isEmpty()) {
                return new int[0][];
            }
            sources.add(timeFields.stream().mapToInt(Integer::intValue).toArray());
            if (timeFields.size() > 1) {
                for (String only : List.of("timestamp", "datetime")) {
                    int i = indexOf(only);
                    if (i >= 0) {
                        addOnce(sources, new int[] {i});
                    }
                }
                int date = indexOf("date");
                int time = indexOf("time");
                if (date >= 0 && time >= 0) {
                    addOnce(sources, date < time ? new int[] {date, time} : new int[] {time, date});
                }
                if (time >= 0) {
                    addOnce(sources, new int[] {time});
                }
            }
            return sources.toArray(new int[0][]);
        }

        private static void addOnce(List<int[]> sources, int[] source) {
            for (int[] s : sources) {
                if (Arrays.equals(s, source)) {
                    return;
                }
            }
            sources.add(source);
        }

        private int indexOf(String lowerName) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(lowerName)) {
                    return i;
                }
            }
            return -1;
        }

        String describeSource(int k) {
            StringBuilder b = new StringBuilder();
            for (int i : timeSources[k]) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append('<').append(names[i]).append('>');
            }
            return b.toString();
        }

        /** Why a line does not match: how far into the format it fits. Runs only on bad lines. */
        String whyNot(String s) {
            int fits = -1;
            BoundedText text = new BoundedText(s); // one budget for all the tries together
            try {
                for (int i = 0; i < prefixes.length; i++) {
                    if (prefixes[i] == null) {
                        continue;
                    }
                    if (!prefixes[i].matcher(text).lookingAt()) {
                        break;
                    }
                    fits = i;
                }
            } catch (BoundedText.Exhausted e) {
                // Leave the answer at what was found so far.
            }
            String tail = fits < 0 ? "it does not even fit the beginning up to <" + names[0] + ">"
                    : fits + 1 < names.length ? "it fits up to <" + names[fits] + "> but not from <" + names[fits + 1]
                    + "> on" : "it fits every field but not the text after the last one";
            return "line does not match the format '" + format + "': " + tail;
        }

        private static Pattern compileOrNull(String regex) {
            try {
                return Pattern.compile(regex, Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                return null;
            }
        }

        /** Runs of spaces → {@code \s+}, as loghub does. */
        private static String spaces(String literal) {
            return literal.replaceAll(" +", "\\\\s+");
        }

        /**
         * Splits the format into literal fragments and field names: literals.size() == names.size() + 1.
         * {@code \<} and {@code \>} stay in the fragments (the regex reads them as the characters).
         */
        private static void split(String format, List<String> literals, List<String> names) {
            StringBuilder lit = new StringBuilder();
            int n = format.length();
            for (int i = 0; i < n; i++) {
                char c = format.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    lit.append(c).append(format.charAt(i + 1));
                    i++;
                    continue;
                }
                if (c != '<') {
                    lit.append(c);
                    continue;
                }
                int close = format.indexOf('>', i + 1);
                int nextOpen = format.indexOf('<', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                    throw new IllegalArgumentException("unbalanced '<' at position " + i + " of the format '" + format
                            + "' (a field is <Name>; write \\< for a literal '<')");
                }
                String name = format.substring(i + 1, close);
                if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'))) {
                    throw new IllegalArgumentException("bad field name <" + name + "> at position " + i
                            + " of the format '" + format + "': use letters, digits and '_'");
                }
                literals.add(lit.toString());
                lit.setLength(0);
                names.add(name);
                i = close;
            }
            literals.add(lit.toString());
        }
    }
}
