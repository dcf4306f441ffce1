package dev.logsieve.llm.augment;

import dev.logsieve.llm.train.ClassifierTrainer;
import dev.logsieve.llm.train.TrainingExample;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;

/**
 * Teaches that an unfamiliar message is not by itself a sign of trouble. A normal training
 * sequence is picked with probability {@code rate}; it gets a share drawn uniformly from [0, 1),
 * and each of its distinct templates known to be normal is swapped, with that probability, for one
 * of the unfamiliar messages ({@link TemplateVariants#unfamiliar}: phrases of normal templates,
 * recombined), the same at every place the template occurs. The sequence stays normal. Anomalous
 * sequences are left alone.
 *
 * <p>Without this, a classifier trained from scratch learns that what it has not seen is
 * anomalous: on BGL's later windows it flagged every window made of two new statistics messages.
 */
public final class UnfamiliarNormals implements ClassifierTrainer.Augmentation {

    private final float[][] unfamiliar;
    private final Set<float[]> normal;
    private final double rate;

    /**
     * @param unfamiliar embeddings of unfamiliar messages (at least one)
     * @param normal the embedding arrays (by identity) of templates that occur in normal training sequences
     * @param rate share of normal sequences changed, in [0, 1]
     */
    public UnfamiliarNormals(float[][] unfamiliar, Set<float[]> normal, double rate) {
        if (unfamiliar.length == 0) {
            throw new IllegalArgumentException("no unfamiliar messages");
        }
        this.unfamiliar = unfamiliar.clone();
        this.normal = Collections.newSetFromMap(new IdentityHashMap<>());
        this.normal.addAll(normal);
        this.rate = Rates.check(rate, "unfamiliar");
    }

    @Override
    public TrainingExample apply(TrainingExample example, Random random) {
        if (example.anomalous() || random.nextDouble() >= rate) {
            return example;
        }
        double share = random.nextDouble();
        return example.with(Rates.replaceTemplates(example.messages(),
                m -> normal.contains(m) && random.nextDouble() < share ? unfamiliar[random.nextInt(unfamiliar.length)] : m),
                false);
    }
}
