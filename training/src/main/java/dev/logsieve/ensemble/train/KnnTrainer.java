package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.KnnMember;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import smile.classification.KNN;
import smile.math.distance.EuclideanDistance;
import smile.neighbor.CoverTree;
import smile.neighbor.KDTree;
import smile.neighbor.KNNSearch;

/**
 * Fits the k-nearest-neighbours member ({@link KnnMember}): with de-duplication, identical
 * training vectors collapse into one point labelled by the majority of their labels (a tie is
 * normal), and with k = 1 they also become a table of exact answers. Each point keeps the key of
 * the first training sequence it stands for, so that a verdict can name its nearest ones.
 */
public final class KnnTrainer {
    private KnnTrainer() {}

    /**
     * @param keys the training sequences' keys, aligned with {@code x}; null names them by their row
     */
    public static KnnMember train(double[][] x, int[] y, String[] keys, MemberSettings settings) {
        int single = TrainingData.singleClass(x, y);
        if (single >= 0) {
            return KnnMember.of(null, null, single, 0);
        }
        int k = Math.max(1, settings.knnK);
        double[][] points = x;
        int[] labels = y;
        String[] pointKeys = new String[x.length];
        int[] sequences = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            pointKeys[i] = keys == null ? "training sequence " + (i + 1) : keys[i];
            sequences[i] = 1;
        }
        HashMap<KnnMember.Key, Integer> exact = null;
        if (settings.knnDedupe) {
            LinkedHashMap<KnnMember.Key, int[]> votes = new LinkedHashMap<>();
            Map<KnnMember.Key, String> firstKey = new HashMap<>();
            for (int i = 0; i < x.length; i++) {
                KnnMember.Key key = new KnnMember.Key(x[i]);
                votes.computeIfAbsent(key, unused -> new int[2])[y[i]]++;
                firstKey.putIfAbsent(key, pointKeys[i]);
            }
            points = new double[votes.size()][];
            labels = new int[votes.size()];
            pointKeys = new String[votes.size()];
            sequences = new int[votes.size()];
            int i = 0;
            for (Map.Entry<KnnMember.Key, int[]> e : votes.entrySet()) {
                points[i] = e.getKey().values();
                int[] v = e.getValue();
                labels[i] = v[Member.ANOMALOUS] > v[Member.NORMAL] ? Member.ANOMALOUS : Member.NORMAL;
                pointKeys[i] = firstKey.get(e.getKey());
                sequences[i] = v[0] + v[1];
                i++;
            }
            if (k == 1) {
                exact = new HashMap<>(votes.size() * 2);
                for (int j = 0; j < points.length; j++) {
                    exact.put(new KnnMember.Key(points[j]), labels[j]);
                }
            }
        }
        int distinctLabels = Arrays.stream(labels).distinct().toArray().length;
        KNNSearch<double[], double[]> search = search(points);
        KnnMember.Points named = new KnnMember.Points(search, pointKeys, labels, sequences);
        if (distinctLabels < 2) {
            // De-duplication left one class (every anomalous vector also occurs, more often, as normal).
            return KnnMember.of(null, exact, labels[0], named);
        }
        k = Math.min(k, points.length);
        return KnnMember.of(new KNN<>(search, labels, k), exact, -1, named);
    }

    /** The search {@code KNN.fit(double[][], int[], int)} builds: a KD-tree below 10 dimensions, else a cover tree. */
    private static KNNSearch<double[], double[]> search(double[][] points) {
        return points[0].length < 10 ? KDTree.of(points) : CoverTree.of(points, new EuclideanDistance());
    }
}
