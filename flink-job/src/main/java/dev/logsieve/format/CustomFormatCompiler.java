package dev.logsieve.format;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the options of a {@link CustomFormat} (a format string in loghub's {@code <Field>}
 * notation, a session regex, a timestamp pattern and a default year) once into an immutable
 * {@link Compiled} description that {@link CustomFormat#parse} reads on every line.
 *
 * <p>The format string becomes a regex the way loghub's {@code generate_logformat_regex} does (the
 * rules are in {@link CustomFormat}'s class comment): each field a named group {@code f0, f1, ...},
 * lazy except {@code <Content>}; the text between fields a regex fragment whose runs of spaces become
 * {@code \s+}. The compiler also finds the fields that mean something (content, level, component,
 * label), the groups of time fields to try in order, and the prefixes of the regex used to say how
 * far a bad line fits.
 *
 * <p>Every problem with the options is an {@link IllegalArgumentException} naming it.
 */
final class CustomFormatCompiler {
    private static final List<String> TIME_FIELDS = List.of("timestamp", "datetime", "date", "month", "day", "time");

    private CustomFormatCompiler() {}

    /** What a format string compiled to. Immutable: the arrays are never written after compiling. */
    static final class Compiled {
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
        /** Groups of time-field indices to try, in order; empty when the format has no time field. */
        final int[][] timeSources;
        final TimestampParser timestamps;
        /** The session regex, or null for a format without sessions. */
        final Pattern session;

        private Compiled(String format, String[] names, String[] groups, Pattern line, Pattern[] prefixes,
                int[] roles, int[][] timeSources, TimestampParser timestamps, Pattern session) {
            this.format = format;
            this.names = names;
            this.groups = groups;
            this.line = line;
            this.prefixes = prefixes;
            this.content = roles[0];
            this.level = roles[1];
            this.component = roles[2];
            this.label = roles[3];
            this.timeSources = timeSources;
            this.timestamps = timestamps;
            this.session = session;
        }

        /** The fields of time source k, as {@code <Date> <Time>}. */
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
    }

    /**
     * @param format the format string in {@code <Field>} notation
     * @param sessionRegex the session-key regex, or null
     * @param timestampPattern the timestamp pattern, or null for the built-in list
     * @param defaultYear the year of timestamps whose pattern has none; 0 for the current year (UTC)
     * @throws IllegalArgumentException when the format string, regex or pattern is not usable
     */
    static Compiled compile(String format, String sessionRegex, String timestampPattern, int defaultYear) {
        if (format == null || format.isEmpty()) {
            throw new IllegalArgumentException("the custom format needs a format string, e.g."
                    + " '<Date> <Time> <Level> <Component>: <Content>'");
        }
        List<String> literals = new ArrayList<>();
        List<String> fieldNames = new ArrayList<>();
        split(format, literals, fieldNames);
        String[] names = fieldNames.toArray(new String[0]);
        String[] groups = new String[names.length];
        int[] roles = roles(format, names, groups);
        int content = roles[0];

        StringBuilder regex = new StringBuilder();
        List<Pattern> prefixList = new ArrayList<>();
        regex.append(spaces(literals.get(0)));
        for (int i = 0; i < names.length; i++) {
            regex.append("(?<").append(groups[i]).append('>').append(i == content ? ".*" : ".*?").append(')');
            regex.append(spaces(literals.get(i + 1)));
            prefixList.add(compileOrNull(regex.toString()));
        }
        Pattern line;
        try {
            line = Pattern.compile(regex.toString(), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the format '" + format + "' is not a valid regex once its"
                    + " fields are replaced (text between fields is a regex fragment: write \\[ \\( \\. \\|"
                    + " for those characters): " + e.getDescription() + " in " + regex, e);
        }
        Pattern[] prefixes = prefixList.toArray(new Pattern[0]);

        List<Integer> timeFields = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (TIME_FIELDS.contains(names[i].toLowerCase(Locale.ROOT))) {
                timeFields.add(i);
            }
        }
        int[][] timeSources = timeSources(names, timeFields);
        if (timeSources.length == 0 && timestampPattern != null) {
            throw new IllegalArgumentException("a timestamp pattern was given but the format '" + format
                    + "' has no field named Timestamp, Datetime, Date, Month, Day or Time");
        }
        int year = defaultYear != 0 ? defaultYear : ZonedDateTime.now(ZoneOffset.UTC).getYear();
        TimestampParser timestamps = new TimestampParser(timestampPattern, year);

        Pattern session = null;
        if (sessionRegex != null) {
            try {
                session = Pattern.compile(sessionRegex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad session regex '" + sessionRegex + "': "
                        + e.getDescription(), e);
            }
        }
        return new Compiled(format, names, groups, line, prefixes, roles, timeSources, timestamps, session);
    }

    /**
     * Names each field's group ({@code f0, f1, ...}) into {@code groups} and finds the fields that
     * mean something: returns the indices of content, level, component and label (-1 when absent).
     */
    private static int[] roles(String format, String[] names, String[] groups) {
        int[] roles = {-1, -1, -1, -1};
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String lower = names[i].toLowerCase(Locale.ROOT);
            if (!seen.add(lower)) {
                throw new IllegalArgumentException("field <" + names[i] + "> appears twice in the format '"
                        + format + "'");
            }
            groups[i] = "f" + i;
            switch (lower) {
                case "content": roles[0] = i; break;
                case "level": roles[1] = i; break;
                case "component": roles[2] = i; break;
                case "label": roles[3] = i; break;
                default: break;
            }
        }
        if (roles[0] < 0) {
            throw new IllegalArgumentException("the format '" + format + "' has no <Content> field;"
                    + " it needs one for the message");
        }
        return roles;
    }

    /**
     * The groups of time fields to try, in order: all of them joined, then (when there are several)
     * Timestamp alone, Datetime alone, Date and Time together, and Time alone.
     */
    private static int[][] timeSources(String[] names, List<Integer> timeFields) {
        List<int[]> sources = new ArrayList<>();
        if (timeFields.isEmpty()) {
            return new int[0][];
        }
        sources.add(timeFields.stream().mapToInt(Integer::intValue).toArray());
        if (timeFields.size() > 1) {
            for (String only : List.of("timestamp", "datetime")) {
                int i = indexOf(names, only);
                if (i >= 0) {
                    addOnce(sources, new int[] {i});
                }
            }
            int date = indexOf(names, "date");
            int time = indexOf(names, "time");
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

    private static int indexOf(String[] names, String lowerName) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(lowerName)) {
                return i;
            }
        }
        return -1;
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
