package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds a {@link LogSequence} from the lines of one window, in event-time order (ties: line order). */
public final class SequenceBuilder {
    private static final Comparator<KeyedLine> ORDER =
            Comparator.<KeyedLine>comparingLong(l -> l.timestamp).thenComparingLong(l -> l.lineNumber);

    private SequenceBuilder() {}

    /**
     * @param sessionLabel the label known for the whole key (HDFS block labels), or
     *     {@link Labels#UNKNOWN} to take the lines' own labels (anomalous if any line is)
     */
    public static LogSequence build(String key, Iterable<KeyedLine> lines, int sessionLabel) {
        List<KeyedLine> sorted = new ArrayList<>();
        for (KeyedLine l : lines) {
            sorted.add(l);
        }
        return buildSorted(key, sorted, sessionLabel, true);
    }

    /** As {@link #build} for lines already in order when {@code sort} is false. */
    public static LogSequence buildSorted(String key, List<KeyedLine> lines, int sessionLabel, boolean sort) {
        return buildSorted(key, lines, sessionLabel, sort, false);
    }

    /** The same, also keeping each line's event time in {@link LogSequence#times} when {@code keepTimes}. */
    public static LogSequence buildSorted(String key, List<KeyedLine> lines, int sessionLabel, boolean sort,
                                          boolean keepTimes) {
        if (sort) {
            lines.sort(ORDER);
        }
        int n = lines.size();
        long[] ids = new long[n];
        // Messages travel only when the job keeps them (logsieve.sequence.keep-messages).
        // With word features only the lines of unseen templates carry theirs: keep the array if any does.
        String[] messages = null;
        for (int i = 0; i < n; i++) {
            if (lines.get(i).template != null) {
                messages = new String[n];
                break;
            }
        }
        long[] times = keepTimes ? new long[n] : null;
        int label = Labels.UNKNOWN;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            KeyedLine l = lines.get(i);
            ids[i] = l.templateId;
            if (times != null) {
                times[i] = l.timestamp;
            }
            if (messages != null) {
                messages[i] = l.template;
            }
            label = Labels.merge(label, l.label);
            start = Math.min(start, l.timestamp);
            end = Math.max(end, l.timestamp);
        }
        if (sessionLabel != Labels.UNKNOWN) {
            label = sessionLabel;
        }
        LogSequence seq = new LogSequence(key, start, end, ids, messages, label);
        seq.times = times;
        return seq;
    }
}
