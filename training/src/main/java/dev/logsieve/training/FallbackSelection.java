package dev.logsieve.training;

import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.train.VoteChooser;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.UnseenTemplates;
import dev.logsieve.features.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Chooses the semantic fallback's threshold on the validation part (LogRobust's idea: a template
 * training never saw counts as its nearest known template when their embeddings' cosine similarity
 * reaches the threshold; see {@link dev.logsieve.features.TemplateFallback}). Each candidate, from
 * "off" through {@link #GRID}, judges the validation sequences (the held-out part and its normal sequences with reworded
 * templates, which is where new templates appear), the vote rule is chosen for it as usual, and the
 * candidate whose chosen rule scores the best validation F1 wins; a tie goes to the earlier
 * candidate: off, then the higher threshold (fewer templates mapped).
 */
final class FallbackSelection {
    /** The thresholds tried after "off", strictest first. */
    static final double[] GRID = {0.95, 0.9, 0.85, 0.8, 0.75, 0.7};

    /**
     * The choice.
     *
     * @param threshold the chosen threshold, or null for no fallback
     * @param vote      the vote rule chosen with it
     * @param facts     every candidate's validation F1 and how many new templates it mapped, for the manifest
     */
    record Chosen(Double threshold, VoteChooser.Choice vote, Map<String, Object> facts) {}

    private FallbackSelection() {}

    /**
     * Members fitted on one part of the training sequences, and the validation sequences they judge.
     *
     * @param labels the labels of {@code judged}
     */
    record Fold(Ensemble fitted, List<LogSequence> judged, int[] labels) {}

    /**
     * @param fitted  the members trained on the fit part
     * @param judged  the validation sequences
     * @param scores  every member's scores of {@code judged} for an ensemble ({@code Trainer.heldScores})
     * @param wanted  "auto", "off" or a threshold
     */
    static Chosen choose(Ensemble fitted, List<LogSequence> judged, int[] labels, String vote, String wanted,
                         Supplier<FallbackEncoder> encoders, Function<Ensemble, double[][]> scores,
                         Consumer<String> progress) {
        return choose(List.of(new Fold(fitted, judged, labels)), vote, wanted, encoders, (e, fold) -> scores.apply(e), progress);
    }

    /**
     * The same over several folds (cross-fitting): each candidate's vote rule is chosen on the scores
     * of every fold's validation sequences by that fold's members, taken together.
     *
     * @param scores every member's scores of a fold's {@code judged} for an ensemble and the fold's index
     */
    static Chosen choose(List<Fold> folds, String vote, String wanted, Supplier<FallbackEncoder> encoders,
                         BiFunction<Ensemble, Integer, double[][]> scores, Consumer<String> progress) {
        List<Map<Long, String>> unseen = new ArrayList<>();
        int newTemplates = 0;
        int rows = 0;
        for (Fold f : folds) {
            unseen.add(unseenTemplates(f.judged(), f.fitted().featureExtractor().vocabulary()));
            newTemplates += unseen.get(unseen.size() - 1).size();
            rows += f.labels().length;
        }
        int[] labels = new int[rows];
        int at = 0;
        for (Fold f : folds) {
            System.arraycopy(f.labels(), 0, labels, at, f.labels().length);
            at += f.labels().length;
        }
        // No new template to map: every threshold judges alike; auto stays off, with no encoder opened.
        boolean nothingToMap = newTemplates == 0 && wanted.equals("auto");
        List<Double> candidates = nothingToMap ? java.util.Collections.singletonList(null) : candidates(wanted);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("new_templates", newTemplates);
        Map<String, Object> tried = new LinkedHashMap<>();
        facts.put("candidates", tried);
        Chosen best = null;
        for (Double t : candidates) {
            double[][] pooled = new double[rows][];
            int mapped = 0;
            at = 0;
            for (int k = 0; k < folds.size(); k++) {
                Ensemble e = folds.get(k).fitted();
                if (t != null) {
                    FallbackEncoder encoder = encoders.get();
                    UnseenTemplates u = encoder.unseen(encoder.fallback(e.featureExtractor().vocabulary(), t));
                    for (Map.Entry<Long, String> n : unseen.get(k).entrySet()) {
                        mapped += u.column(n.getKey(), n.getValue()) >= 0 ? 1 : 0;
                    }
                    e = e.withUnseen(u);
                }
                double[][] one = scores.apply(e, k);
                System.arraycopy(one, 0, pooled, at, one.length);
                at += one.length;
            }
            VoteChooser.Choice c = VoteChooser.choose(folds.get(0).fitted().memberNames(), pooled, labels, vote);
            String name = t == null ? "off" : String.format(Locale.ROOT, "%.2f", t);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("mapped", mapped);
            one.put("rule", c.rule().name());
            one.put("f1", c.chosen().f1());
            tried.put(name, one);
            progress.accept(String.format(Locale.ROOT, "validation: fallback %s maps %d of %d new templates; %s vote F1 %.4f",
                    name, mapped, newTemplates, c.rule().name(), c.chosen().f1()));
            if (best == null || c.chosen().f1() > best.vote().chosen().f1()) {
                best = new Chosen(t, c, facts);
            }
        }
        facts.put("chosen", best.threshold() == null ? "off" : best.threshold());
        facts.put("reason", nothingToMap ? "the validation part has no new template to map"
                : wanted.equals("auto")
                ? "the best validation F1 of the vote chosen with each threshold; a tie goes to off, then the higher threshold"
                : "asked for with --fallback " + wanted);
        return best;
    }

    /** The thresholds to try for {@code --fallback}: null stands for off. */
    static List<Double> candidates(String wanted) {
        if (wanted.equals("off")) {
            return java.util.Collections.singletonList(null);
        }
        if (wanted.equals("auto")) {
            List<Double> all = new java.util.ArrayList<>();
            all.add(null);
            for (double t : GRID) {
                all.add(t);
            }
            return all;
        }
        return List.of(Double.parseDouble(wanted));
    }

    /** The threshold {@code --fallback} fixes without a validation part: null for auto and off. */
    static Double fixed(String wanted) {
        return wanted.equals("auto") || wanted.equals("off") ? null : Double.valueOf(wanted);
    }

    /** The distinct templates of the sequences that the vocabulary does not know, with a message of each. */
    private static Map<Long, String> unseenTemplates(List<LogSequence> sequences, Vocabulary vocabulary) {
        Map<Long, String> unseen = new LinkedHashMap<>();
        for (LogSequence s : sequences) {
            for (int j = 0; j < s.templateIds.length; j++) {
                long id = s.templateIds[j];
                if (vocabulary.index(id) < 0 && !unseen.containsKey(id)) {
                    String m = s.messages != null && j < s.messages.length ? s.messages[j] : null;
                    if (m != null) {
                        unseen.put(id, m);
                    }
                }
            }
        }
        return unseen;
    }
}
