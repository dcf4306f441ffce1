package dev.logsieve.inference;

import java.util.List;

/**
 * Rows of vectors ([rows][n_i][D], n_i varying) padded into the row-major tensors the classifier
 * takes: values [rows, width, D] and mask [rows, width], 1 for a vector, 0 for padding. Each row
 * keeps its first {@code max} vectors; the width is the longest row's, at least 1 (a row of none
 * still has one masked slot, so the tensor is never empty).
 *
 * @param values row-major [rows, width, D]
 * @param mask row-major [rows, width]
 * @param width slots per row
 */
public record Padded(float[] values, long[] mask, int width) {

    /** Pads {@code rows} of D-wide vectors, keeping at most {@code max} per row. */
    public static Padded of(List<float[][]> rows, int max, int d) {
        int width = 1;
        for (float[][] r : rows) {
            width = Math.max(width, Math.min(max, r.length));
        }
        float[] values = new float[rows.size() * width * d];
        long[] mask = new long[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            float[][] r = rows.get(i);
            for (int j = 0; j < Math.min(width, r.length); j++) {
                System.arraycopy(r[j], 0, values, (i * width + j) * d, d);
                mask[i * width + j] = 1;
            }
        }
        return new Padded(values, mask, width);
    }

    /** These as the context of a classify call. */
    public LlmBackend.Context asContext() {
        return new LlmBackend.Context(values, mask, width);
    }
}
