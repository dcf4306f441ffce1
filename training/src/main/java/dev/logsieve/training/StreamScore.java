package dev.logsieve.training;

import dev.logsieve.eval.Confusion;
import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a stream's verdict revisions per labeled sequence key, as an operator would live them:
 *
 * <ul>
 *   <li><b>any alert</b>: a key counts as flagged if any of its revisions was anomalous (every
 *       raised alert reached someone, even if a later revision resolved it);</li>
 *   <li><b>final</b>: a key counts as flagged if its final revision is anomalous (what a
 *       log-compacted verdict topic holds once the key is done);</li>
 *   <li>revisions per key, keys without a final revision, and the event time from a key's first
 *       line to its first alert (median and 90th percentile, for keys that are anomalous).</li>
 * </ul>
 * A key that streaming continued past its lifetime ({@code KEY#2}, ...) is scored under its own
 * name when the labels know it, else under the key before the last {@code #}.
 */
public final class StreamScore {
    public final Confusion anyAlert;
    public final Confusion finalVerdict;
    public final long keys;
    public final long keysWithoutFinal;
    public final long revisions;
    public final long maxRevisions;
    public final long largestSequence;
    public final double medianSecondsToAlert;
    public final double p90SecondsToAlert;
    /** The anomalous keys no revision flagged, sorted. */
    public final List<String> missed;

    /** How many missed keys the summary names. */
    static final int MISSED_SHOWN = 10;

    private StreamScore(Confusion anyAlert, Confusion finalVerdict, long keys, long keysWithoutFinal, long revisions,
                        long maxRevisions, long largestSequence, double median, double p90, List<String> missed) {
        this.anyAlert = anyAlert;
        this.finalVerdict = finalVerdict;
        this.keys = keys;
        this.keysWithoutFinal = keysWithoutFinal;
        this.revisions = revisions;
        this.maxRevisions = maxRevisions;
        this.largestSequence = largestSequence;
        this.medianSecondsToAlert = median;
        this.p90SecondsToAlert = p90;
        this.missed = missed;
    }

    /** What is known of one labeled key. */
    private static final class Key {
        int label;
        boolean alerted;
        boolean anyFinal;
        boolean finalAnomalous;
        long revisions;
        long first = Long.MAX_VALUE;
        long firstAlertAt = Long.MAX_VALUE;
    }

    /**
     * @param verdicts every revision the stream emitted, in any order
     * @param labels   the label of every key to score; verdicts of other keys are ignored, and a
     *                 labeled key without verdicts counts as missed (flagged by nobody, no final)
     */
    public static StreamScore of(Collection<Verdict> verdicts, Map<String, Integer> labels) {
        Map<String, Key> keys = new HashMap<>();
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            if (e.getValue() != Labels.UNKNOWN) {
                keys.computeIfAbsent(e.getKey(), k -> new Key()).label = e.getValue();
            }
        }
        long largest = 0;
        for (Verdict v : verdicts) {
            Key k = keys.get(v.key);
            if (k == null && v.key != null && v.key.lastIndexOf('#') > 0) {
                k = keys.get(v.key.substring(0, v.key.lastIndexOf('#')));
            }
            if (k == null) {
                continue;
            }
            k.revisions++;
            k.first = Math.min(k.first, v.start);
            largest = Math.max(largest, v.length);
            if (v.label == Labels.ANOMALOUS) {
                k.alerted = true;
                k.firstAlertAt = Math.min(k.firstAlertAt, v.judgedAt);
            }
            if (v.finalRevision) {
                k.anyFinal = true;
                k.finalAnomalous |= v.label == Labels.ANOMALOUS;
            }
        }
        long[] any = new long[4];
        long[] fin = new long[4];
        long revisions = 0;
        long maxRevisions = 0;
        long withoutFinal = 0;
        List<Double> toAlert = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, Key> e : keys.entrySet()) {
            Key k = e.getValue();
            boolean anomalous = k.label == Labels.ANOMALOUS;
            if (anomalous && !k.alerted) {
                missed.add(e.getKey());
            }
            count(any, anomalous, k.alerted);
            count(fin, anomalous, k.finalAnomalous);
            revisions += k.revisions;
            maxRevisions = Math.max(maxRevisions, k.revisions);
            if (!k.anyFinal) {
                withoutFinal++;
            }
            if (anomalous && k.alerted && k.firstAlertAt != 0) {
                toAlert.add(Math.max(0, k.firstAlertAt - k.first) / 1000.0);
            }
        }
        toAlert.sort(null);
        missed.sort(null);
        return new StreamScore(confusion(any), confusion(fin), keys.size(), withoutFinal, revisions, maxRevisions,
                largest, quantile(toAlert, 0.5), quantile(toAlert, 0.9), List.copyOf(missed));
    }

    private static void count(long[] c, boolean anomalous, boolean flagged) {
        c[(anomalous ? 0 : 2) + (flagged ? 0 : 1)]++; // tp, fn, fp, tn
    }

    private static Confusion confusion(long[] c) {
        return new Confusion(c[0], c[2], c[1], c[3]);
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    /** The figures for a JSON report. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", keys);
        m.put("keys_without_final_verdict", keysWithoutFinal);
        m.put("any_alert", anyAlert);
        m.put("final", finalVerdict);
        m.put("revisions", revisions);
        m.put("revisions_per_key", keys == 0 ? 0.0 : (double) revisions / keys);
        m.put("max_revisions_per_key", maxRevisions);
        m.put("largest_sequence_lines", largestSequence);
        m.put("median_seconds_to_first_alert", medianSecondsToAlert);
        m.put("p90_seconds_to_first_alert", p90SecondsToAlert);
        m.put("missed", missed);
        return m;
    }

    /** A few lines for the terminal. */
    public String summary() {
        return String.format("%-22s %s%n%-22s %s%n%-22s %.2f per key (max %d); %d keys without a final verdict%n"
                        + "%-22s median %s, p90 %s (event time, first line to first alert)%n",
                "any alert", anyAlert, "final verdict", finalVerdict, "revisions",
                keys == 0 ? 0.0 : (double) revisions / keys, maxRevisions, keysWithoutFinal,
                "time to first alert", duration(medianSecondsToAlert), duration(p90SecondsToAlert))
                + String.format("%-22s %s%n", "missed (never alerted)", missedList());
    }

    private String missedList() {
        if (missed.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", missed.subList(0, Math.min(MISSED_SHOWN, missed.size())));
        return missed.size() + ": " + shown + (missed.size() > MISSED_SHOWN ? ", and " + (missed.size() - MISSED_SHOWN) + " more" : "");
    }

    private static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        return seconds < 120 ? String.format("%.0f s", seconds) : seconds < 7200
                ? String.format("%.1f min", seconds / 60) : String.format("%.1f h", seconds / 3600);
    }
}
