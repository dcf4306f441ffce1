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
 * gets the threshold on {@code p_anomalous} that gives its best validation F1. The candidate with
 * the better F1 wins; a tie goes to training without augmentation (the simpler). Augmentation
 * rates or a threshold given on the command line are kept as given.
 *
 * <p>Why both: BGL's later windows are mostly reworded or new messages, which only the augmented
 * member learns to read as normal, while on HDFS the same augmentations teach the opposite of what
 * the labels mean (anomalies are missing or repeated events) and the member votes everything
 * normal (BENCHMARKS.md, "Detection quality").
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
        Chosen best = null;
        double bestF1 = -1;
        List<Map<String, Object>> tried = new ArrayList<>();
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
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("augmentation", c.getKey());
            t.put("rates", c.getValue().toString());
            t.put("threshold", threshold);
            t.put("precision", v.precision());
            t.put("recall", v.recall());
            t.put("f1", v.f1());
            tried.add(t);
            progress.accept(String.format(Locale.ROOT, "validation: LLM member with %s augmentation: threshold %.2f, P %.4f R %.4f F1 %.4f",
                    c.getKey(), threshold, v.precision(), v.recall(), v.f1()));
            if (v.f1() > bestF1) {
                bestF1 = v.f1();
                LlmTraining.Options chosen = o.withThreshold(threshold);
                LlmMember member = trained.withThreshold(threshold);
                member.bind(dir);
                best = new Chosen(chosen, member, p, null, dir, result.facts());
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("candidates", tried);
        facts.put("augmentation", best.options().augment().toString());
        facts.put("threshold", best.options().threshold());
        facts.put("threshold_chosen", !thresholdGiven);
        return new Chosen(best.options(), best.member(), best.held(), facts, best.dir(), best.training());
    }

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
