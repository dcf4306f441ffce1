package dev.logsieve.mask;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Two builds' {@link LogMasker}s side by side in one JVM, taking turns: each turn masks
 * {@link MaskBenchmark}'s corpus over and over for a second with one build, then with the other (the
 * order alternates between rounds), and the claim is the median over the rounds of the ratio of the
 * two turns. On a shared machine whose speed moves by half from one minute to the next (the 2-second
 * iterations of one JMH fork of one build on this project's machine went from 2.2 to 1.05 million
 * lines/s and back), turns a second apart see the same machine, so their ratio holds where separate
 * JMH runs cannot tell 5 % apart.
 * Each build's class is loaded from its own jar by its own class loader, so the JIT compiles the two
 * apart. It complements the JMH benchmark, which gives the absolute figures.
 *
 * <pre>
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch \
 *     -cp system-tests/target/test-classes:$(cat system-tests/target/test-classpath.txt) \
 *     dev.logsieve.mask.MaskPairedBenchmark BEFORE/flink-job/target/logsieve-flink-job-0.1.0-SNAPSHOT.jar \
 *     flink-job/target/logsieve-flink-job-0.1.0-SNAPSHOT.jar [rounds, default 30] [seconds a turn, default 1]
 * </pre>
 */
public final class MaskPairedBenchmark {

    private static final int WARM_UP_ROUNDS = 10;

    /** Keeps the masks' results alive so that the JIT cannot drop the work. */
    private static long sink;

    private MaskPairedBenchmark() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: MaskPairedBenchmark BEFORE.jar AFTER.jar [rounds] [seconds a turn]");
            System.exit(2);
        }
        int rounds = args.length > 2 ? (int) positive(args[2], "rounds") : 30;
        double seconds = args.length > 3 ? positive(args[3], "seconds a turn") : 1.0;
        MethodHandle before = masker(Path.of(args[0]));
        MethodHandle after = masker(Path.of(args[1]));
        String[] corpus = MaskBenchmark.corpus();
        System.out.printf(Locale.ROOT, "%d lines a pass; %d warm-up rounds, then %d rounds of %.1f s turns%n",
                corpus.length, WARM_UP_ROUNDS, rounds, seconds);
        for (int r = 0; r < WARM_UP_ROUNDS; r++) {
            run(before, corpus, seconds);
            run(after, corpus, seconds);
        }
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                a[r] = run(before, corpus, seconds);
                b[r] = run(after, corpus, seconds);
            } else {
                b[r] = run(after, corpus, seconds);
                a[r] = run(before, corpus, seconds);
            }
            ratio[r] = b[r] / a[r];
            System.out.printf(Locale.ROOT, "round %2d: before %,12.0f  after %,12.0f lines/s  ratio %.3f%n", r + 1, a[r], b[r],
                    ratio[r]);
        }
        System.out.printf(Locale.ROOT, "median: before %,.0f  after %,.0f lines/s  ratio of each round's turns %.3f "
                + "(lowest %.3f, highest %.3f)%n", median(a), median(b), median(ratio),
                Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
        if (sink == 42) {
            System.out.println();
        }
    }

    /** {@code LogMasker.mask} as the jar at {@code jar} has it, in a class loader of its own. */
    static MethodHandle masker(Path jar) throws ReflectiveOperationException, java.io.IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar + " (build that tree first: mvn -DskipTests package)");
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> c = Class.forName(LogMasker.class.getName(), true, loader);
        return MethodHandles.publicLookup().findStatic(c, "mask", MethodType.methodType(String.class, String.class));
    }

    /** Lines per second of masking the corpus over and over for about {@code seconds}. */
    private static double run(MethodHandle mask, String[] corpus, double seconds) throws Throwable {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long lines = 0;
        long now;
        long chars = 0;
        do {
            for (String line : corpus) {
                chars += ((String) mask.invokeExact(line)).length();
            }
            lines += corpus.length;
        } while ((now = System.nanoTime()) < end);
        sink += chars;
        return lines / ((now - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double positive(String value, String what) {
        double n;
        try {
            n = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + value + "'");
        }
        if (!(n > 0)) {
            throw new IllegalArgumentException(what + " must be above 0, got " + value);
        }
        return n;
    }
}
