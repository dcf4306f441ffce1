package dev.logsieve.window;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.Histogram;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Sessions that may be cut off by where a bounded input starts or ends. A backfill of part of a log
 * (its first 2,000 lines, one hour of a day) judges sessions whose earlier or later lines are not
 * in it; they look incomplete, and incomplete sessions look anomalous. Each whole-input session
 * adds its first and last minute to two histograms (Flink accumulators); after the run, those
 * starting within the session gap of the input's first minute, or ending within it of its last,
 * are counted.
 */
public final class InputBounds {
    static final String STARTS = "sequence-start-minutes";
    static final String ENDS = "sequence-end-minutes";
    /** Above this share of sequences near either bound, a run warns. */
    public static final double WARN_SHARE = 0.2;
    /** With fewer sequences than this, the shares say too little to warn about. */
    public static final int WARN_MIN_SEQUENCES = 10;

    private final Histogram starts;
    private final Histogram ends;

    private InputBounds(Histogram starts, Histogram ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** Opens the histograms in an operator's {@code open()}. */
    static InputBounds open(RuntimeContext ctx) {
        Histogram s = new Histogram();
        Histogram e = new Histogram();
        ctx.addAccumulator(STARTS, s);
        ctx.addAccumulator(ENDS, e);
        return new InputBounds(s, e);
    }

    /** Records one session's first and last event time (milliseconds). */
    void add(long start, long end) {
        starts.add((int) Math.floorDiv(start, 60_000L));
        ends.add((int) Math.floorDiv(end, 60_000L));
    }

    /**
     * What the histograms of a finished run say.
     *
     * @param sequences      sessions in all
     * @param nearStart      sessions that start within the gap of the input's first minute
     * @param nearEnd        sessions that end within the gap of the input's last minute
     * @param gap            the distance that counts as near (the session gap)
     */
    public record Counts(long sequences, long nearStart, long nearEnd, Duration gap) {
        /** A warning for people when many sessions may be cut off, else null. */
        public String warning() {
            if (sequences < WARN_MIN_SEQUENCES || Math.max(nearStart, nearEnd) <= WARN_SHARE * sequences) {
                return null;
            }
            return String.format(Locale.ROOT, "%,d of %,d sequences (%.0f %%) start within %s of the input's first "
                            + "line and %,d (%.0f %%) end within %s of its last: these may be sessions cut off where the input "
                            + "starts or ends, which look anomalous because they are incomplete. Backfill whole periods "
                            + "(with the hours around them for long sessions such as HDFS blocks), or read these verdicts "
                            + "with care.", nearStart, sequences, 100.0 * nearStart / sequences, minutes(gap), nearEnd,
                    100.0 * nearEnd / sequences, minutes(gap));
        }

        private static String minutes(Duration d) {
            return d.toMinutes() + " min";
        }
    }

    /** The counts from a finished run's accumulators; null when it kept none (no whole-input sessions, or no time). */
    @SuppressWarnings("unchecked")
    public static Counts of(Map<String, Object> accumulators, Duration gap) {
        Object s = accumulators.get(STARTS);
        Object e = accumulators.get(ENDS);
        if (!(s instanceof TreeMap) || !(e instanceof TreeMap)) {
            return null;
        }
        TreeMap<Integer, Integer> startMinutes = (TreeMap<Integer, Integer>) s;
        TreeMap<Integer, Integer> endMinutes = (TreeMap<Integer, Integer>) e;
        if (startMinutes.isEmpty() || startMinutes.firstKey().equals(endMinutes.lastKey())) {
            return null; // nothing, or no time in the lines: no bounds to be near
        }
        int gapMinutes = (int) Math.max(1, gap.toMinutes());
        long sequences = startMinutes.values().stream().mapToLong(Integer::longValue).sum();
        long nearStart = startMinutes.headMap(startMinutes.firstKey() + gapMinutes).values().stream()
                .mapToLong(Integer::longValue).sum();
        long nearEnd = endMinutes.tailMap(endMinutes.lastKey() - gapMinutes, false).values().stream()
                .mapToLong(Integer::longValue).sum();
        return new Counts(sequences, nearStart, nearEnd, gap);
    }
}
