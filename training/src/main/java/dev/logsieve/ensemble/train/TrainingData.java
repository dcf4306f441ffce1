package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.Member;

/** Checks shared by the members' trainers. */
final class TrainingData {
    private TrainingData() {}

    /** Validates x/y and returns the single class if y holds only one, else -1. */
    static int singleClass(double[][] x, int[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no training data");
        }
        boolean normal = false;
        boolean anomalous = false;
        for (int label : y) {
            if (label == Member.NORMAL) {
                normal = true;
            } else if (label == Member.ANOMALOUS) {
                anomalous = true;
            } else {
                throw new IllegalArgumentException("labels must be 0 (normal) or 1 (anomalous), got " + label);
            }
        }
        int p = x[0].length;
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("rows differ in length: " + p + " vs " + row.length);
            }
        }
        if (normal && anomalous) {
            return -1;
        }
        return anomalous ? Member.ANOMALOUS : Member.NORMAL;
    }
}
