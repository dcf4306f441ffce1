package dev.logsieve.format;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;

/**
 * The HDFS_v1 log format ({@code hdfs}): {@code <Date> <Time> <Pid> <Level> <Component>: <Content>},
 * for example
 *
 * <pre>
 * 081109 203531 145 INFO dfs.DataNode$DataXceiver: Receiving block blk_8376667364205250596 src: ...
 * </pre>
 *
 * <ul>
 *   <li>Date is {@code yyMMdd} (years 2000-2099), Time {@code HHmmss}; both are read as UTC and give
 *       the timestamp in whole seconds.
 *   <li>Runs of whitespace separate the header fields; leading and trailing whitespace of the line is
 *       ignored (as loghub does). The component is everything up to the first {@code ':'} that is
 *       followed by whitespace, the content everything after that whitespace (loghub's
 *       {@code <Component>: <Content>}).
 *   <li>The session keys are every distinct {@code blk_-?\d+} in the content, in order of first
 *       appearance (e.g. {@code blk_-1608999687919862906}). A line that names no block is malformed:
 *       it belongs to no session.
 *   <li>The label is {@link Labels#UNKNOWN}: HDFS labels are per block, see {@link SessionLabels}.
 * </ul>
 *
 * <p>Hand-written (no regex, no date formatter): this is the hot path of a backfill.
 */
public final class HdfsFormat implements LineFormat {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "hdfs";

    private static final String[] NO_KEYS = new String[0];

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasSessions() {
        return true;
    }

    /**
     * A day: a block is written within seconds, verified and deleted hours later (on HDFS_v1 the
     * longest block spans 15 hours from its first line to its last).
     */
    @Override
    public java.time.Duration sessionLifetime() {
        return java.time.Duration.ofHours(24);
    }

    @Override
    public LogRecord parse(String line) throws MalformedLineException {
        int start = Scan.contentStart(line);
        int end = Scan.trimEnd(line, start);
        // Date, Time, Pid, Level: four whitespace-separated tokens.
        int dateStart = start;
        int dateEnd = Scan.tokenEnd(line, dateStart, end);
        int timeStart = Scan.skipSpaces(line, dateEnd, end);
        int timeEnd = Scan.tokenEnd(line, timeStart, end);
        int pidStart = Scan.skipSpaces(line, timeEnd, end);
        int pidEnd = Scan.tokenEnd(line, pidStart, end);
        int levelStart = Scan.skipSpaces(line, pidEnd, end);
        int levelEnd = Scan.tokenEnd(line, levelStart, end);
        int compStart = Scan.skipSpaces(line, levelEnd, end);
        if (compStart >= end) {
            int found = timeStart >= end ? 1 : pidStart >= end ? 2 : levelStart >= end ? 3 : 4;
            throw new MalformedLineException("expected 5 header fields (date time pid level component:) before"
                    + " the content but found " + found);
        }
        int colon = Scan.colonSpace(line, compStart, end);
        if (colon < 0) {
            throw new MalformedLineException("no ': ' after the component (expected"
                    + " '<date> <time> <pid> <level> <component>: <content>')");
        }
        if (colon == compStart) {
            throw new MalformedLineException("empty component before ':'");
        }
        long timestamp = timestamp(line, dateStart, dateEnd, timeStart, timeEnd);
        int contentStart = Scan.skipSpaces(line, colon + 1, end);
        String content = line.substring(contentStart, end);
        String[] keys = blockIds(content);
        if (keys.length == 0) {
            throw new MalformedLineException("no session key (blk_ id) in the content");
        }
        return new LogRecord(timestamp, Scan.level(line, levelStart, levelEnd),
                line.substring(compStart, colon), content, keys, Labels.UNKNOWN);
    }

    /** Epoch millis of {@code yyMMdd HHmmss} read as UTC. */
    private static long timestamp(String s, int ds, int de, int ts, int te) throws MalformedLineException {
        long date = de - ds == 6 ? Scan.digits(s, ds, 6) : -1;
        int month = (int) (date / 100 % 100);
        int day = (int) (date % 100);
        long year = 2000 + date / 10000;
        if (date < 0 || !Scan.validDate(year, month, day)) {
            throw new MalformedLineException("bad date " + Scan.quote(s, ds, de) + " (expected yyMMdd)");
        }
        long time = te - ts == 6 ? Scan.digits(s, ts, 6) : -1;
        int hour = (int) (time / 10000);
        int minute = (int) (time / 100 % 100);
        int second = (int) (time % 100);
        if (time < 0 || hour > 23 || minute > 59 || second > 59) {
            throw new MalformedLineException("bad time " + Scan.quote(s, ts, te) + " (expected HHmmss)");
        }
        return (Scan.epochDay(year, month, day) * 86400L + hour * 3600L + minute * 60L + second) * 1000L;
    }

    /**
     * Every distinct match of {@code blk_-?\d+} in the text, in order of first appearance. Allocates
     * only the key strings (and a small array when there are several).
     */
    static String[] blockIds(String text) {
        String first = null;
        String[] more = null;
        int count = 0;
        int n = text.length();
        for (int i = text.indexOf("blk_"); i >= 0; i = text.indexOf("blk_", i + 4)) {
            int j = i + 4;
            if (j < n && text.charAt(j) == '-') {
                j++;
            }
            int digitsStart = j;
            while (j < n) {
                char c = text.charAt(j);
                if (c < '0' || c > '9') {
                    break;
                }
                j++;
            }
            if (j == digitsStart) {
                continue;
            }
            if (first == null) {
                first = text.substring(i, j);
                count = 1;
            } else if (!seen(text, i, j, first, more, count)) {
                if (more == null) {
                    more = new String[4];
                    more[0] = first;
                } else if (count == more.length) {
                    more = java.util.Arrays.copyOf(more, count * 2);
                }
                more[count++] = text.substring(i, j);
            }
            i = j - 4;
        }
        if (count == 0) {
            return NO_KEYS;
        }
        if (more == null) {
            return new String[] {first};
        }
        return count == more.length ? more : java.util.Arrays.copyOf(more, count);
    }

    private static boolean seen(String text, int from, int to, String first, String[] more, int count) {
        int len = to - from;
        if (more == null) {
            return first.length() == len && text.startsWith(first, from);
        }
        for (int k = 0; k < count; k++) {
            if (more[k].length() == len && text.startsWith(more[k], from)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
