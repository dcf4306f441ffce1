package dev.logsieve.llm.augment;

import dev.logsieve.llm.train.ClassifierTrainer;
import dev.logsieve.llm.train.TrainingExample;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Simulates template drift: in each training sequence, every distinct message embedding is
 * swapped, with probability {@code rate}, for the embedding of one of its template's edited
 * wordings ({@link TemplateVariants#of}), the same one at every place the template occurs in the
 * sequence (an upgraded program rewords all of a message's occurrences, not one). The label stays:
 * a reworded message means what it meant. Embeddings without variants are left as they are.
 */
public final class TemplateDrift implements ClassifierTrainer.Augmentation {

    private final Map<float[], float[][]> variants;
    private final double rate;

    /**
     * @param variants for each template's embedding array (by identity), its variants' embeddings
     * @param rate probability that a template is reworded in a sequence, in [0, 1]
     */
    public TemplateDrift(IdentityHashMap<float[], float[][]> variants, double rate) {
        this.variants = new IdentityHashMap<>(variants);
        this.rate = Rates.check(rate, "drift");
    }

    @Override
    public TrainingExample apply(TrainingExample example, Random random) {
        return example.with(Rates.replaceTemplates(example.messages(), m -> {
            float[][] v = variants.get(m);
            return v == null || v.length == 0 || random.nextDouble() >= rate ? m : v[random.nextInt(v.length)];
        }), example.anomalous());
    }
}
