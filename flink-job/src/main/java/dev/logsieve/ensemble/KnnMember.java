package dev.logsieve.ensemble;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import smile.classification.KNN;

/**
 * The k-nearest-neighbours member: Smile's {@link KNN} (Euclidean distance; Smile picks a KD-tree
 * below 10 dimensions and a cover tree above) over the count features.
 *
 * <p>Defaults (see {@link MemberSettings}): k = 1 and de-duplication: identical training vectors
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

    private KnnMember(KNN<double[]> knn, HashMap<Key, Integer> exact, int constant, int points) {
        this.knn = knn;
        this.exact = exact;
        this.constant = constant;
        this.points = points;
    }

    public static KnnMember train(double[][] x, int[] y, MemberSettings settings) {
        int single = TrainingData.singleClass(x, y);
        if (single >= 0) {
            return new KnnMember(null, null, single, 0);
        }
        int k = Math.max(1, settings.knnK);
        double[][] points = x;
        int[] labels = y;
        HashMap<Key, Integer> exact = null;
        if (settings.knnDedupe) {
            LinkedHashMap<Key, int[]> votes = new LinkedHashMap<>();
            for (int i = 0; i < x.length; i++) {
                votes.computeIfAbsent(new Key(x[i]), key -> new int[2])[y[i]]++;
            }
            points = new double[votes.size()][];
            labels = new int[votes.size()];
            int i = 0;
            for (Map.Entry<Key, int[]> e : votes.entrySet()) {
                points[i] = e.getKey().values;
                int[] v = e.getValue();
                labels[i] = v[ANOMALOUS] > v[NORMAL] ? ANOMALOUS : NORMAL;
                i++;
            }
            if (k == 1) {
                exact = new HashMap<>(votes.size() * 2);
                for (int j = 0; j < points.length; j++) {
                    exact.put(new Key(points[j]), labels[j]);
                }
            }
        }
        int distinctLabels = Arrays.stream(labels).distinct().toArray().length;
        if (distinctLabels < 2) {
            // De-duplication left one class (every anomalous vector also occurs, more often, as normal).
            return new KnnMember(null, exact, labels[0], points.length);
        }
        k = Math.min(k, points.length);
        return new KnnMember(KNN.fit(points, labels, k), exact, -1, points.length);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vote(double[] features) {
        if (exact != null) {
            Integer hit = exact.get(new Key(features));
            if (hit != null) {
                return hit;
            }
        }
        if (knn == null) {
            return constant;
        }
        return knn.predict(features) == 1 ? ANOMALOUS : NORMAL;
    }

    @Override
    public String toString() {
        return "knn(" + points + " points" + (knn == null ? ", constant " + constant : "") + ")";
    }

    /** A feature vector as a hash key. */
    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] values;
        private final int hash;

        Key(double[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
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
