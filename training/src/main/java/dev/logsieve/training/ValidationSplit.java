package dev.logsieve.training;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The validation part of training: the latest share of the training sequences by start time (as
 * users train on last month and judge this month), or a seeded random share when the sequences
 * carry no time (all start at the same instant, as ADFA-LD traces do). Training fits the members on
 * the rest and chooses on this part what the members cannot choose for themselves: the vote rule
 * and the LLM member's settings.
 *
 * <p>A random share may keep {@link Groups groups} of anomalous sequences whole: then every
 * sequence of a group is on the same side, so the choice is made on anomalies of a kind that
 * fitting never saw, as the logs to come will hold (evaluate-adfa groups attacks by family).
 *
 * @param fit     what the members are fitted on before the choice
 * @param held    the held-out part the choice is made on
 * @param byTime  true for the latest share by time, false for a random share
 * @param share   the share held out
 * @param groups  what a random share keeps whole, or null for nothing
 */
public record ValidationSplit(List<LogSequence> fit, List<LogSequence> held, boolean byTime, double share, Groups groups) {

    /**
     * Anomalous sequences that a random validation share keeps together.
     *
     * @param description what a group is, for people ("attack families")
     * @param of          a sequence's group, or null for a sequence that stands alone
     */
    public record Groups(String description, Function<LogSequence, String> of) {}

    /** Holds out {@code share} of {@code sequences} (0 < share < 1). */
    public static ValidationSplit of(List<LogSequence> sequences, double share, long seed) {
        return of(sequences, share, seed, null);
    }

    /**
     * Holds out {@code share} of {@code sequences} (0 < share < 1); without time, whole
     * {@code groups} (null: none) of anomalous sequences.
     */
    public static ValidationSplit of(List<LogSequence> sequences, double share, long seed, Groups groups) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("the validation share must be between 0 and 1, got " + share);
        }
        boolean byTime = carriesTime(sequences);
        List<LogSequence> order;
        if (byTime) {
            order = new ArrayList<>(sequences);
            order.sort(Comparator.<LogSequence>comparingLong(s -> s.start).thenComparingLong(s -> s.end)
                    .thenComparing(s -> s.key));
        } else {
            order = shuffled(sequences, seed);
            if (groups != null) {
                return grouped(order, share, groups);
            }
        }
        int cut = (int) Math.round(order.size() * (1 - share));
        return new ValidationSplit(List.copyOf(order.subList(0, cut)), List.copyOf(order.subList(cut, order.size())),
                byTime, share, null);
    }

    /**
     * From the end of the shuffled {@code order}, whole groups are held out while the held-out
     * anomalous sequences are fewer than {@code share} of all anomalous ones (but never the last
     * anomalous group), and normal sequences while they are fewer than their own share; the rest is
     * fitted on.
     */
    private static ValidationSplit grouped(List<LogSequence> order, double share, Groups groups) {
        Map<String, List<LogSequence>> byGroup = new LinkedHashMap<>();
        for (LogSequence s : order) {
            String g = s.label == Labels.ANOMALOUS ? groups.of().apply(s) : null;
            // a sequence alone is its own group; the prefix keeps its key apart from group names
            byGroup.computeIfAbsent(g != null ? "group " + g : "alone " + s.key, k -> new ArrayList<>()).add(s);
        }
        List<List<LogSequence>> fromTheEnd = new ArrayList<>(byGroup.values());
        Collections.reverse(fromTheEnd);
        long anomalous = order.stream().filter(s -> s.label == Labels.ANOMALOUS).count();
        long anomalousTarget = Math.round(anomalous * share);
        long normalTarget = Math.round(order.size() * share) - anomalousTarget;
        List<LogSequence> fit = new ArrayList<>();
        List<LogSequence> held = new ArrayList<>();
        long heldAnomalous = 0;
        long heldNormal = 0;
        for (List<LogSequence> g : fromTheEnd) {
            boolean isAnomalous = g.get(0).label == Labels.ANOMALOUS;
            // never every anomalous group: the members must be fitted on some anomalies
            if (isAnomalous ? heldAnomalous < anomalousTarget && heldAnomalous + g.size() < anomalous
                    : heldNormal < normalTarget) {
                held.addAll(g);
                if (isAnomalous) {
                    heldAnomalous += g.size();
                } else {
                    heldNormal += g.size();
                }
            } else {
                fit.addAll(g);
            }
        }
        return new ValidationSplit(List.copyOf(fit), List.copyOf(held), false, share, groups);
    }

    /** True when the sequences do not all start at the same instant. */
    private static boolean carriesTime(List<LogSequence> sequences) {
        return sequences.stream().mapToLong(s -> s.start).distinct().limit(2).count() > 1;
    }

    /** The sequences in a seeded random order that does not depend on the order they came in. */
    private static List<LogSequence> shuffled(List<LogSequence> sequences, long seed) {
        List<LogSequence> order = new ArrayList<>(sequences);
        order.sort(Comparator.comparing((LogSequence s) -> s.key));
        Collections.shuffle(order, new Random(seed ^ 0x5eed));
        return order;
    }

    /**
     * Cross-fitting folds for a random share that keeps {@code groups} whole: the anomalous groups
     * are dealt to about 1 / {@code share} folds (each group whole to one fold, the largest first, to
     * the fold with the fewest anomalous sequences so far), the other sequences in turn; each split
     * holds one fold out and fits on the rest. Every training sequence is then held out once, judged
     * by members fitted on every group but those of its fold: the choice is made on every group, by
     * members fitted on nearly as many groups as the final ones.
     *
     * @return the splits, or an empty list when there is time, no grouping, or fewer than two anomalous groups
     */
    public static List<ValidationSplit> folds(List<LogSequence> sequences, double share, long seed, Groups groups) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("the validation share must be between 0 and 1, got " + share);
        }
        if (groups == null || carriesTime(sequences)) {
            return List.of();
        }
        Map<String, List<LogSequence>> byGroup = new LinkedHashMap<>();
        List<LogSequence> rest = new ArrayList<>();
        for (LogSequence s : shuffled(sequences, seed)) {
            String g = s.label == Labels.ANOMALOUS ? groups.of().apply(s) : null;
            if (g != null) {
                byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(s);
            } else {
                rest.add(s);
            }
        }
        int k = Math.min(byGroup.size(), (int) Math.round(1 / share));
        if (k < 2) {
            return List.of();
        }
        List<List<LogSequence>> folds = new ArrayList<>();
        long[] anomalous = new long[k];
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        List<List<LogSequence>> largestFirst = new ArrayList<>(byGroup.values());
        largestFirst.sort(Comparator.comparingInt((List<LogSequence> g) -> g.size()).reversed()); // stable: ties keep the shuffled order
        for (List<LogSequence> g : largestFirst) {
            int to = 0;
            for (int i = 1; i < k; i++) {
                to = anomalous[i] < anomalous[to] ? i : to;
            }
            folds.get(to).addAll(g);
            anomalous[to] += g.size();
        }
        for (int i = 0; i < rest.size(); i++) {
            folds.get(i % k).add(rest.get(i));
        }
        List<ValidationSplit> splits = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<LogSequence> fit = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    fit.addAll(folds.get(j));
                }
            }
            splits.add(new ValidationSplit(List.copyOf(fit), List.copyOf(folds.get(i)), false, 1.0 / k, groups));
        }
        return splits;
    }

    /** True when the held-out part holds both classes, so that a choice on it means something. */
    public boolean usable() {
        long anomalous = anomalous();
        return anomalous > 0 && anomalous < held.size() && !fit.isEmpty();
    }

    public long anomalous() {
        return held.stream().filter(s -> s.label == Labels.ANOMALOUS).count();
    }

    /** How the split was made, for people. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %.0f%% of the training sequences%s%s", byTime ? "the latest" : "a random",
                share * 100, byTime ? " by start time" : " (they carry no time)",
                groups == null ? "" : ", whole " + groups.description() + " together");
    }

    /** What the manifest records. */
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("split", byTime ? "latest" : "random");
        if (groups != null) {
            f.put("whole_groups", groups.description());
        }
        f.put("share", share);
        f.put("description", describe());
        f.put("fit_sequences", fit.size());
        f.put("held_out_sequences", held.size());
        f.put("held_out_anomalous", anomalous());
        return f;
    }
}
