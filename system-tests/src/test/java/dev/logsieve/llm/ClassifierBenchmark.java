package dev.logsieve.llm;

import dev.logsieve.inference.OnnxClassifier;
import dev.logsieve.llm.train.ClassifierConfig;
import dev.logsieve.llm.train.ClassifierExport;
import dev.logsieve.llm.train.ClassifierWeights;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of the in-process classifier ({@link OnnxClassifier}, ONNX Runtime on the CPU) at the
 * default sizes ({@link ClassifierConfig#defaults()}: width 64, 2 layers, 4 heads, FFN 128, D 384),
 * in sequences per second (one operation = one sequence) of {@value #MESSAGES} messages, batches of
 * {@value #BATCH}, one calling thread and {@code threads} ONNX Runtime intra-op threads. Random
 * weights cost the same as trained ones. Run from the repository root:
 *
 * <pre>
 * ./logsieve jmh ClassifierBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClassifierBenchmark {

    /** Sequences per batch (and per invocation). */
    public static final int BATCH = 32;
    /** Messages per sequence. */
    public static final int MESSAGES = 100;

    /** ONNX Runtime intra-op threads. */
    @Param({"1", "2"})
    public int threads;

    private OnnxClassifier classifier;
    private float[] embeddings;
    private long[] mask;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ClassifierConfig c = ClassifierConfig.defaults();
        classifier = OnnxClassifier.create(ClassifierExport.export(c, ClassifierWeights.random(c, 1)), c.dimension(),
                threads);
        Random r = new Random(3);
        embeddings = new float[BATCH * MESSAGES * c.dimension()];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = (float) (r.nextGaussian() / Math.sqrt(c.dimension()));
        }
        mask = new long[BATCH * MESSAGES];
        java.util.Arrays.fill(mask, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        classifier.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[] classifyBatch() {
        return classifier.predict(embeddings, mask, BATCH, MESSAGES);
    }
}
