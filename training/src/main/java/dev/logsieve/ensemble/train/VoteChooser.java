package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.VoteRule;
import dev.logsieve.eval.Confusion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import smile.classification.LogisticRegression;

/**
 * Chooses how the members vote, from their scores on held-out sequences (the validation part of
 * training). Each rule of {@link VoteRule} is fitted there:
 * <ul>
 *   <li>majority: nothing to fit;</li>
 *   <li>average: the threshold;</li>
 *   <li>weighted: weights proportional to each member's validation F1 raised to a power (1, 2, 4 or
 *       8: the higher, the more the best member decides), and the threshold;</li>
 *   <li>stacked: a logistic regression on the members' scores (Smile, L2-regularised), and the
 *       threshold on its output.</li>
 * </ul>
 * A threshold is the middle of the run of grid values (0.01 to 0.99) that give the best validation
 * F1, so that it sits away from the edges of what validation allowed; when validation holds fewer
 * than {@link #FEW_ANOMALOUS} anomalous sequences, the run is wide only because there is little to
 * tell apart, and the value nearest the neutral 0.5 is taken instead. {@code auto} takes the rule
 * with the best validation F1, or the simplest rule (in the order above) whose validation F1 is
 * within one standard error of that best: the "one standard error" rule of model selection
 * (Breiman et al., CART; Hastie et al., The Elements of Statistical Learning, 7.10), the standard
 * error estimated by {@value #BOOTSTRAP} bootstrap resamples of the validation part. A fitted rule
 * that beats a simpler one by less than validation can tell apart has learnt the validation part,
 * not the logs to come: on BGL's later windows, stacking beat averaging on validation by 0.004 of
 * F1 and then missed 18 anomalous windows where averaging missed 8 (BENCHMARKS.md). The result is
 * never worse than the best single member on validation: no rule below that member is taken, and
 * when that member alone scores higher than every rule, the vote becomes that member alone (a
 * weighted rule that gives the others no weight), and the reason says so.
 */
public final class VoteChooser {
    /** What {@code --vote} accepts: auto, or one rule by name. */
    public static final List<String> CHOICES = List.of("auto", "majority", "average", "weighted", "stacked");

    private static final int[] POWERS = {1, 2, 4, 8};

    /** Bootstrap resamples of the validation part for the standard error of the best rule's F1. */
    public static final int BOOTSTRAP = 200;

    /**
     * Below this many anomalous validation sequences a threshold is not placed in the middle of the
     * best run but at its value nearest 0.5: with three faults, say, every threshold from 0.5 to 0.99
     * may separate them, and the middle (0.75) says more about those three than about the next ones.
     */
    public static final int FEW_ANOMALOUS = 10;

    /** A rule fitted on validation and how it scored there. */
    public record Fit(VoteRule rule, Confusion validation) {}

    /**
     * The choice.
     *
     * @param rule    the rule the ensemble votes with
     * @param reason  why, in a sentence for people
     * @param members each member's own validation counts, by name
     * @param fits    every rule that was fitted, by name, with its validation counts
     * @param chosen  the chosen rule's validation counts
     */
    public record Choice(VoteRule rule, String reason, Map<String, Confusion> members, Map<String, Fit> fits,
                         Confusion chosen) {

        /** What the manifest records. */
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>(rule.describe());
            d.put("reason", reason);
            d.put("member_notes", notes());
            Map<String, Object> m = new LinkedHashMap<>();
            members.forEach((name, c) -> m.put(name, scores(c)));
            d.put("validation_members", m);
            Map<String, Object> f = new LinkedHashMap<>();
            fits.forEach((name, fit) -> {
                Map<String, Object> one = new LinkedHashMap<>(fit.rule().describe());
                one.putAll(scores(fit.validation()));
                f.put(name, one);
            });
            d.put("validation_rules", f);
            d.put("validation_ensemble", scores(chosen));
            return d;
        }

        /**
         * Which members the chosen rule drops or weighs below an equal share, and why (their
         * validation F1 against the best member's); empty when every member counts equally.
         */
        public List<String> notes() {
            List<String> notes = new ArrayList<>();
            if (rule.kind() != VoteRule.Kind.WEIGHTED && rule.kind() != VoteRule.Kind.STACKED) {
                return notes;
            }
            double best = members.values().stream().mapToDouble(Confusion::f1).max().orElse(0);
            double total = rule.weights().values().stream().mapToDouble(Math::abs).sum();
            double equal = 1.0 / Math.max(1, members.size());
            members.forEach((name, c) -> {
                double w = rule.weights().getOrDefault(name, 0.0);
                double share = total == 0 ? 0 : w / total;
                if (rule.drops(name)) {
                    notes.add(String.format(Locale.ROOT, "%s dropped: validation F1 %.4f against the best member's %.4f",
                            name, c.f1(), best));
                } else if (share < equal - 1e-9) {
                    notes.add(String.format(Locale.ROOT, "%s down-weighted to %.3f of the vote (an equal share is %.3f): "
                            + "validation F1 %.4f against the best member's %.4f", name, share, equal, c.f1(), best));
                }
            });
            return notes;
        }

        /** A table for the terminal: every member, every fitted rule, the choice. */
        public List<String> table() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%-22s %9s %9s %9s", "", "precision", "recall", "F1"));
            members.forEach((name, c) -> lines.add(row("member " + name, c)));
            fits.forEach((name, fit) -> lines.add(row("vote " + name, fit.validation())));
            lines.add(row("ensemble (" + rule.name() + ")", chosen));
            lines.add("chosen: " + rule + " - " + reason);
            notes().forEach(n -> lines.add("  " + n));
            return lines;
        }

        private static String row(String what, Confusion c) {
            return String.format(Locale.ROOT, "%-22s %9.4f %9.4f %9.4f", what, c.precision(), c.recall(), c.f1());
        }

        private static Map<String, Object> scores(Confusion c) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("precision", c.precision());
            s.put("recall", c.recall());
            s.put("f1", c.f1());
            s.put("tp", c.tp);
            s.put("fp", c.fp);
            s.put("fn", c.fn);
            s.put("tn", c.tn);
            return s;
        }
    }

    private VoteChooser() {}

    /**
     * @param names  the members, in voting order
     * @param scores per held-out sequence, each member's score ({@link Member#score}), aligned with names
     * @param labels per held-out sequence, {@link Member#ANOMALOUS} or {@link Member#NORMAL}
     * @param wanted one of {@link #CHOICES}
     */
    public static Choice choose(String[] names, double[][] scores, int[] labels, String wanted) {
        if (!CHOICES.contains(wanted)) {
            throw new IllegalArgumentException("unknown vote rule '" + wanted + "' (one of " + String.join(", ", CHOICES) + ")");
        }
        Map<String, Confusion> members = new LinkedHashMap<>();
        for (int m = 0; m < names.length; m++) {
            double[] own = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                own[i] = scores[i][m];
            }
            members.put(names[m], confusion(own, labels, Math.nextUp(Member.BOUNDARY)));
        }
        Map<String, Fit> fits = new LinkedHashMap<>();
        for (VoteRule.Kind kind : VoteRule.Kind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            if (wanted.equals("auto") || wanted.equals(name)) {
                fits.put(name, fit(kind, names, scores, labels, members));
            }
        }
        Fit best = null;
        for (Fit f : fits.values()) { // in order from the simplest: a later rule must score strictly higher
            if (best == null || f.validation().f1() > best.validation().f1()) {
                best = f;
            }
        }
        String top = null;
        for (Map.Entry<String, Confusion> e : members.entrySet()) {
            if (top == null || e.getValue().f1() > members.get(top).f1()) {
                top = e.getKey();
            }
        }
        String reason = "asked for with --vote " + wanted;
        if (wanted.equals("auto")) {
            double se = standardError(best.rule(), names, scores, labels);
            // The simplest rule within one standard error of the best, and never below the best member.
            double floor = Math.max(best.validation().f1() - se, top == null ? 0 : members.get(top).f1());
            Fit simplest = fits.values().stream().filter(f -> f.validation().f1() >= floor - 1e-12).findFirst().orElse(best);
            if (simplest != best) {
                reason = String.format(Locale.ROOT, "validation F1 %.4f, within one standard error (%.4f, by bootstrap) of "
                        + "the best rule's (%s, %.4f): a simpler rule is kept where validation cannot tell them apart",
                        simplest.validation().f1(), se, best.rule().name(), best.validation().f1());
            } else if (best == fits.values().iterator().next()) {
                reason = String.format(Locale.ROOT, "the best validation F1 of the four rules (%.4f; a tie goes to the "
                        + "simpler rule)", best.validation().f1());
            } else {
                reason = String.format(Locale.ROOT, "the best validation F1 of the four rules (%.4f); no simpler rule came "
                        + "within one standard error of it (%.4f, by bootstrap)", best.validation().f1(), se);
            }
            best = simplest;
        }
        int anomalous = anomalous(labels);
        if (anomalous < FEW_ANOMALOUS) {
            reason += String.format(Locale.ROOT, "; validation held only %d anomalous sequences (fewer than %d), so each "
                    + "threshold is the one nearest 0.5 among those that score best", anomalous, FEW_ANOMALOUS);
        }
        if (wanted.equals("auto") && top != null && members.get(top).f1() > best.validation().f1()) {
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String n : names) {
                weights.put(n, n.equals(top) ? 1.0 : 0.0);
            }
            VoteRule alone = VoteRule.weighted(weights, Math.nextUp(Member.BOUNDARY));
            reason = String.format(Locale.ROOT,
                    "member %s alone scored validation F1 %.4f, above every rule (best: %s %.4f); the other members are dropped",
                    top, members.get(top).f1(), best.rule().name(), best.validation().f1())
                    + (anomalous < FEW_ANOMALOUS ? String.format(Locale.ROOT,
                    "; validation held only %d anomalous sequences", anomalous) : "");
            best = new Fit(alone, members.get(top));
        }
        return new Choice(best.rule(), reason, members, fits, best.validation());
    }

    /**
     * The standard error of {@code rule}'s F1 on the validation part: the standard deviation of its
     * F1 over {@link #BOOTSTRAP} resamples of the sequences, drawn with a fixed seed so that
     * training stays reproducible.
     */
    static double standardError(VoteRule rule, String[] names, double[][] scores, int[] labels) {
        boolean[] predicted = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            predicted[i] = rule.anomalous(rule.combine(names, scores[i]));
        }
        return standardError(predicted, labels);
    }

    /**
     * The standard error of the F1 of {@code predicted} (true: called anomalous) against {@code labels}:
     * the standard deviation of the F1 over {@link #BOOTSTRAP} resamples of the sequences, drawn with
     * a fixed seed.
     */
    public static double standardError(boolean[] predicted, int[] labels) {
        int n = labels.length;
        if (n == 0) {
            return 0;
        }
        Random random = new Random(0x1e5L);
        double sum = 0;
        double sumOfSquares = 0;
        for (int b = 0; b < BOOTSTRAP; b++) {
            long[] c = new long[4];
            for (int k = 0; k < n; k++) {
                int i = random.nextInt(n);
                count(c, predicted[i], labels[i] == Member.ANOMALOUS);
            }
            double f1 = new Confusion(c[0], c[1], c[2], c[3]).f1();
            sum += f1;
            sumOfSquares += f1 * f1;
        }
        double mean = sum / BOOTSTRAP;
        return Math.sqrt(Math.max(0, sumOfSquares / BOOTSTRAP - mean * mean));
    }

    private static Fit fit(VoteRule.Kind kind, String[] names, double[][] scores, int[] labels,
                           Map<String, Confusion> members) {
        switch (kind) {
            case MAJORITY:
                return evaluate(VoteRule.majority(), names, scores, labels);
            case AVERAGE:
                return withBestThreshold(VoteRule.average(0.5), names, scores, labels);
            case WEIGHTED: {
                Fit best = null;
                for (int power : POWERS) {
                    Map<String, Double> weights = new LinkedHashMap<>();
                    double total = 0;
                    for (String n : names) {
                        total += Math.pow(members.get(n).f1(), power);
                    }
                    for (String n : names) {
                        weights.put(n, total == 0 ? 1.0 / names.length : Math.pow(members.get(n).f1(), power) / total);
                    }
                    Fit f = withBestThreshold(VoteRule.weighted(weights, 0.5), names, scores, labels);
                    if (best == null || f.validation().f1() > best.validation().f1()) {
                        best = f;
                    }
                }
                return best;
            }
            case STACKED:
                return withBestThreshold(stacked(names, scores, labels), names, scores, labels);
            default:
                throw new AssertionError(kind);
        }
    }

    /** A logistic regression on the scores; a constant rule (the base rate) when validation holds one class. */
    private static VoteRule stacked(String[] names, double[][] scores, int[] labels) {
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> fill = new LinkedHashMap<>();
        int anomalous = anomalous(labels);
        for (int m = 0; m < names.length; m++) {
            double sum = 0;
            for (double[] row : scores) {
                sum += row[m];
            }
            fill.put(names[m], labels.length == 0 ? 0.5 : sum / labels.length);
        }
        if (anomalous == 0 || anomalous == labels.length) {
            for (String n : names) {
                weights.put(n, 0.0);
            }
            return VoteRule.stacked(weights, anomalous == 0 ? -10 : 10, fill, 0.5);
        }
        LogisticRegression.Binomial lr = LogisticRegression.binomial(scores, labels, 0.01, 1e-6, 500);
        double[] w = lr.coefficients(); // one weight per column, then the intercept
        for (int m = 0; m < names.length; m++) {
            weights.put(names[m], w[m]);
        }
        return VoteRule.stacked(weights, w[names.length], fill, 0.5);
    }

    /** The rule with the threshold that gives the best validation F1 (see {@link #bestThreshold}). */
    private static Fit withBestThreshold(VoteRule rule, String[] names, double[][] scores, int[] labels) {
        double[] combined = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            combined[i] = rule.combine(names, scores[i]);
        }
        double threshold = bestThreshold(combined, labels, 0.01, 0.99);
        VoteRule fitted = switch (rule.kind()) {
            case AVERAGE -> VoteRule.average(threshold);
            case WEIGHTED -> VoteRule.weighted(rule.weights(), threshold);
            case STACKED -> VoteRule.stacked(rule.weights(), rule.bias(), rule.fill(), threshold);
            default -> throw new AssertionError(rule.kind());
        };
        return new Fit(fitted, confusion(combined, labels, threshold));
    }

    /**
     * The threshold among {@code from, from + 0.01, ..., to} at or above which {@code score} is called
     * anomalous with the best F1 against {@code labels}: the middle of the run of grid values that
     * reach it, so that it sits away from where validation stops telling them apart; with fewer than
     * {@link #FEW_ANOMALOUS} anomalous labels, the value of that run nearest 0.5.
     */
    public static double bestThreshold(double[] score, int[] labels, double from, double to) {
        double bestF1 = -1;
        List<Double> best = new ArrayList<>();
        for (long g = Math.round(from * 100); g <= Math.round(to * 100); g++) {
            double t = g / 100.0;
            double f1 = confusion(score, labels, t).f1();
            if (f1 > bestF1 + 1e-12) {
                bestF1 = f1;
                best.clear();
            }
            if (Math.abs(f1 - bestF1) <= 1e-12) {
                best.add(t);
            }
        }
        if (anomalous(labels) >= FEW_ANOMALOUS) {
            return best.get(best.size() / 2);
        }
        double nearest = best.get(0);
        for (double t : best) {
            if (Math.abs(t - Member.BOUNDARY) < Math.abs(nearest - Member.BOUNDARY) - 1e-12) {
                nearest = t;
            }
        }
        return nearest;
    }

    /** How many of {@code labels} are anomalous. */
    static int anomalous(int[] labels) {
        int n = 0;
        for (int label : labels) {
            n += label == Member.ANOMALOUS ? 1 : 0;
        }
        return n;
    }

    /** Counts of "anomalous at or above {@code threshold}" against the labels. */
    public static Confusion confusion(double[] score, int[] labels, double threshold) {
        long[] c = new long[4];
        for (int i = 0; i < labels.length; i++) {
            count(c, score[i] >= threshold, labels[i] == Member.ANOMALOUS);
        }
        return new Confusion(c[0], c[1], c[2], c[3]);
    }

    private static Fit evaluate(VoteRule rule, String[] names, double[][] scores, int[] labels) {
        long[] c = new long[4];
        for (int i = 0; i < labels.length; i++) {
            count(c, rule.anomalous(rule.combine(names, scores[i])), labels[i] == Member.ANOMALOUS);
        }
        return new Fit(rule, new Confusion(c[0], c[1], c[2], c[3]));
    }

    private static void count(long[] c, boolean predicted, boolean actual) {
        c[predicted ? (actual ? 0 : 1) : (actual ? 2 : 3)]++;
    }
}
