package dev.logsieve.llm.train;

/**
 * Constants shared by {@link DjlClassifier} and {@link ClassifierExport}, so both compute the
 * same numbers: RoPE tables, the rotate-half matrix and the attention masks.
 *
 * <p>RoPE is the Llama ("rotate half") form over a head of size h: for position p and
 * {@code j < h/2}, angle {@code p · theta^(-2j/h)}; the rotated head is
 * {@code x · cos + (x · R) · sin}, with cos and sin repeated over both halves and R the ±1 matrix
 * with {@code (x · R) = concat(-x[h/2:], x[:h/2])}. Tables are computed in double, then rounded.
 */
final class ClassifierMath {

    /** Attention score added where a key is masked (future or padding); finite, so no NaN. */
    static final float NEG = -1e9f;

    private ClassifierMath() {}

    /** cos (sin when {@code sine}) table, [positions, headSize] row-major. */
    static float[] rope(int positions, int headSize, double theta, boolean sine) {
        int half = headSize / 2;
        float[] t = new float[positions * headSize];
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < headSize; j++) {
                double angle = p * Math.pow(theta, -2.0 * (j % half) / headSize);
                t[p * headSize + j] = (float) (sine ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return t;
    }

    /** The rotate-half matrix R, [headSize, headSize] row-major. */
    static float[] rotateHalf(int headSize) {
        int half = headSize / 2;
        float[] r = new float[headSize * headSize];
        for (int j = 0; j < half; j++) {
            r[(j + half) * headSize + j] = -1f;
            r[j * headSize + j + half] = 1f;
        }
        return r;
    }

    /** Causal bias, [size, size] row-major: 0 where key ≤ query, {@link #NEG} above the diagonal. */
    static float[] causal(int size) {
        float[] c = new float[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                c[i * size + j] = NEG;
            }
        }
        return c;
    }
}
