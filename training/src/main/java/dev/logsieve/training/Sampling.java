package dev.logsieve.training;

import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How the training set is drawn from the labeled sequences.
 *
 * <ul>
 *   <li>FlexLog's limited-data sampling: every unique anomalous template-id sequence plus a fraction
 *       of the unique normal ones ({@code normalFraction}; FlexLog uses 0.2), or a given number of
 *       unique sequences (FlexLog's data-efficiency runs). Off by default.
 *   <li>LogLLM's minority oversampling: the minority class is repeated (whole copies, then a random
 *       rest) until it is at least {@code beta} of the set (LogLLM: 0.3).
 * </ul>
 * Sequences without a label are left out. Everything is seeded.
 */
public final class Sampling {
    private Sampling() {}

    /** FlexLog: unique anomalous sequences plus {@code normalFraction} of the unique normal ones. */
    public static List<LogSequence> limitedData(List<LogSequence> labeled, double normalFraction, long seed) {
        if (normalFraction <= 0 || normalFraction > 1) {
            throw new IllegalArgumentException("normal fraction must be in (0, 1], got " + normalFraction);
        }
        Map<Long, LogSequence> anomalous = new LinkedHashMap<>();
        Map<Long, LogSequence> normal = new LinkedHashMap<>();
        unique(labeled, anomalous, normal);
        List<LogSequence> normals = new ArrayList<>(normal.values());
        Collections.shuffle(normals, new Random(seed));
        int keep = Math.max(1, (int) Math.round(normals.size() * normalFraction));
        List<LogSequence> out = new ArrayList<>(anomalous.values());
        out.addAll(normals.subList(0, Math.min(keep, normals.size())));
        return out;
    }

    /**
     * FlexLog's limited labels at a given size ({@code evaluate --train-size}): {@code n} unique
     * template-id sequences. While the unique anomalous ones fill at most half of {@code n}, all of
     * them join (as {@link #limitedData} keeps them all) and unique normal ones, drawn at random, make
     * up the rest. When they would fill more than half, half of {@code n} is drawn at random from
     * them and the other half from the normal ones, as FlexLog draws ADFA-U's training samples
     * half normal, half attack (there with replacement, here without), so a small {@code n} still
     * shows both classes. A class with too few unique sequences leaves its place to the other;
     * fewer than {@code n} come back only when there are fewer unique labeled sequences than that.
     */
    public static List<LogSequence> limitedSize(List<LogSequence> labeled, int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("the training size must be positive, got " + n);
        }
        Map<Long, LogSequence> anomalous = new LinkedHashMap<>();
        Map<Long, LogSequence> normal = new LinkedHashMap<>();
        unique(labeled, anomalous, normal);
        Random rnd = new Random(seed);
        List<LogSequence> normals = new ArrayList<>(normal.values());
        Collections.shuffle(normals, rnd);
        List<LogSequence> anomalies = new ArrayList<>(anomalous.values());
        int keepNormal = Math.min(normals.size(), n - Math.min(anomalies.size(), n / 2));
        int keepAnomalous = Math.min(anomalies.size(), n - keepNormal);
        if (keepAnomalous < anomalies.size()) {
            Collections.shuffle(anomalies, rnd);
        }
        List<LogSequence> out = new ArrayList<>(anomalies.subList(0, keepAnomalous));
        out.addAll(normals.subList(0, keepNormal));
        return out;
    }

    /** The first sequence of each template-id sequence, by label; unlabeled ones are left out. */
    private static void unique(List<LogSequence> labeled, Map<Long, LogSequence> anomalous, Map<Long, LogSequence> normal) {
        for (LogSequence s : labeled) {
            long id = SequenceIds.of(s.templateIds);
            if (s.label == Labels.ANOMALOUS) {
                anomalous.putIfAbsent(id, s);
            } else if (s.label == Labels.NORMAL) {
                normal.putIfAbsent(id, s);
            }
        }
    }

    /** LogLLM: repeats the minority class until it makes up at least {@code beta} of the result. */
    public static List<LogSequence> oversample(List<LogSequence> labeled, double beta, long seed) {
        if (beta < 0 || beta >= 1) {
            throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
        }
        List<LogSequence> anomalous = new ArrayList<>();
        List<LogSequence> normal = new ArrayList<>();
        for (LogSequence s : labeled) {
            if (s.label == Labels.ANOMALOUS) {
                anomalous.add(s);
            } else if (s.label == Labels.NORMAL) {
                normal.add(s);
            }
        }
        List<LogSequence> minority = anomalous.size() <= normal.size() ? anomalous : normal;
        List<LogSequence> majority = minority == anomalous ? normal : anomalous;
        List<LogSequence> out = new ArrayList<>(majority);
        out.addAll(minority);
        if (minority.isEmpty() || beta == 0) {
            return out;
        }
        long wanted = (long) Math.ceil(beta * majority.size() / (1 - beta));
        Random rnd = new Random(seed);
        for (long have = minority.size(); have < wanted; have++) {
            out.add(minority.get(rnd.nextInt(minority.size())));
        }
        Collections.shuffle(out, rnd);
        return out;
    }
}
