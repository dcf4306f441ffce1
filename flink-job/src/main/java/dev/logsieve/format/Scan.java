package dev.logsieve.format;

/**
 * Allocation-free helpers shared by the hand-written parsers: whitespace runs, tokens, small
 * unsigned numbers and the civil-date arithmetic that turns a date into epoch days.
 *
 * <p>"Whitespace" is the set of Java's and Python's {@code \s} in ASCII: space, tab, line feed,
 * vertical tab, form feed and carriage return. Runs of it separate header fields, as in loghub's
 * format regexes where a space stands for {@code \s+}.
 */
final class Scan {
    private Scan() {}

    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar, for {@link #epochDay}. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719468L;

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || (c >= '\n' && c <= '\r');
    }

    /** First index in {@code [from, end)} that is not whitespace, or {@code end}. */
    static int skipSpaces(String s, int from, int end) {
        while (from < end && isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /** First index in {@code [from, end)} that is whitespace, or {@code end}. */
    static int tokenEnd(String s, int from, int end) {
        while (from < end && !isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /**
     * Start of the line without leading whitespace, for a line that has content.
     *
     * @throws MalformedLineException for a null, empty or blank line
     */
    static int contentStart(String line) throws MalformedLineException {
        if (line == null) {
            throw new MalformedLineException("no line (null)");
        }
        int start = trimStart(line);
        if (start == line.length()) {
            throw new MalformedLineException("empty line");
        }
        return start;
    }

    /** Start of the line without leading whitespace. */
    static int trimStart(String s) {
        return skipSpaces(s, 0, s.length());
    }

    /** End of the line without trailing whitespace, never below {@code start}. */
    static int trimEnd(String s, int start) {
        int end = s.length();
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * The first {@code ':'} in {@code [from, end)} followed by whitespace (the separator loghub writes
     * as {@code ":\s+"}), or -1. A colon in the last position does not count: its whitespace would
     * have been trimmed.
     */
    static int colonSpace(String s, int from, int end) {
        for (int i = s.indexOf(':', from); i >= 0 && i + 1 < end; i = s.indexOf(':', i + 1)) {
            if (isSpace(s.charAt(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    /** The first {@code "]:"} followed by whitespace in {@code [from, end)}, index of the {@code ']'}, or -1. */
    static int bracketColonSpace(String s, int from, int end) {
        for (int i = s.indexOf("]:", from); i >= 0 && i + 2 < end; i = s.indexOf("]:", i + 1)) {
            if (isSpace(s.charAt(i + 2))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The decimal value of {@code s[from, from+len)}, or -1 when a character there is not an ASCII
     * digit. {@code len} must be at most 18 so the value fits a long.
     */
    static long digits(String s, int from, int len) {
        long v = 0;
        for (int i = from, end = from + len; i < end; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** True when the month and day form a date that exists in the given year. */
    static boolean validDate(long year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= daysInMonth(year, month);
    }

    static int daysInMonth(long year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): a few
     * integer operations, no tables, no allocation. The date must be valid.
     */
    static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - DAYS_0000_03_01_TO_EPOCH;
    }

    /**
     * The level word as a shared constant when it is one of the usual ones (saves an allocation per
     * line), else a fresh substring.
     */
    static String level(String s, int from, int to) {
        int len = to - from;
        switch (len) {
            case 4:
                if (s.startsWith("INFO", from)) return "INFO";
                if (s.startsWith("WARN", from)) return "WARN";
                break;
            case 5:
                if (s.startsWith("ERROR", from)) return "ERROR";
                if (s.startsWith("FATAL", from)) return "FATAL";
                if (s.startsWith("DEBUG", from)) return "DEBUG";
                if (s.startsWith("TRACE", from)) return "TRACE";
                break;
            case 6:
                if (s.startsWith("SEVERE", from)) return "SEVERE";
                break;
            case 7:
                if (s.startsWith("WARNING", from)) return "WARNING";
                break;
            default:
                break;
        }
        return s.substring(from, to);
    }

    /**
     * The text for a reason message: cut to {@code max} characters (with "..." and the full length)
     * so that a 1 MB token does not become a 1 MB reason.
     */
    static String quote(String s, int from, int to) {
        return quote(s.substring(from, Math.min(to, from + 64)), to - from);
    }

    static String quote(String token) {
        return quote(token.length() > 64 ? token.substring(0, 64) : token, token.length());
    }

    private static String quote(String head, int fullLength) {
        StringBuilder b = new StringBuilder(head.length() + 24).append('\'');
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\'');
        if (fullLength > head.length()) {
            b.append("... (").append(fullLength).append(" chars)");
        }
        return b.toString();
    }
}
