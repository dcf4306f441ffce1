package dev.logsieve.training;

import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.train.VoteChooser;
import dev.logsieve.eval.Confusion;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.llm.LlmMember;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the LLM member's training settings on the validation part, so that a user need not: the
 * member is trained on the fit part once without augmentation and once with the augmentations of
 * {@link LlmAugmentations} at their standard rates, each scores the held-out sequences, and each
 * gets the threshold on {@code p_anomalous} that gives its best validation F1. The augmented
 * candidate is kept unless its validation F1 falls more than one standard error (by bootstrap, as
 * {@link VoteChooser} estimates it) below the best candidate's; only then does training without
 * augmentation win. Augmentation rates or a threshold given on the command line are kept as given.
 *
 * <p>Why the augmented member wins where validation cannot tell them apart: the validation part is
 * the training period's own last share, so it cannot show what logs look like after the next
 * upgrade, and that is where the two differ. On BGL's later windows, which are mostly reworded or
 * new messages, the member without augmentation flags most normal windows (F1 0.31), while the
 * augmented one reads them as normal; on the validation part the two scored 0.827 and 0.817, well
 * within one standard error. Where the augmentations teach what the labels contradict, validation
 * can show it, and then training without augmentation wins. HDFS's anomalies are missing or
 * repeated events, which swapping normal blocks' templates for unfamiliar messages or planting
 * "evidence" does not teach: at the fixed threshold 0.5 the augmented member voted every block
 * normal. With each candidate's threshold set on validation, both score 1.000 there, the augmented
 * one is kept, and it scores 0.9913 on the test blocks against 1.000 without (BENCHMARKS.md).
 */
final class LlmSelection {

    /**
     * The chosen settings.
     *
     * @param options the options to train the member with (augmentation and threshold chosen)
     * @param member  the member trained on the fit part with them, bound to its files
     * @param held    its {@code p_anomalous} for each held-out sequence, in order
     * @param facts   what was tried and how it scored, for the manifest
     * @param dir      where the chosen member's files are
     * @param training what training the chosen member recorded ({@link LlmTraining.Result#facts()})
     */
    record Chosen(LlmTraining.Options options, LlmMember member, float[] held, Map<String, Object> facts, Path dir,
                  Map<String, Object> training) {}

    private LlmSelection() {}

    /**
     * @param fit            the training part (prefixes included) the candidates learn from
     * @param held           the validation sequences they are scored on
     * @param base           the options as given; its augmentation and threshold are replaced unless given
     * @param augmentGiven   keep {@code base}'s augmentation rates: train one candidate only
     * @param thresholdGiven keep {@code base}'s threshold
     * @param work           a directory for the candidates' files
     */
    static Chosen choose(List<LogSequence> fit, List<LogSequence> held, LlmTraining.Options base, boolean augmentGiven,
                         boolean thresholdGiven, Path work, Consumer<String> progress) throws IOException {
        Map<String, LlmAugmentations.Rates> candidates = new LinkedHashMap<>();
        if (augmentGiven) {
            candidates.put("as given", base.augment());
        } else {
            candidates.put("none", LlmAugmentations.Rates.none());
            candidates.put("standard", LlmAugmentations.Rates.standard());
        }
        int[] labels = new int[held.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = held.get(i).label == Labels.ANOMALOUS ? Member.ANOMALOUS : Member.NORMAL;
        }
        List<Candidate> tried = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, LlmAugmentations.Rates> c : candidates.entrySet()) {
            Path dir = work.resolve("llm-candidate-" + (++n));
            progress.accept(String.format(Locale.ROOT, "validation: training the LLM member with %s augmentation (%s) on %,d sequences",
                    c.getKey(), c.getValue(), fit.size()));
            LlmTraining.Options o = base.withAugment(c.getValue());
            LlmTraining.Result result = LlmTraining.train(fit, o, dir, progress);
            LlmMember trained = result.member();
            trained.bind(dir);
            float[] p = score(trained, held);
            trained.close();
            double[] pd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                pd[i] = p[i];
            }
            double threshold = thresholdGiven ? base.threshold() : VoteChooser.bestThreshold(pd, labels, 0.05, 0.95);
            Confusion v = VoteChooser.confusion(pd, labels, threshold);
            boolean[] predicted = new boolean[pd.length];
            for (int i = 0; i < pd.length; i++) {
                predicted[i] = pd[i] >= threshold;
            }
            double se = VoteChooser.standardError(predicted, labels);
            progress.accept(String.format(Locale.ROOT, "validation: LLM member with %s augmentation: threshold %.2f, P %.4f R %.4f F1 %.4f "
                    + "(standard error %.4f)", c.getKey(), threshold, v.precision(), v.recall(), v.f1(), se));
            tried.add(new Candidate(c.getKey(), o.withThreshold(threshold), trained, p, v, se, dir, result.facts()));
        }
        double[] f1 = new double[tried.size()];
        double[] se = new double[tried.size()];
        for (int i = 0; i < f1.length; i++) {
            f1[i] = tried.get(i).validation.f1();
            se[i] = tried.get(i).standardError;
        }
        Candidate top = tried.get(best(f1));
        Candidate chosen = tried.get(preferred(f1, se));
        String reason = tried.size() == 1 ? "as given" : reason(top, chosen);
        progress.accept("validation: the LLM member is trained with " + chosen.name + " augmentation: " + reason);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Candidate c : tried) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("augmentation", c.name);
            t.put("rates", c.options.augment().toString());
            t.put("threshold", c.options.threshold());
            t.put("precision", c.validation.precision());
            t.put("recall", c.validation.recall());
            t.put("f1", c.validation.f1());
            t.put("standard_error", c.standardError);
            rows.add(t);
        }
        LlmMember member = chosen.member.withThreshold(chosen.options.threshold());
        member.bind(chosen.dir);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("candidates", rows);
        facts.put("augmentation", chosen.options.augment().toString());
        facts.put("reason", reason);
        facts.put("threshold", chosen.options.threshold());
        facts.put("threshold_chosen", !thresholdGiven);
        Map<String, Object> training = new LinkedHashMap<>(chosen.training);
        training.put("threshold", chosen.options.threshold()); // it was trained at the threshold given, and serves at this
        return new Chosen(chosen.options, member, chosen.held, facts, chosen.dir, training);
    }

    /** Why {@code chosen} is kept when {@code top} scored best on validation, in a sentence for people. */
    private static String reason(Candidate top, Candidate chosen) {
        if (chosen == top) {
            return String.format(Locale.ROOT, "the best validation F1 (%.4f)", top.validation.f1());
        }
        if (chosen.validation.f1() == top.validation.f1()) {
            return String.format(Locale.ROOT, "validation F1 %.4f, the same as %s's: a tie goes to the candidate trained "
                    + "to tolerate change", chosen.validation.f1(), top.name);
        }
        return String.format(Locale.ROOT, "validation F1 %.4f, within one standard error (%.4f, by bootstrap) of %s's %.4f: "
                + "validation, taken from the training period, cannot show the change that augmentation prepares for",
                chosen.validation.f1(), top.standardError, top.name, top.validation.f1());
    }

    /** The first index with the highest F1. */
    static int best(double[] f1) {
        int top = 0;
        for (int i = 1; i < f1.length; i++) {
            if (f1[i] > f1[top]) {
                top = i;
            }
        }
        return top;
    }

    /**
     * The candidate to keep, given each one's validation F1 and its standard error, in the order
     * tried (the later, the more it is trained to tolerate change): the last one whose F1 is within
     * one standard error of the best candidate's.
     */
    static int preferred(double[] f1, double[] standardError) {
        int top = best(f1);
        int chosen = top;
        for (int i = 0; i < f1.length; i++) {
            if (f1[i] >= f1[top] - standardError[top] - 1e-12) {
                chosen = i;
            }
        }
        return chosen;
    }

    /** One candidate as trained and judged on the validation part. */
    private record Candidate(String name, LlmTraining.Options options, LlmMember member, float[] held, Confusion validation,
                             double standardError, Path dir, Map<String, Object> training) {}

    /** The member's {@code p_anomalous} for each sequence, in batches. */
    static float[] score(LlmMember member, List<LogSequence> sequences) {
        float[] out = new float[sequences.size()];
        int batch = 64;
        for (int from = 0; from < sequences.size(); from += batch) {
            int to = Math.min(sequences.size(), from + batch);
            List<long[]> ids = new ArrayList<>();
            List<String[]> messages = new ArrayList<>();
            for (LogSequence s : sequences.subList(from, to)) {
                ids.add(s.templateIds);
                messages.add(s.messages);
            }
            float[] p = member.scorer().score(ids, messages);
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }
}
