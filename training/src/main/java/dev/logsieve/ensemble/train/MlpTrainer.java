package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.MlpMember;
import java.util.Locale;
import java.util.Random;
import smile.base.mlp.HiddenLayerBuilder;
import smile.base.mlp.Layer;
import smile.base.mlp.OutputFunction;
import smile.classification.MLP;
import smile.math.MathEx;
import smile.math.TimeFunction;

/**
 * Fits the feed-forward member ({@link MlpMember}): Smile's {@link MLP} with one hidden layer and a
 * single sigmoid output, trained on log loss, by mini-batch SGD with momentum.
 *
 * <p>Defaults (see {@link MemberSettings}): 64 ReLU units, 30 epochs, batches of 32, learning rate
 * 0.05, momentum 0.9, no weight decay, and the minority class oversampled to at least 30 % of each
 * epoch. Training is reproducible: the weights are initialised from Smile's {@link MathEx} random
 * stream seeded with {@code settings.seed} (per thread, so this seeds the calling thread), and the
 * epoch order comes from a {@link Random} with the same seed.
 */
public final class MlpTrainer {
    private MlpTrainer() {}

    public static MlpMember train(double[][] x, int[] y, MemberSettings settings) {
        int single = TrainingData.singleClass(x, y);
        if (single >= 0) {
            return MlpMember.constant(single);
        }
        int p = x[0].length;
        MathEx.setSeed(settings.seed);
        MLP mlp = new MLP(Layer.input(p), hidden(settings.mlpActivation, Math.max(1, settings.mlpHiddenUnits)),
                Layer.mle(1, OutputFunction.SIGMOID));
        mlp.setLearningRate(TimeFunction.constant(settings.mlpLearningRate));
        mlp.setMomentum(TimeFunction.constant(settings.mlpMomentum));
        if (settings.mlpWeightDecay > 0) {
            mlp.setWeightDecay(settings.mlpWeightDecay);
        }

        int[] order = epochIndices(y, settings.mlpMinorityShare);
        Random random = new Random(settings.seed);
        int batch = Math.max(1, settings.mlpBatchSize);
        for (int epoch = 0; epoch < settings.mlpEpochs; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < order.length; start += batch) {
                int n = Math.min(batch, order.length - start);
                if (n == 1) {
                    mlp.update(x[order[start]], y[order[start]]);
                    continue;
                }
                double[][] bx = new double[n][];
                int[] by = new int[n];
                for (int j = 0; j < n; j++) {
                    bx[j] = x[order[start + j]];
                    by[j] = y[order[start + j]];
                }
                mlp.update(bx, by);
            }
        }
        return MlpMember.of(mlp);
    }

    private static HiddenLayerBuilder hidden(String activation, int units) {
        switch (activation.trim().toLowerCase(Locale.ROOT)) {
            case "relu":
            case "rectifier":
                return Layer.rectifier(units);
            case "sigmoid":
                return Layer.sigmoid(units);
            case "tanh":
                return Layer.tanh(units);
            case "leaky":
            case "leaky_relu":
                return Layer.leaky(units);
            default:
                throw new IllegalArgumentException("unknown MLP activation '" + activation + "' (relu, sigmoid, tanh, leaky)");
        }
    }

    /** All indices, plus minority indices repeated until the minority is at least {@code share} of the epoch. */
    static int[] epochIndices(int[] y, double share) {
        int anomalous = 0;
        for (int label : y) {
            anomalous += label;
        }
        int normal = y.length - anomalous;
        int minorityLabel = anomalous <= normal ? Member.ANOMALOUS : Member.NORMAL;
        int minority = Math.min(anomalous, normal);
        int majority = y.length - minority;
        int extra = 0;
        if (share > 0 && share < 1 && minority > 0) {
            // minority + extra >= share * (majority + minority + extra)
            double needed = (share * majority - (1 - share) * minority) / (1 - share);
            extra = Math.max(0, (int) Math.ceil(needed));
        }
        int[] order = new int[y.length + extra];
        int[] minorityIdx = new int[minority];
        int m = 0;
        for (int i = 0; i < y.length; i++) {
            order[i] = i;
            if (y[i] == minorityLabel) {
                minorityIdx[m++] = i;
            }
        }
        for (int i = 0; i < extra; i++) {
            order[y.length + i] = minorityIdx[i % minority];
        }
        return order;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
