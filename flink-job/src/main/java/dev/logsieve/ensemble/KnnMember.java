package dev.logsieve.ensemble;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import smile.classification.KNN;
import smile.neighbor.KNNSearch;
import smile.neighbor.Neighbor;

/**
 * The k-nearest-neighbours member: Smile's {@link KNN} (Euclidean distance; Smile picks a KD-tree
 * below 10 dimensions and a cover tree above) over the count features.
 *
 * <p>Defaults (see {@link MemberSettings}; trained by {@code dev.logsieve.ensemble.train.KnnTrainer}): k = 1 and de-duplication: identical training vectors
 * collapse into one point labelled by the majority of their labels (a tie is normal). With k = 1 a
 * query that equals a training vector, the common case for template counts, is then answered from
 * a hash table without searching; the answer is the same the search would give.
 */
public final class KnnMember implements Member {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "knn";

    private final KNN<double[]> knn;
    /** Exact-match answers (k = 1 with de-duplication), else null. */
    private final HashMap<Key, Integer> exact;
    private final int constant;
    private final int points;
    /**
     * What the explanation of a verdict names (see {@link #nearest}); null in bundles written before
     * it existed. Java serialization writes the search that {@link #knn} also holds once.
     */
    private final Points named;

    private KnnMember(KNN<double[]> knn, HashMap<Key, Integer> exact, int constant, int points, Points named) {
        this.knn = knn;
        this.exact = exact;
        this.constant = constant;
        this.points = points;
        this.named = named;
    }

    /**
     * The training points as the explanations name them.
     *
     * @param search    the search over the points ({@link #knn}'s own), or null when there is none
     * @param keys      per point, the key of the first training sequence with its features
     * @param labels    per point, its label
     * @param sequences per point, the training sequences with its features
     */
    public record Points(KNNSearch<double[], double[]> search, String[] keys, int[] labels, int[] sequences)
            implements Serializable {}

    /** A training point near a sequence: its key, label, distance and the training sequences it stands for. */
    public record Nearby(String key, int label, double distance, int sequences) {}

    /**
     * A member as its trainer built it.
     *
     * @param knn      the search over the training points, or null when they hold one class
     * @param exact    answers for vectors equal to a training point (k = 1 with de-duplication), or null
     * @param constant the vote when {@code knn} is null and no exact answer applies, else -1
     * @param points   number of points searched
     */
    public static KnnMember of(KNN<double[]> knn, HashMap<Key, Integer> exact, int constant, int points) {
        return new KnnMember(knn, exact, constant, points, null);
    }

    /** A member as its trainer built it, naming its points for explanations (see {@link #nearest}). */
    public static KnnMember of(KNN<double[]> knn, HashMap<Key, Integer> exact, int constant, Points named) {
        return new KnnMember(knn, exact, constant, named.keys().length, named);
    }

    /**
     * The {@code n} training points nearest to {@code features}, nearest first; empty when the
     * bundle does not name its points (trained before explanations) or holds no search (one class).
     */
    public List<Nearby> nearest(double[] features, int n) {
        if (named == null || named.search() == null || points == 0) {
            return List.of();
        }
        Neighbor<double[], double[]>[] found = named.search().search(features, Math.min(n, points));
        Nearby[] out = new Nearby[found.length];
        for (int i = 0; i < found.length; i++) {
            int p = found[i].index;
            out[i] = new Nearby(named.keys()[p], named.labels()[p], found[i].distance, named.sequences()[p]);
        }
        Arrays.sort(out, java.util.Comparator.comparingDouble(Nearby::distance));
        return List.of(out);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vote(double[] features) {
        return Member.voteOf(score(features));
    }

    /**
     * The share of the k nearest training points that are anomalous (1 or 0 for k = 1 and for exact
     * matches); above 0.5 exactly when Smile's KNN predicts anomalous (a tie is normal).
     */
    double score(double[] features) {
        if (exact != null) {
            Integer hit = exact.get(new Key(features));
            if (hit != null) {
                return Member.scoreOf(hit);
            }
        }
        if (knn == null) {
            return Member.scoreOf(constant);
        }
        double[] posteriori = new double[2];
        int predicted = knn.predict(features, posteriori);
        return Member.onSideOf(predicted == 1, posteriori[1]);
    }

    @Override
    public double score(long[] templateIds, String[] messages, float modelScore, double[] features) {
        return score(features);
    }

    @Override
    public String toString() {
        return "knn(" + points + " points" + (knn == null ? ", constant " + constant : "") + ")";
    }

    /** A feature vector as a hash key. */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] values;
        private final int hash;

        public Key(double[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        /** The vector. */
        public double[] values() {
            return values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).hash == hash && Arrays.equals(((Key) o).values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
