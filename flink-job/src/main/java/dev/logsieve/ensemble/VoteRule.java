package dev.logsieve.ensemble;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the ensemble turns its members' scores ({@link Member#score}) into one verdict. Four rules:
 * <ul>
 *   <li>{@link Kind#MAJORITY} (FlexLog's paper): the share of available members that vote anomalous;
 *       anomalous when more than half do, so a tie is normal;</li>
 *   <li>{@link Kind#AVERAGE} (FlexLog's code): the mean of the available members' scores against a
 *       threshold;</li>
 *   <li>{@link Kind#WEIGHTED}: the weighted mean of the available members' scores against a threshold;
 *       a member with weight 0 is dropped from the vote;</li>
 *   <li>{@link Kind#STACKED}: a logistic regression over the members' scores,
 *       {@code 1 / (1 + exp(-(bias + sum w_i s_i)))}, against a threshold; a member that cannot answer
 *       counts with its fill-in score (its mean score where the rule was fitted).</li>
 * </ul>
 * Weights are kept by member name, so a rule survives {@link Ensemble#select} and a member the rule
 * does not name weighs nothing. Training chooses the rule, its weights and its threshold on held-out
 * sequences ({@code dev.logsieve.ensemble.train.VoteChooser}); bundles from before rules existed vote
 * by majority. Immutable.
 */
public final class VoteRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The rules, from the simplest to the most fitted. */
    public enum Kind { MAJORITY, AVERAGE, WEIGHTED, STACKED }

    private static final VoteRule MAJORITY = new VoteRule(Kind.MAJORITY, Map.of(), Map.of(), 0, Member.BOUNDARY);

    private final Kind kind;
    private final LinkedHashMap<String, Double> weights;
    private final LinkedHashMap<String, Double> fill;
    private final double bias;
    private final double threshold;

    private VoteRule(Kind kind, Map<String, Double> weights, Map<String, Double> fill, double bias, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a vote threshold must be in [0, 1], got " + threshold);
        }
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (!Double.isFinite(w.getValue()) || (kind == Kind.WEIGHTED && w.getValue() < 0)) {
                throw new IllegalArgumentException("bad weight for member '" + w.getKey() + "': " + w.getValue());
            }
        }
        this.kind = kind;
        this.weights = new LinkedHashMap<>(weights);
        this.fill = new LinkedHashMap<>(fill);
        this.bias = bias;
        this.threshold = threshold;
    }

    /** A tie-is-normal majority of the votes. */
    public static VoteRule majority() {
        return MAJORITY;
    }

    /** The mean score of the available members, anomalous at or above {@code threshold}. */
    public static VoteRule average(double threshold) {
        return new VoteRule(Kind.AVERAGE, Map.of(), Map.of(), 0, threshold);
    }

    /** The weighted mean score (non-negative weights by member name), anomalous at or above {@code threshold}. */
    public static VoteRule weighted(Map<String, Double> weights, double threshold) {
        return new VoteRule(Kind.WEIGHTED, weights, Map.of(), 0, threshold);
    }

    /**
     * A logistic regression over the members' scores, anomalous at or above {@code threshold}.
     *
     * @param fill the score that stands in for a member that cannot answer
     */
    public static VoteRule stacked(Map<String, Double> weights, double bias, Map<String, Double> fill, double threshold) {
        return new VoteRule(Kind.STACKED, weights, fill, bias, threshold);
    }

    /**
     * The combined score of the members' scores ({@code NaN} for a member that could not answer),
     * aligned with {@code names}; 0 when no member answered.
     */
    public double combine(String[] names, double[] scores) {
        switch (kind) {
            case MAJORITY: {
                int available = 0;
                int anomalous = 0;
                for (double s : scores) {
                    if (!Double.isNaN(s)) {
                        available++;
                        anomalous += s > Member.BOUNDARY ? 1 : 0;
                    }
                }
                return available == 0 ? 0.0 : (double) anomalous / available;
            }
            case AVERAGE:
                return weightedMean(names, scores, false);
            case WEIGHTED:
                return weightedMean(names, scores, true);
            case STACKED: {
                double z = bias;
                for (int i = 0; i < names.length; i++) {
                    double s = Double.isNaN(scores[i]) ? fill.getOrDefault(names[i], 0.0) : scores[i];
                    z += weights.getOrDefault(names[i], 0.0) * s;
                }
                return 1.0 / (1.0 + Math.exp(-z));
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** The mean of the available scores, weighted by the rule's weights or equally; equal when no weight is available. */
    private double weightedMean(String[] names, double[] scores, boolean useWeights) {
        double sum = 0;
        double total = 0;
        double plain = 0;
        int available = 0;
        for (int i = 0; i < names.length; i++) {
            if (Double.isNaN(scores[i])) {
                continue;
            }
            double w = useWeights ? weights.getOrDefault(names[i], 0.0) : 1.0;
            sum += w * scores[i];
            total += w;
            plain += scores[i];
            available++;
        }
        if (total > 0) {
            return sum / total;
        }
        return available == 0 ? 0.0 : plain / available; // only zero-weight members answered: count them equally
    }

    /** True when a combined score (from {@link #combine}) is anomalous under this rule. */
    public boolean anomalous(double combined) {
        return kind == Kind.MAJORITY ? combined > threshold : combined >= threshold;
    }

    public Kind kind() {
        return kind;
    }

    /** The rule's name as verdicts and manifests carry it: majority, average, weighted or stacked. */
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The combined score from which a verdict is anomalous (majority: above which). */
    public double threshold() {
        return threshold;
    }

    /** Weights by member name (weighted and stacked rules), else empty. */
    public Map<String, Double> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** The stacked rule's intercept. */
    public double bias() {
        return bias;
    }

    /** The stacked rule's fill-in scores for members that cannot answer. */
    public Map<String, Double> fill() {
        return Collections.unmodifiableMap(fill);
    }

    /** True when this rule is weighted and gives {@code member} no weight: the member is out of the vote. */
    public boolean drops(String member) {
        return kind == Kind.WEIGHTED && weights.getOrDefault(member, 0.0) == 0.0;
    }

    /** What the manifest records of the rule. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rule", name());
        d.put("threshold", threshold);
        if (!weights.isEmpty()) {
            d.put("weights", new LinkedHashMap<>(weights));
        }
        if (kind == Kind.STACKED) {
            d.put("bias", bias);
            d.put("fill", new LinkedHashMap<>(fill));
        }
        return d;
    }

    /**
     * The rule that {@link #describe()} wrote (extra entries, such as the reason it was chosen, are
     * ignored); the majority for null or an empty map (bundles written before rules existed).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static VoteRule of(Map<String, ?> d) {
        if (d == null || d.isEmpty() || d.get("rule") == null) {
            return majority();
        }
        Kind kind;
        try {
            kind = Kind.valueOf(String.valueOf(d.get("rule")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown vote rule '" + d.get("rule") + "'");
        }
        double threshold = number(d, "threshold", Member.BOUNDARY);
        switch (kind) {
            case MAJORITY:
                return majority();
            case AVERAGE:
                return average(threshold);
            case WEIGHTED:
                return weighted(numbers(d, "weights"), threshold);
            case STACKED:
                return stacked(numbers(d, "weights"), number(d, "bias", 0), numbers(d, "fill"), threshold);
            default:
                throw new AssertionError(kind);
        }
    }

    private static double number(Map<String, ?> d, String key, double absent) {
        Object v = d.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("vote rule: '" + key + "' is not a number: " + v);
        }
        return ((Number) v).doubleValue();
    }

    private static Map<String, Double> numbers(Map<String, ?> d, String key) {
        Object v = d.get(key);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("vote rule '" + d.get("rule") + "' needs '" + key + "' by member name");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            out.put(String.valueOf(e.getKey()), number(Map.of("value", e.getValue()), "value", 0));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoteRule r && r.kind == kind && r.weights.equals(weights) && r.fill.equals(fill)
                && Double.compare(r.bias, bias) == 0 && Double.compare(r.threshold, threshold) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, weights, fill, bias, threshold);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name());
        if (kind != Kind.MAJORITY) {
            sb.append(String.format(Locale.ROOT, " >= %.3f", threshold));
        }
        if (!weights.isEmpty()) {
            sb.append(" weights");
            weights.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.3f", k, v)));
        }
        if (kind == Kind.STACKED) {
            sb.append(String.format(Locale.ROOT, " bias %.3f", bias));
        }
        return sb.toString();
    }
}
