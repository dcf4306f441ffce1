package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.KnnMember;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import smile.classification.KNN;

/**
 * Fits the k-nearest-neighbours member ({@link KnnMember}): with de-duplication, identical
 * training vectors collapse into one point labelled by the majority of their labels (a tie is
 * normal), and with k = 1 they also become a table of exact answers.
 */
public final class KnnTrainer {
    private KnnTrainer() {}

    public static KnnMember train(double[][] x, int[] y, MemberSettings settings) {
        int single = TrainingData.singleClass(x, y);
        if (single >= 0) {
            return KnnMember.of(null, null, single, 0);
        }
        int k = Math.max(1, settings.knnK);
        double[][] points = x;
        int[] labels = y;
        HashMap<KnnMember.Key, Integer> exact = null;
        if (settings.knnDedupe) {
            LinkedHashMap<KnnMember.Key, int[]> votes = new LinkedHashMap<>();
            for (int i = 0; i < x.length; i++) {
                votes.computeIfAbsent(new KnnMember.Key(x[i]), key -> new int[2])[y[i]]++;
            }
            points = new double[votes.size()][];
            labels = new int[votes.size()];
            int i = 0;
            for (Map.Entry<KnnMember.Key, int[]> e : votes.entrySet()) {
                points[i] = e.getKey().values();
                int[] v = e.getValue();
                labels[i] = v[Member.ANOMALOUS] > v[Member.NORMAL] ? Member.ANOMALOUS : Member.NORMAL;
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
        if (distinctLabels < 2) {
            // De-duplication left one class (every anomalous vector also occurs, more often, as normal).
            return KnnMember.of(null, exact, labels[0], points.length);
        }
        k = Math.min(k, points.length);
        return KnnMember.of(KNN.fit(points, labels, k), exact, -1, points.length);
    }
}
