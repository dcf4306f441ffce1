package dev.logsieve.training;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.llm.augment.EvidenceTransplant;
import dev.logsieve.llm.augment.TemplateDrift;
import dev.logsieve.llm.augment.TemplateVariants;
import dev.logsieve.llm.augment.UnfamiliarNormals;
import dev.logsieve.llm.train.ClassifierTrainer.Augmentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the LLM member's training augmentations ({@code dev.logsieve.llm.augment}) from the
 * training sequences: embeds the texts they need with the member's own encoder and chains them in
 * the order evidence transplant, template drift, unfamiliar normals (so a planted message can be
 * reworded too, and only sequences that are still normal get unfamiliar messages).
 */
public final class LlmAugmentations {

    /**
     * How much of each augmentation to apply; 0 turns one off.
     *
     * @param drift probability that a template is reworded in a training sequence ({@link TemplateDrift})
     * @param unfamiliar share of normal sequences given unfamiliar messages ({@link UnfamiliarNormals})
     * @param transplant share of normal sequences turned anomalous by planted evidence ({@link EvidenceTransplant})
     */
    public record Rates(double drift, double unfamiliar, double transplant) {

        /** Checks that each rate is in [0, 1]. */
        public Rates {
            for (double r : new double[] {drift, unfamiliar, transplant}) {
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("augmentation rates must be in [0, 1], got " + r);
                }
            }
        }

        /** No augmentation: one of the two candidates training chooses from ({@link LlmSelection}). */
        public static Rates none() {
            return new Rates(0, 0, 0);
        }

        /** The recommended rates ({@link #DRIFT}, {@link #UNFAMILIAR}, {@link #TRANSPLANT}): the other candidate. */
        public static Rates standard() {
            return new Rates(DRIFT, UNFAMILIAR, TRANSPLANT);
        }

        @Override
        public String toString() {
            return drift == 0 && unfamiliar == 0 && transplant == 0 ? "none"
                    : String.format(java.util.Locale.ROOT, "drift %.2f, unfamiliar %.2f, transplant %.2f", drift, unfamiliar, transplant);
        }
    }

    /** Recommended {@link Rates#drift()} for logs whose anomalies are failure messages (BGL). */
    public static final double DRIFT = 0.3;
    /** Recommended {@link Rates#unfamiliar()}. */
    public static final double UNFAMILIAR = 0.5;
    /** Recommended {@link Rates#transplant()}. */
    public static final double TRANSPLANT = 0.25;

    /** The chained augmentation and what was built, for the manifest. */
    record Built(Augmentation augmentation, Map<String, Object> facts) {}

    /** Reworded variants embedded per template. */
    static final int VARIANTS = 8;
    /** Unfamiliar messages embedded. */
    static final int UNFAMILIAR_MESSAGES = 512;
    /** Most evidence messages planted into one sequence. */
    static final int MOST_PLANTED = 10;

    private LlmAugmentations() {}

    /**
     * @param sequences the training sequences (all of them, repeats included)
     * @param texts every distinct template's masked text, by template id
     * @param embeddings every template's embedding, by template id: the arrays the examples share
     * @param maxMessages the classifier's message limit (messages after it are not looked at)
     */
    static Built build(List<LogSequence> sequences, Map<Long, String> texts, Map<Long, float[]> embeddings, int maxMessages,
            Rates rates, long seed, OnnxEncoder encoder, Consumer<String> progress) throws OrtException {
        Set<Long> normalIds = new HashSet<>();
        for (LogSequence s : sequences) {
            if (s.label != Labels.ANOMALOUS) {
                for (int j = 0; j < Math.min(maxMessages, s.templateIds.length); j++) {
                    normalIds.add(s.templateIds[j]);
                }
            }
        }
        Augmentation chain = Augmentation.NONE;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rates", Map.of("drift", rates.drift(), "unfamiliar", rates.unfamiliar(), "transplant", rates.transplant()));
        if (rates.transplant() > 0) {
            List<float[][]> evidence = evidence(sequences, normalIds, embeddings, maxMessages);
            if (!evidence.isEmpty()) {
                chain = chain.then(new EvidenceTransplant(evidence, rates.transplant(), MOST_PLANTED));
            }
            facts.put("evidence_sequences", evidence.size());
        }
        if (rates.drift() > 0) {
            TemplateVariants variants = new TemplateVariants(new ArrayList<>(texts.values()));
            Random random = new Random(seed);
            List<String> all = new ArrayList<>();
            List<Long> owner = new ArrayList<>();
            for (Map.Entry<Long, String> t : texts.entrySet()) {
                for (String v : variants.of(t.getValue(), VARIANTS, random)) {
                    all.add(v);
                    owner.add(t.getKey());
                }
            }
            float[][] v = LlmTraining.embed(encoder, all, "reworded templates", progress);
            Map<Long, List<float[]>> byTemplate = new LinkedHashMap<>();
            for (int k = 0; k < v.length; k++) {
                byTemplate.computeIfAbsent(owner.get(k), id -> new ArrayList<>()).add(v[k]);
            }
            IdentityHashMap<float[], float[][]> map = new IdentityHashMap<>();
            byTemplate.forEach((id, list) -> map.put(embeddings.get(id), list.toArray(float[][]::new)));
            chain = chain.then(new TemplateDrift(map, rates.drift()));
            facts.put("reworded_templates", v.length);
        }
        if (rates.unfamiliar() > 0 && !normalIds.isEmpty()) {
            List<String> normalTexts = new ArrayList<>();
            Set<float[]> normal = Collections.newSetFromMap(new IdentityHashMap<>());
            texts.forEach((id, t) -> {
                if (normalIds.contains(id)) {
                    normalTexts.add(t);
                    normal.add(embeddings.get(id));
                }
            });
            List<String> unfamiliar = new TemplateVariants(normalTexts).unfamiliar(UNFAMILIAR_MESSAGES, new Random(seed + 1));
            if (!unfamiliar.isEmpty()) {
                float[][] v = LlmTraining.embed(encoder, unfamiliar, "unfamiliar messages", progress);
                chain = chain.then(new UnfamiliarNormals(v, normal, rates.unfamiliar()));
            }
            facts.put("unfamiliar_messages", unfamiliar.size());
        }
        progress.accept("llm: augmentation " + json(facts));
        return new Built(chain, facts);
    }

    /** The facts as the manifest records them (JSON), not as Java prints a map. */
    private static String json(Map<String, Object> facts) {
        try {
            return new ObjectMapper().writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            return String.valueOf(facts);
        }
    }

    /** Per anomalous sequence, the embeddings of its messages whose templates no normal sequence has. */
    private static List<float[][]> evidence(List<LogSequence> sequences, Set<Long> normalIds, Map<Long, float[]> embeddings,
            int maxMessages) {
        List<float[][]> out = new ArrayList<>();
        for (LogSequence s : sequences) {
            if (s.label != Labels.ANOMALOUS) {
                continue;
            }
            List<float[]> e = new ArrayList<>();
            for (int j = 0; j < Math.min(maxMessages, s.templateIds.length); j++) {
                if (!normalIds.contains(s.templateIds[j])) {
                    e.add(embeddings.get(s.templateIds[j]));
                }
            }
            if (!e.isEmpty()) {
                out.add(e.toArray(float[][]::new));
            }
        }
        return out;
    }
}
