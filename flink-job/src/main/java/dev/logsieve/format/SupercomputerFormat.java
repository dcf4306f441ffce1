package dev.logsieve.format;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;
import java.util.Locale;

/**
 * The supercomputer logs of Oliner and Stearley (DSN'07), as published by loghub: {@code bgl},
 * {@code thunderbird}, {@code liberty} and {@code spirit}. One class, chosen by name.
 *
 * <h2>bgl</h2>
 *
 * {@code <Label> <Id> <Date> <Code1> <Time> <Code2> <Component1> <Component2> <Level> <Content>}, e.g.
 *
 * <pre>
 * - 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected
 * </pre>
 *
 * <ul>
 *   <li><b>Timestamp</b>: the epoch seconds of {@code <Id>}, plus the milliseconds of the fraction of
 *       {@code <Time>} (microseconds cut to millis) when {@code <Time>} has the shape
 *       {@code yyyy-MM-dd-HH.mm.ss.ffffff} and its seconds agree with {@code <Id>}'s. {@code <Time>}
 *       alone is <em>not</em> used: it is the machine's local wall clock (Pacific time, UTC-7 or UTC-8
 *       in the loghub sample), so reading it as UTC would shift every line by 7 or 8 hours. When
 *       {@code <Time>} does not parse, the timestamp is {@code <Id>} in whole seconds. A bad
 *       {@code <Id>} makes the line malformed.
 *   <li><b>Component</b>: {@code <Component2>} alone ({@code KERNEL}, {@code APP}, {@code MMCS}, ...),
 *       which is loghub's {@code Component} column. {@code <Component1>} (loghub's {@code Type}) is
 *       {@code RAS} or {@code NULL} in practice and is dropped.
 *   <li><b>Level</b>: {@code <Level>} ({@code INFO}, {@code FATAL}, ...).
 * </ul>
 *
 * <h2>thunderbird, liberty, spirit</h2>
 *
 * {@code <Label> <Id> <Date> <Admin> <Month> <Day> <Time> <AdminAddr> <Content>}, e.g.
 *
 * <pre>
 * - 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root
 * </pre>
 *
 * <ul>
 *   <li><b>Timestamp</b>: the epoch seconds of {@code <Id>} (the header's clock time is local time and
 *       has no year).
 *   <li><b>Component</b> and <b>content</b>: as loghub's {@code <Component>(\[<PID>\])?: <Content>}:
 *       the component is the text before the first {@code ": "} or before a {@code [pid]: } (the
 *       earlier of the two), the content what follows the whitespace after the colon. In the example
 *       the component is {@code crond(pam_unix)} and the content {@code session closed for user root}.
 *       A message with neither (loghub's regex would drop the line) keeps the whole text as content
 *       and a null component.
 *   <li><b>Level</b>: null (these logs have none in the header).
 * </ul>
 *
 * <h2>Common to all four</h2>
 *
 * Label: first column {@code -} is {@link Labels#NORMAL}, anything else (an alert category such as
 * {@code KERNDTLB}) is {@link Labels#ANOMALOUS}. The second field must be digits (epoch seconds)
 * and the third a {@code yyyy.MM.dd} date, else the line is malformed. Runs of whitespace separate the header fields
 * (loghub's samples have e.g. {@code Nov  9}); leading and trailing whitespace is ignored. An empty
 * content after a complete header is accepted (the line still carries a label). No session keys:
 * {@link #hasSessions()} is false and these logs are cut into count windows.
 */
public final class SupercomputerFormat implements LineFormat {
    private static final long serialVersionUID = 1L;

    /** The names this class answers to. */
    public static final String[] NAMES = {"bgl", "thunderbird", "liberty", "spirit"};

    private static final String[] NO_KEYS = new String[0];

    private final String name;
    private final boolean bgl;

    /**
     * @param name one of {@link #NAMES} (case-insensitive)
     * @throws IllegalArgumentException for any other name
     */
    public SupercomputerFormat(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        boolean known = false;
        for (String k : NAMES) {
            known |= k.equals(n);
        }
        if (!known) {
            throw new IllegalArgumentException("unknown supercomputer log '" + name + "'; known: "
                    + String.join(", ", NAMES));
        }
        this.name = n;
        this.bgl = n.equals("bgl");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasSessions() {
        return false;
    }

    @Override
    public LogRecord parse(String line) throws MalformedLineException {
        int start = Scan.contentStart(line);
        int end = Scan.trimEnd(line, start);
        int headerFields = bgl ? 9 : 8;
        // Header tokens: label and id here, the rest in the loop, keeping only the boundaries we use.
        int labelEnd = Scan.tokenEnd(line, start, end);
        int idStart = Scan.skipSpaces(line, labelEnd, end);
        int idEnd = Scan.tokenEnd(line, idStart, end);
        int p = idEnd;
        int found = idStart < end ? 2 : 1;
        int dateStart = -1;
        int dateEnd = -1;
        int timeStart = -1;
        int timeEnd = -1;
        int comp2Start = -1;
        int comp2End = -1;
        int levelStart = -1;
        int levelEnd = -1;
        for (int field = 3; field <= headerFields; field++) {
            int ts = Scan.skipSpaces(line, p, end);
            if (ts >= end) {
                break;
            }
            int te = Scan.tokenEnd(line, ts, end);
            found = field;
            if (field == 3) {
                dateStart = ts;
                dateEnd = te;
            }
            if (bgl) {
                if (field == 5) {
                    timeStart = ts;
                    timeEnd = te;
                } else if (field == 8) {
                    comp2Start = ts;
                    comp2End = te;
                } else if (field == 9) {
                    levelStart = ts;
                    levelEnd = te;
                }
            }
            p = te;
        }
        if (found < headerFields) {
            throw new MalformedLineException("expected " + headerFields + " header fields before the content"
                    + " of a " + name + " line but found " + found);
        }
        int contentStart = Scan.skipSpaces(line, p, end);
        long seconds = epochSeconds(line, idStart, idEnd);
        checkDate(line, dateStart, dateEnd);
        int label = labelEnd - start == 1 && line.charAt(start) == '-' ? Labels.NORMAL : Labels.ANOMALOUS;
        if (bgl) {
            long millis = seconds * 1000L + bglMillis(line, timeStart, timeEnd, seconds);
            return new LogRecord(millis, Scan.level(line, levelStart, levelEnd),
                    line.substring(comp2Start, comp2End), line.substring(contentStart, end), NO_KEYS, label);
        }
        // <Component>(\[<PID>\])?: <Content>, the earlier of "x: " and "x[...]: ".
        int colon = Scan.colonSpace(line, contentStart, end);
        int bracket = line.indexOf('[', contentStart);
        int compEnd = -1;
        int restStart = contentStart;
        if (bracket >= 0 && bracket < end && (colon < 0 || bracket < colon)) {
            int close = Scan.bracketColonSpace(line, bracket + 1, end);
            if (close >= 0) {
                compEnd = bracket;
                restStart = close + 2;
            }
        }
        if (compEnd < 0 && colon >= 0) {
            compEnd = colon;
            restStart = colon + 1;
        }
        String component = null;
        if (compEnd >= 0) {
            component = compEnd > contentStart ? line.substring(contentStart, compEnd) : null;
            contentStart = Scan.skipSpaces(line, restStart, end);
        }
        return new LogRecord(seconds * 1000L, null, component, line.substring(contentStart, end), NO_KEYS, label);
    }

    private static long epochSeconds(String s, int from, int to) throws MalformedLineException {
        int len = to - from;
        long v = len >= 1 && len <= 12 ? Scan.digits(s, from, len) : -1;
        if (v < 0) {
            throw new MalformedLineException("bad epoch seconds " + Scan.quote(s, from, to)
                    + " in the second field (expected digits)");
        }
        return v;
    }

    /** The third field must be a {@code yyyy.MM.dd} date: it tells these logs from others with nine words. */
    private static void checkDate(String s, int from, int to) throws MalformedLineException {
        boolean ok = to - from == 10 && s.charAt(from + 4) == '.' && s.charAt(from + 7) == '.';
        if (ok) {
            long year = Scan.digits(s, from, 4);
            long month = Scan.digits(s, from + 5, 2);
            long day = Scan.digits(s, from + 8, 2);
            ok = year >= 0 && month >= 0 && day >= 0 && Scan.validDate(year, (int) month, (int) day);
        }
        if (!ok) {
            throw new MalformedLineException("bad date " + Scan.quote(s, from, to)
                    + " in the third field (expected yyyy.MM.dd)");
        }
    }

    /**
     * Milliseconds of BGL's {@code yyyy-MM-dd-HH.mm.ss.ffffff}, or 0 when the field has another shape
     * or its seconds differ from the epoch seconds (then it is not the same instant).
     */
    private static long bglMillis(String s, int from, int to, long epochSeconds) {
        // 2005-06-03-15.42.50.675872: seconds at [17,19), fraction from 20.
        if (to - from < 23 || s.charAt(from + 16) != '.' || s.charAt(from + 19) != '.') {
            return 0;
        }
        long sec = Scan.digits(s, from + 17, 2);
        long millis = Scan.digits(s, from + 20, 3);
        if (sec < 0 || millis < 0 || sec != epochSeconds % 60) {
            return 0;
        }
        return millis;
    }

    @Override
    public String toString() {
        return name;
    }
}
