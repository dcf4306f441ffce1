package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.logsieve.inference.OnnxClassifier;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parity test: the DJL network and its ONNX export run by ONNX Runtime agree on
 * p_anomalous for random weights and inputs, batch sizes 1, 3, 8 and 1, 5, 128 messages with
 * varied padding; and padding never changes the output.
 */
class ClassifierParityTest {

    static final ClassifierConfig CONFIG = ClassifierConfig.defaults();
    static NDManager manager;
    static DjlClassifier djl;
    static OnnxClassifier onnx;

    @BeforeAll
    static void setUp() throws Exception {
        ClassifierWeights w = ClassifierWeights.random(CONFIG, 42);
        manager = NDManager.newBaseManager();
        djl = DjlClassifier.create(CONFIG, w, manager);
        onnx = OnnxClassifier.create(ClassifierExport.export(CONFIG, w), CONFIG.dimension(), 1);
    }

    @AfterAll
    static void tearDown() throws Exception {
        onnx.close();
        manager.close();
    }

    @Test
    void djlAndOnnxRuntimeAgreeOnEveryBatchSizeAndLength() {
        Random r = new Random(7);
        for (int batch : new int[] {1, 3, 8}) {
            for (int n : new int[] {1, 5, 128}) {
                float[][][] e = embeddings(r, batch, n);
                long[][] mask = new long[batch][n];
                for (int i = 0; i < batch; i++) {
                    int real = i == 0 ? n : 1 + r.nextInt(n); // row 0 full, others padded
                    for (int j = 0; j < n; j++) {
                        mask[i][j] = i % 2 == 1 ? (j < real ? 1 : 0) : (j == 0 || r.nextInt(n) < real ? 1 : 0);
                    }
                }
                float[] a = djl.predict(e, mask);
                float[] b = onnx.predict(e, mask);
                double max = 0;
                for (int i = 0; i < batch; i++) {
                    assertThat(a[i]).isStrictlyBetween(0f, 1f);
                    assertThat(b[i]).isStrictlyBetween(0f, 1f);
                    max = Math.max(max, Math.abs(a[i] - b[i]));
                }
                System.out.printf("parity batch %d, %d messages: max |djl - onnx| = %.3g  (p %s)%n", batch, n, max,
                        Arrays.toString(Arrays.copyOf(b, Math.min(3, batch))));
                assertThat(max).as("batch %d, %d messages", batch, n).isLessThan(1e-4);
            }
        }
    }

    @Test
    void otherSizesAgreeToo() throws Exception {
        ClassifierConfig c = ClassifierConfig.of(CONFIG.dimension(), 48, 3, 2, 80);
        ClassifierWeights w = ClassifierWeights.random(c, 77);
        float[][][] e = embeddings(new Random(5), 4, 7);
        long[][] mask = {{1, 1, 1, 1, 1, 1, 1}, {1, 0, 1, 0, 1, 0, 0}, {1, 1, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 1}};
        try (NDManager m = NDManager.newBaseManager();
                OnnxClassifier o = OnnxClassifier.create(ClassifierExport.export(c, w), c.dimension(), 1)) {
            float[] a = DjlClassifier.create(c, w, m).predict(e, mask);
            float[] b = o.predict(e, mask);
            for (int i = 0; i < a.length; i++) {
                assertThat(Math.abs(a[i] - b[i])).as("row %d", i).isLessThan(1e-4f);
            }
        }
    }

    @Test
    void paddedMessagesDoNotChangeTheOutput() {
        Random r = new Random(11);
        float[][][] e = embeddings(r, 2, 5);
        long[][] full = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}};
        // Same messages with padding: row 0 at the end, row 1 interleaved; padded slots hold noise.
        float[][][] padded = embeddings(r, 2, 9);
        long[][] mask = new long[2][9];
        int[][] at = {{0, 1, 2, 3, 4}, {1, 2, 4, 6, 8}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                padded[i][at[i][j]] = e[i][j];
                mask[i][at[i][j]] = 1;
            }
        }
        float[] djlFull = djl.predict(e, full);
        float[] djlPadded = djl.predict(padded, mask);
        float[] onnxFull = onnx.predict(e, full);
        float[] onnxPadded = onnx.predict(padded, mask);
        for (int i = 0; i < 2; i++) {
            assertThat(djlPadded[i]).isCloseTo(djlFull[i], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(onnxPadded[i]).isCloseTo(onnxFull[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        // and a different message changes it
        e[0][2] = padded[0][7];
        assertThat(Math.abs(onnx.predict(e, full)[0] - onnxFull[0])).isGreaterThan(1e-6f);
    }

    static float[][][] embeddings(Random r, int batch, int n) {
        float[][][] e = new float[batch][n][CONFIG.dimension()];
        for (float[][] row : e) {
            for (float[] v : row) {
                double norm = 0;
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) r.nextGaussian();
                    norm += v[d] * v[d];
                }
                for (int d = 0; d < v.length; d++) {
                    v[d] /= (float) Math.sqrt(norm); // unit length, like the encoder's embeddings
                }
            }
        }
        return e;
    }
}
