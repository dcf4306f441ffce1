package dev.logsieve.training;

import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.train.VoteChooser;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.UnseenTemplates;
import dev.logsieve.features.Vocabulary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
     * @param fitted  the members trained on the fit part
     * @param judged  the validation sequences
     * @param scores  every member's scores of {@code judged} for an ensemble ({@code Trainer.heldScores})
     * @param wanted  "auto", "off" or a threshold
     */
    static Chosen choose(Ensemble fitted, List<LogSequence> judged, int[] labels, String vote, String wanted,
                         Supplier<FallbackEncoder> encoders, Function<Ensemble, double[][]> scores,
                         Consumer<String> progress) {
        Vocabulary vocabulary = fitted.featureExtractor().vocabulary();
        Map<Long, String> unseen = unseenTemplates(judged, vocabulary);
        // No new template to map: every threshold judges alike; auto stays off, with no encoder opened.
        boolean nothingToMap = unseen.isEmpty() && wanted.equals("auto");
        List<Double> candidates = nothingToMap ? java.util.Collections.singletonList(null) : candidates(wanted);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("new_templates", unseen.size());
        Map<String, Object> tried = new LinkedHashMap<>();
        facts.put("candidates", tried);
        Chosen best = null;
        for (Double t : candidates) {
            Ensemble e = fitted;
            int mapped = 0;
            if (t != null) {
                FallbackEncoder encoder = encoders.get();
                UnseenTemplates u = encoder.unseen(encoder.fallback(vocabulary, t));
                for (Map.Entry<Long, String> n : unseen.entrySet()) {
                    mapped += u.column(n.getKey(), n.getValue()) >= 0 ? 1 : 0;
                }
                e = fitted.withUnseen(u);
            }
            VoteChooser.Choice c = VoteChooser.choose(e.memberNames(), scores.apply(e), labels, vote);
            String name = t == null ? "off" : String.format(Locale.ROOT, "%.2f", t);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("mapped", mapped);
            one.put("rule", c.rule().name());
            one.put("f1", c.chosen().f1());
            tried.put(name, one);
            progress.accept(String.format(Locale.ROOT, "validation: fallback %s maps %d of %d new templates; %s vote F1 %.4f",
                    name, mapped, unseen.size(), c.rule().name(), c.chosen().f1()));
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
