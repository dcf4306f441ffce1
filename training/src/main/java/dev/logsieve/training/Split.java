package dev.logsieve.training;

import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A train/test split: {@code random:F} shuffles the sequences (seeded) and trains on the first
 * fraction F; {@code chronological:F} orders them by start time and trains on the earliest F.
 */
public final class Split {
    public enum Kind { RANDOM, CHRONOLOGICAL }

    public final Kind kind;
    public final double trainFraction;

    public Split(Kind kind, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("the train fraction must be between 0 and 1, got " + trainFraction);
        }
        this.kind = kind;
        this.trainFraction = trainFraction;
    }

    /** Parses {@code random:0.8} or {@code chronological:0.8}. */
    public static Split parse(String spec) {
        String[] kv = spec.split(":", 2);
        Kind kind;
        switch (kv[0]) {
            case "random": kind = Kind.RANDOM; break;
            case "chronological": kind = Kind.CHRONOLOGICAL; break;
            default: throw new IllegalArgumentException("unknown split '" + kv[0] + "' (random:F or chronological:F)");
        }
        double f;
        try {
            f = kv.length > 1 ? Double.parseDouble(kv[1]) : 0.8;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + kv[1] + "' is not a fraction");
        }
        return new Split(kind, f);
    }

    /** Returns {train, test}. */
    public List<List<LogSequence>> apply(List<LogSequence> all, long seed) {
        List<LogSequence> order = new ArrayList<>(all);
        if (kind == Kind.RANDOM) {
            order.sort(Comparator.comparing((LogSequence s) -> s.key)); // independent of arrival order
            Collections.shuffle(order, new Random(seed));
        } else {
            order.sort(Comparator.<LogSequence>comparingLong(s -> s.start).thenComparingLong(s -> s.end)
                    .thenComparing(s -> s.key));
        }
        int cut = (int) Math.round(order.size() * trainFraction);
        return List.of(order.subList(0, cut), order.subList(cut, order.size()));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + trainFraction;
    }
}
