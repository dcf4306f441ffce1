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

/**
 * The validation part of training: the latest share of the training sequences by start time (as
 * users train on last month and judge this month), or a seeded random share when the sequences
 * carry no time (all start at the same instant, as ADFA-LD traces do). Training fits the members on
 * the rest and chooses on this part what the members cannot choose for themselves: the vote rule
 * and the LLM member's settings.
 *
 * @param fit     what the members are fitted on before the choice
 * @param held    the held-out part the choice is made on
 * @param byTime  true for the latest share by time, false for a random share
 * @param share   the share held out
 */
public record ValidationSplit(List<LogSequence> fit, List<LogSequence> held, boolean byTime, double share) {

    /** Holds out {@code share} of {@code sequences} (0 < share < 1). */
    public static ValidationSplit of(List<LogSequence> sequences, double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("the validation share must be between 0 and 1, got " + share);
        }
        List<LogSequence> order = new ArrayList<>(sequences);
        boolean byTime = order.stream().mapToLong(s -> s.start).distinct().limit(2).count() > 1;
        if (byTime) {
            order.sort(Comparator.<LogSequence>comparingLong(s -> s.start).thenComparingLong(s -> s.end)
                    .thenComparing(s -> s.key));
        } else {
            order.sort(Comparator.comparing((LogSequence s) -> s.key));
            Collections.shuffle(order, new Random(seed ^ 0x5eed));
        }
        int cut = (int) Math.round(order.size() * (1 - share));
        return new ValidationSplit(List.copyOf(order.subList(0, cut)), List.copyOf(order.subList(cut, order.size())),
                byTime, share);
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
        return String.format(Locale.ROOT, "%s %.0f%% of the training sequences%s", byTime ? "the latest" : "a random",
                share * 100, byTime ? " by start time" : " (they carry no time)");
    }

    /** What the manifest records. */
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("split", byTime ? "latest" : "random");
        f.put("share", share);
        f.put("description", describe());
        f.put("fit_sequences", fit.size());
        f.put("held_out_sequences", held.size());
        f.put("held_out_anomalous", anomalous());
        return f;
    }
}
