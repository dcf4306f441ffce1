package dev.logsieve.evidence;

import dev.logsieve.bundle.TemplateStats;
import dev.logsieve.event.EvidenceLine;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of an anomalous sequence that make it so, as far as training can tell: each template
 * of the sequence that training never saw, saw only in anomalous sequences, saw in more anomalous
 * sequences than normal ones, or saw in very few ({@link #rareBelow()}), in that order, one evidence line per template (its first position, and
 * how often it occurs), at most {@link #MAX_LINES}. When none is unusual, the members judged the
 * counts or the order of common templates: the evidence names the templates that occur more or
 * fewer times than normal training sequences usually have them, or, when none does, the template
 * most often found in anomalous training sequences, saying so. So every anomalous verdict names at
 * least one line.
 */
public final class Evidence {
    /** At most this many evidence lines a verdict. */
    public static final int MAX_LINES = 10;

    private final TemplateStats stats;
    private final long rareBelow;

    public Evidence(TemplateStats stats) {
        this.stats = stats;
        // Below 0.1 % of the training sequences, and never more than a handful, is rare.
        this.rareBelow = Math.max(3, stats.sequences() / 1000);
    }

    /** Templates in fewer training sequences than this are rare. */
    public long rareBelow() {
        return rareBelow;
    }

    /** The evidence lines of {@code seq}, most telling first. */
    public EvidenceLine[] of(LogSequence seq) {
        Map<Long, EvidenceLine> byTemplate = new LinkedHashMap<>();
        for (int i = 0; i < seq.templateIds.length; i++) {
            long id = seq.templateIds[i];
            EvidenceLine known = byTemplate.get(id);
            if (known != null) {
                known.occurrences++;
                continue;
            }
            TemplateStats.Entry e = stats.get(id);
            String text = seq.messages != null && seq.messages[i] != null ? seq.messages[i] : e == null ? null : e.text();
            byTemplate.put(id, new EvidenceLine(i + 1, id, text, why(e), e == null ? 0 : e.sequences(),
                    e == null ? 0 : e.anomalous(), 1, e == null ? 0 : e.usualCount()));
        }
        List<EvidenceLine> unusual = new ArrayList<>();
        for (EvidenceLine l : byTemplate.values()) {
            if (l.why != null) {
                unusual.add(l);
            }
        }
        if (unusual.isEmpty()) {
            EvidenceLine[] counts = unusualCounts(byTemplate.values());
            return counts.length > 0 ? counts : mostAnomalous(byTemplate.values());
        }
        unusual.sort(Comparator.comparingInt((EvidenceLine l) -> rank(l.why)).thenComparingInt(l -> l.position));
        return unusual.subList(0, Math.min(MAX_LINES, unusual.size())).toArray(EvidenceLine[]::new);
    }

    private String why(TemplateStats.Entry e) {
        if (e == null) {
            return EvidenceLine.UNSEEN;
        }
        if (e.normal() == 0) {
            return EvidenceLine.ONLY_ANOMALOUS;
        }
        if (e.anomalous() > e.normal()) {
            return EvidenceLine.MOSTLY_ANOMALOUS;
        }
        return e.sequences() < rareBelow ? EvidenceLine.RARE : null;
    }

    private static int rank(String why) {
        return switch (why) {
            case EvidenceLine.UNSEEN -> 0;
            case EvidenceLine.ONLY_ANOMALOUS -> 1;
            case EvidenceLine.MOSTLY_ANOMALOUS -> 2;
            default -> 3;
        };
    }

    /**
     * Templates that occur more or fewer times than normal training sequences usually have them,
     * the largest departure (relative to the usual count) first.
     */
    private static EvidenceLine[] unusualCounts(Iterable<EvidenceLine> lines) {
        List<EvidenceLine> off = new ArrayList<>();
        for (EvidenceLine l : lines) {
            if (l.usualCount > 0 && l.occurrences != l.usualCount) {
                l.why = EvidenceLine.COUNT;
                off.add(l);
            }
        }
        off.sort(Comparator.comparingDouble((EvidenceLine l) -> -Math.abs(l.occurrences - l.usualCount) / (double) l.usualCount)
                .thenComparingInt(l -> l.position));
        return off.subList(0, Math.min(MAX_LINES, off.size())).toArray(EvidenceLine[]::new);
    }

    /** The template with the largest share of anomalous training sequences (ties: the earliest line). */
    private static EvidenceLine[] mostAnomalous(Iterable<EvidenceLine> lines) {
        EvidenceLine best = null;
        double bestShare = -1;
        for (EvidenceLine l : lines) {
            double share = l.trainingSequences == 0 ? 0 : (double) l.trainingAnomalous / l.trainingSequences;
            if (share > bestShare) {
                best = l;
                bestShare = share;
            }
        }
        if (best == null) {
            return new EvidenceLine[0];
        }
        best.why = EvidenceLine.MOST_ANOMALOUS;
        return new EvidenceLine[] {best};
    }
}
