package dev.logsieve.llm.augment;

import dev.logsieve.llm.train.ClassifierTrainer;
import dev.logsieve.llm.train.TrainingExample;
import java.util.List;
import java.util.Random;

/**
 * Teaches that a few failure messages make a sequence anomalous whatever surrounds them. A normal
 * training sequence is picked with probability {@code rate}; a random anomalous training sequence's
 * evidence (its messages whose templates no normal training sequence has) is drawn from, and one
 * to {@code most} of those messages overwrite random places of the normal sequence, which is then
 * anomalous. Anomalous sequences are left alone.
 *
 * <p>Window labels do not say which message is the failure; evidence is what only anomalous
 * sequences contain, so a transplant can carry a harmless message that merely co-occurs with
 * failures. Without it, the member weighed failure messages by how much of the window they fill
 * and missed BGL windows where a few failures sat among many unfamiliar messages.
 */
public final class EvidenceTransplant implements ClassifierTrainer.Augmentation {

    private final List<float[][]> evidence;
    private final double rate;
    private final int most;

    /**
     * @param evidence per anomalous training sequence, its evidence messages' embeddings (non-empty ones)
     * @param rate share of normal sequences turned anomalous, in [0, 1]
     * @param most most messages planted into one sequence (at least 1)
     */
    public EvidenceTransplant(List<float[][]> evidence, double rate, int most) {
        if (most < 1 || evidence.stream().anyMatch(e -> e.length == 0)) {
            throw new IllegalArgumentException("need at least one message to plant, and non-empty evidence");
        }
        this.evidence = List.copyOf(evidence);
        this.rate = Rates.check(rate, "transplant");
        this.most = most;
    }

    @Override
    public TrainingExample apply(TrainingExample example, Random random) {
        if (example.anomalous() || evidence.isEmpty() || example.messages().length == 0 || random.nextDouble() >= rate) {
            return example;
        }
        float[][] from = evidence.get(random.nextInt(evidence.size()));
        float[][] out = example.messages().clone();
        int k = 1 + random.nextInt(Math.min(most, from.length));
        for (int i = 0; i < k; i++) {
            out[random.nextInt(out.length)] = from[random.nextInt(from.length)];
        }
        return example.with(out, true);
    }
}
