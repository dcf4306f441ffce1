package dev.logsieve.ensemble;

import java.lang.reflect.Field;
import smile.base.mlp.InputLayer;
import smile.base.mlp.Layer;
import smile.base.mlp.MultilayerPerceptron;
import smile.base.mlp.OutputLayer;
import smile.classification.MLP;
import smile.math.matrix.Matrix;

/**
 * The forward pass of a trained Smile {@link MLP}, in plain Java: the same layers, weights, biases
 * and activations, and the same decision as {@link MLP#predict(double[])} (the single sigmoid
 * output above 0.5 is the second class).
 *
 * <p>Why: Smile computes each layer with {@code Matrix.mv}, which goes through BLAS, which Smile
 * loads from OpenBLAS natives (JavaCPP, about 90 MB unpacked into {@code ~/.javacpp/cache} on every
 * job submission, and built for Linux x86_64 only). For a vote on a network of a few dozen units
 * that is all overhead, so the job predicts with this class and needs no native BLAS; training
 * (where Smile updates the weights) keeps it. The only difference to Smile's result is the order
 * of the floating-point additions inside a dot product.
 *
 * <p>Smile does not expose the weights, so they are read once from its fields
 * ({@code MultilayerPerceptron.net/output}, {@code Layer.weight/bias}); the activation functions
 * are Smile's own ({@link Layer#transform(double[])}, plain Java). Immutable after construction;
 * {@link #predict(double[])} is thread-safe.
 */
final class MlpForward {
    private final MLP mlp;
    /** Per computing layer (hidden layers, then the output layer): weights [out][in] and biases [out]. */
    private final double[][][] weights;
    private final double[][] biases;
    private final Layer[] layers;
    private final int[] classes;

    MlpForward(MLP mlp) {
        this.mlp = mlp;
        Layer[] net = (Layer[]) read(MultilayerPerceptron.class, "net", mlp);
        OutputLayer output = (OutputLayer) read(MultilayerPerceptron.class, "output", mlp);
        int first = net.length > 0 && net[0] instanceof InputLayer ? 1 : 0;
        int count = net.length - first + 1;
        layers = new Layer[count];
        weights = new double[count][][];
        biases = new double[count][];
        for (int i = 0; i < count; i++) {
            Layer layer = i < count - 1 ? net[first + i] : output;
            Matrix w = (Matrix) read(Layer.class, "weight", layer);
            double[][] rows = new double[w.nrow()][w.ncol()];
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < rows[r].length; c++) {
                    rows[r][c] = w.get(r, c);
                }
            }
            layers[i] = layer;
            weights[i] = rows;
            biases[i] = ((double[]) read(Layer.class, "bias", layer)).clone();
        }
        classes = mlp.classes();
        if (output.getOutputSize() != 1 || classes.length != 2) {
            throw new IllegalArgumentException("expected a binary MLP with one sigmoid output, got "
                    + output.getOutputSize() + " outputs and " + classes.length + " classes");
        }
    }

    /** The class {@link MLP#predict(double[])} would answer. */
    int predict(double[] x) {
        return classes[probability(x) > 0.5 ? 1 : 0];
    }

    /** The probability of the anomalous class (label 1), above 0.5 exactly when {@link #predict} answers 1. */
    double anomalousProbability(double[] x) {
        double p = probability(x);
        return classes[1] == 1 ? p : classes[0] == 1 ? 1 - p : 0.0;
    }

    /** The output unit's value (the probability of the second class). */
    double probability(double[] x) {
        double[] a = x;
        for (int i = 0; i < layers.length; i++) {
            double[][] w = weights[i];
            double[] z = biases[i].clone();
            for (int r = 0; r < w.length; r++) {
                double[] row = w[r];
                double s = z[r];
                for (int c = 0; c < row.length; c++) {
                    s += row[c] * a[c];
                }
                z[r] = s;
            }
            layers[i].transform(z);
            a = z;
        }
        return a[0];
    }

    /** The network this pass was read from. */
    MLP model() {
        return mlp;
    }

    private static Object read(Class<?> owner, String field, Object target) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + owner.getName() + "." + field
                    + " (a Smile version other than the pinned one?)", e);
        }
    }
}
