package dev.logsieve.training;

import java.util.LinkedHashSet;
import java.util.Set;

/** What to train and how the training set is drawn. */
public final class TrainingSettings {
    /** Members to train: any of dt, knn, mlp. */
    public Set<String> members = new LinkedHashSet<>(Set.of("dt", "knn", "mlp"));
    /** FlexLog limited-data sampling: the share of unique normal sequences kept, or null for all data. */
    public Double limitedNormalFraction;
    /** LogLLM minority oversampling target share (0 turns it off). */
    public double beta = 0.3;
    public long seed = 42;
}
