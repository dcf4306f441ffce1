package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.logsieve.inference.OnnxClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training on a synthetic separable task: normal sequences hold unit messages orthogonal to a
 * random "anomaly" direction u, anomalous ones also one or two messages close to u. The trained
 * classifier separates held-out sequences, its loss falls, a seed fixes the result, and the
 * ONNX export of the trained weights agrees with the DJL network.
 */
class ClassifierTrainerTest {

    static final int D = 16;
    static final ClassifierConfig CONFIG = ClassifierConfig.of(D, 32, 1, 2, 64);
    static final ClassifierTrainer.Settings SETTINGS = new ClassifierTrainer.Settings(7, 16, 0.3, 0.15, 2, 1000,
            new int[] {2, 4, 4}, new float[] {3e-3f, 1e-2f, 3e-3f}, 0.1f, 0.01f, 1.0f);

    static float[] u;
    static List<TrainingExample> train;
    static List<TrainingExample> test;
    static ClassifierTrainer.Result result;
    static final List<String> lines = new ArrayList<>();

    @BeforeAll
    static void trainOnce() {
        Random r = new Random(123);
        u = unit(gaussian(r));
        train = data(r, 400, 0.1); // imbalanced like logs: 10 % anomalous
        test = data(r, 200, 0.5);
        result = new ClassifierTrainer(CONFIG, SETTINGS, s -> {
            lines.add(s);
            System.out.println(s);
        }).train(train);
        System.out.printf("synthetic training: %d sequences, %d epochs, %d ms%n", train.size(), result.history().size(),
                result.millis());
    }

    @Test
    void reachesHighAccuracyOnHeldOutSequences() {
        float[] p = predictDjl(result.weights(), test);
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += (p[i] > 0.5f) == test.get(i).anomalous() ? 1 : 0;
        }
        double accuracy = correct / (double) p.length;
        System.out.printf("held-out accuracy %.3f%n", accuracy);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void lossDecreasesAndProgressIsReported() {
        List<ClassifierTrainer.Epoch> h = result.history();
        assertThat(h).extracting(ClassifierTrainer.Epoch::stage).contains(1, 2, 3);
        assertThat(h.get(h.size() - 1).loss()).isLessThan(h.get(0).loss());
        assertThat(result.validationLoss()).isLessThan(result.initialValidationLoss());
        assertThat(ClassifierTrainer.loss(CONFIG, result.weights(), test, 32))
                .isLessThan(ClassifierTrainer.loss(CONFIG, ClassifierWeights.random(CONFIG, SETTINGS.seed()), test, 32));
        assertThat(lines).isNotEmpty().allMatch(s -> s.startsWith("stage "));
        assertThat(lines.get(0)).contains("stage 1/3 epoch 1/").contains("loss").contains("val loss").contains("ETA");
    }

    @Test
    void aSeedMakesTrainingRepeatable() {
        ClassifierTrainer.Settings quick = SETTINGS.withEpochs(1, 1, 1);
        List<TrainingExample> few = train.subList(0, 120);
        ClassifierWeights a = new ClassifierTrainer(CONFIG, quick, s -> {}).train(few).weights();
        ClassifierWeights b = new ClassifierTrainer(CONFIG, quick, s -> {}).train(few).weights();
        ClassifierWeights c = new ClassifierTrainer(CONFIG, quick.withSeed(8), s -> {}).train(few).weights();
        for (String name : a.tensors().keySet()) {
            assertThat(b.get(name).data()).as(name).containsExactly(a.get(name).data());
        }
        assertThat(c.get("projector.weight").data()).isNotEqualTo(a.get("projector.weight").data());
    }

    @Test
    void earlyStoppingKeepsTheBestWeights() {
        // stage 3 with a destructive learning rate: its epochs get worse, training stops and keeps stage 2's best
        ClassifierTrainer.Settings wild = new ClassifierTrainer.Settings(7, 16, 0.3, 0.15, 1, 1000, new int[] {1, 3, 3},
                new float[] {3e-3f, 1e-2f, 5f}, 1f, 0f, 0f);
        List<String> log = new ArrayList<>();
        ClassifierTrainer.Result r = new ClassifierTrainer(CONFIG, wild, log::add).train(train.subList(0, 200));
        log.forEach(System.out::println);
        double bestSeen = r.history().stream().mapToDouble(ClassifierTrainer.Epoch::validationLoss).min().orElseThrow();
        List<ClassifierTrainer.Epoch> stage3 = r.history().stream().filter(e -> e.stage() == 3).toList();
        assertThat(stage3.get(0).validationLoss()).isGreaterThan(r.validationLoss());
        assertThat(r.validationLoss()).isEqualTo(Math.min(bestSeen, r.initialValidationLoss()));
        assertThat(log).anyMatch(s -> s.contains("early stop"));
        double kept = ClassifierTrainer.loss(CONFIG, r.weights(), test, 32);
        System.out.printf("early stop: stage-3 val loss %.4f, kept val loss %.4f, kept test loss %.4f%n",
                stage3.get(0).validationLoss(), r.validationLoss(), kept);
        assertThat(kept).isLessThan(stage3.get(0).validationLoss());
    }

    @Test
    void onnxExportOfTrainedWeightsMatchesDjl() throws Exception {
        float[] djl = predictDjl(result.weights(), test);
        float[] onnx;
        try (OnnxClassifier o = OnnxClassifier.create(ClassifierExport.export(CONFIG, result.weights()), D, 1)) {
            onnx = predict(test, o::predict);
        }
        for (int i = 0; i < djl.length; i++) {
            assertThat(Math.abs(djl[i] - onnx[i])).as("sequence %d", i).isLessThan(1e-4f);
        }
    }

    interface Predictor {
        float[] predict(float[][][] e, long[][] mask);
    }

    static float[] predictDjl(ClassifierWeights w, List<TrainingExample> xs) {
        try (NDManager m = NDManager.newBaseManager()) {
            return predict(xs, DjlClassifier.create(CONFIG, w, m)::predict);
        }
    }

    /** Batches of 16, padded at the end. */
    static float[] predict(List<TrainingExample> xs, Predictor p) {
        float[] out = new float[xs.size()];
        for (int from = 0; from < xs.size(); from += 16) {
            List<TrainingExample> batch = xs.subList(from, Math.min(xs.size(), from + 16));
            int n = batch.stream().mapToInt(e -> e.messages().length).max().orElse(1);
            float[][][] e = new float[batch.size()][n][D];
            long[][] mask = new long[batch.size()][n];
            for (int i = 0; i < batch.size(); i++) {
                for (int j = 0; j < batch.get(i).messages().length; j++) {
                    e[i][j] = batch.get(i).messages()[j];
                    mask[i][j] = 1;
                }
            }
            System.arraycopy(p.predict(e, mask), 0, out, from, batch.size());
        }
        return out;
    }

    static List<TrainingExample> data(Random r, int count, double anomalousShare) {
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean anomalous = r.nextDouble() < anomalousShare;
            int n = 3 + r.nextInt(10);
            float[][] msgs = new float[n][];
            for (int j = 0; j < n; j++) {
                float[] v = gaussian(r);
                double dot = 0;
                for (int k = 0; k < D; k++) {
                    dot += v[k] * u[k];
                }
                for (int k = 0; k < D; k++) {
                    v[k] -= (float) (dot * u[k]); // normal messages: no component along u
                }
                msgs[j] = unit(v);
            }
            if (anomalous) {
                for (int a = 0, hits = 1 + r.nextInt(2); a < hits; a++) {
                    float[] v = gaussian(r);
                    for (int k = 0; k < D; k++) {
                        v[k] = 0.3f * v[k] + 2 * u[k];
                    }
                    msgs[r.nextInt(n)] = unit(v);
                }
            }
            out.add(new TrainingExample(msgs, anomalous));
        }
        return out;
    }

    static float[] gaussian(Random r) {
        float[] v = new float[D];
        for (int k = 0; k < D; k++) {
            v[k] = (float) r.nextGaussian();
        }
        return v;
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= (float) Math.sqrt(n);
        }
        return v;
    }
}
