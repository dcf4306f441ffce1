package dev.logsieve.window;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.Histogram;

/**
 * Sessions that may be cut off by where a bounded input starts or ends. A backfill of part of a log
 * (its first 2,000 lines, one hour of a day) judges sessions whose earlier or later lines are not
 * in it; they look incomplete, and incomplete sessions look anomalous. Each whole-input session
 * adds its first and last minute to two histograms (Flink accumulators, and the run's report), and each one judged
 * anomalous to two more; after the run, those starting within the session gap of the input's
 * first minute, or ending within it of its last, are counted. A short input has most of its
 * sessions near a bound whether they are whole or not, so a run warns only when those sessions
 * are also flagged far more often than the others (or, when nearly all are near a bound, than
 * training's sequences were anomalous).
 */
public final class InputBounds {
    static final String STARTS = "sequence-start-minutes";
    static final String ENDS = "sequence-end-minutes";
    static final String ANOMALOUS_STARTS = "anomalous-start-minutes";
    static final String ANOMALOUS_ENDS = "anomalous-end-minutes";
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

    /** Opens the histograms of every session in an operator's {@code open()}. */
    static InputBounds open(dev.logsieve.metrics.Counts counts) {
        return new InputBounds(counts.histogram(STARTS), counts.histogram(ENDS));
    }

    /** Opens the histograms of the sessions judged anomalous (bounded runs only). */
    public static InputBounds openAnomalous(dev.logsieve.metrics.Counts counts) {
        return new InputBounds(counts.histogram(ANOMALOUS_STARTS), counts.histogram(ANOMALOUS_ENDS));
    }

    /** Records one session's first and last event time (milliseconds). */
    public void add(long start, long end) {
        starts.add((int) Math.floorDiv(start, 60_000L));
        ends.add((int) Math.floorDiv(end, 60_000L));
    }

    /**
     * What the histograms of a finished run say.
     *
     * @param sequences      sessions in all
     * @param nearStart      sessions that start within the gap of the input's first minute
     * @param nearEnd        sessions that end within the gap of the input's last minute
     * @param anomalousNearStart those of {@code nearStart} judged anomalous
     * @param anomalousNearEnd   those of {@code nearEnd} judged anomalous
     * @param gap            the distance that counts as near (the session gap)
     */
    public record Counts(long sequences, long nearStart, long nearEnd, long anomalousNearStart, long anomalousNearEnd,
                         Duration gap) {
        /**
         * A warning for people when many sessions may be cut off, else null: more than
         * {@link #WARN_SHARE} of them near a bound, and those flagged at over three times (and 5
         * points above) the share flagged among the sequences away from that bound; where fewer
         * than {@link #WARN_MIN_SEQUENCES} are away from it, the share of anomalous sequences in
         * training stands in.
         *
         * @param anomalies all sequences flagged in the run
         */
        public String warning(long anomalies, double trainingAnomalousShare) {
            if (sequences < WARN_MIN_SEQUENCES) {
                return null;
            }
            boolean start = suspicious(nearStart, anomalousNearStart, anomalies, trainingAnomalousShare);
            boolean end = suspicious(nearEnd, anomalousNearEnd, anomalies, trainingAnomalousShare);
            if (!start && !end) {
                return null;
            }
            return String.format(Locale.ROOT, "%,d of %,d sequences (%.0f %%) start within %s of the input's first "
                            + "line and %,d (%.0f %%) end within %s of its last, and %.0f %% of those were flagged, far more "
                            + "than the rest of the run (or, where there is little else, than training's %.1f %% anomalous): "
                            + "these may be sessions cut off where the input starts or ends, which look anomalous because "
                            + "they are incomplete. Backfill whole periods (with the hours around them for long sessions "
                            + "such as HDFS blocks), or read these verdicts with care.",
                    nearStart, sequences, 100.0 * nearStart / sequences, minutes(gap), nearEnd, 100.0 * nearEnd / sequences,
                    minutes(gap), 100.0 * flaggedShare(), 100.0 * trainingAnomalousShare);
        }

        private boolean suspicious(long near, long anomalous, long anomalies, double trainingShare) {
            if (near <= WARN_SHARE * sequences) {
                return false;
            }
            long away = sequences - near;
            double baseline = away >= WARN_MIN_SEQUENCES ? (double) Math.max(0, anomalies - anomalous) / away : trainingShare;
            double flagged = (double) anomalous / near;
            return flagged > 3 * baseline && flagged > baseline + 0.05;
        }

        private double flaggedShare() {
            long near = nearStart + nearEnd;
            return near == 0 ? 0 : (double) (anomalousNearStart + anomalousNearEnd) / near;
        }

        private static String minutes(Duration d) {
            return d.toMinutes() + " min";
        }
    }

    /** The counts from a finished run's accumulators; null when it kept none (no whole-input sessions, or no time). */
    public static Counts of(Map<String, Object> accumulators, Duration gap) {
        TreeMap<Integer, Integer> startMinutes = histogram(accumulators.get(STARTS));
        TreeMap<Integer, Integer> endMinutes = histogram(accumulators.get(ENDS));
        if (startMinutes.isEmpty() || endMinutes.isEmpty() || startMinutes.firstKey().equals(endMinutes.lastKey())) {
            return null; // nothing, or no time in the lines: no bounds to be near
        }
        int gapMinutes = (int) Math.max(1, gap.toMinutes());
        int firstNotNear = startMinutes.firstKey() + gapMinutes;
        int lastNotNear = endMinutes.lastKey() - gapMinutes;
        TreeMap<Integer, Integer> anomalousStarts = histogram(accumulators.get(ANOMALOUS_STARTS));
        TreeMap<Integer, Integer> anomalousEnds = histogram(accumulators.get(ANOMALOUS_ENDS));
        return new Counts(sum(startMinutes), sum(startMinutes.headMap(firstNotNear)), sum(endMinutes.tailMap(lastNotNear, false)),
                sum(anomalousStarts.headMap(firstNotNear)), sum(anomalousEnds.tailMap(lastNotNear, false)), gap);
    }

    @SuppressWarnings("unchecked")
    private static TreeMap<Integer, Integer> histogram(Object accumulated) {
        return accumulated instanceof TreeMap ? (TreeMap<Integer, Integer>) accumulated : new TreeMap<>();
    }

    private static long sum(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }
}
