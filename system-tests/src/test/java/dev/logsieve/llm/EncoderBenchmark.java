package dev.logsieve.llm;

import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.llm.train.EncoderExport;
import dev.logsieve.llm.train.Encoders;
import dev.logsieve.llm.train.MiniLmEncoder;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of the in-process encoder ({@link OnnxEncoder}: tokenization + ONNX Runtime), in
 * masked messages per second (one operation = one message), batches of {@value #BATCH}, one
 * thread, one ONNX Runtime intra-op thread.
 *
 * <p>The messages are the distinct masked contents of the LogHub 2k HDFS and BGL samples
 * ({@code ../shared/datasets/loghub_2k}), interleaved, when present; else
 * {@link Encoders#MESSAGES}. Run from the repository root:
 *
 * <pre>
 * mvn -q -o -pl flink-job -am test-compile
 * mvn -q -o -pl flink-job dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * echo "-cp proto/target/classes:flink-job/target/test-classes:flink-job/target/classes:$(cat cp.txt)" > jmh.args
 * java @jmh.args -Djmh.separateClasspathJAR=true org.openjdk.jmh.Main EncoderBenchmark -f 1 -wi 2 -i 3
 * </pre>
 *
 * The classpath goes in an argument file and JMH's fork gets a one-jar classpath because ONNX
 * Runtime 1.29.0 crashes (SIGSEGV, no hs_err file) while loading when the process's command line
 * is longer than about 4 KB; {@code proto/target/classes} comes first because the
 * {@code logsieve-proto} jar in the local repository may predate {@code onnx.proto}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncoderBenchmark {

    /** Messages per batch (and per invocation). */
    public static final int BATCH = 32;

    private OnnxEncoder encoder;
    private List<List<String>> batches;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        encoder = OnnxEncoder.create(EncoderExport.exportMiniLm(), MiniLmEncoder.tokenizer(), BATCH, 1);
        List<String> messages = corpus();
        batches = new ArrayList<>();
        for (int from = 0; from + BATCH <= messages.size(); from += BATCH) {
            batches.add(messages.subList(from, from + BATCH));
        }
        if (batches.isEmpty()) {
            List<String> b = new ArrayList<>();
            while (b.size() < BATCH) {
                b.addAll(messages);
            }
            batches.add(b.subList(0, BATCH));
        }
        System.out.println("\n" + messages.size() + " distinct masked messages, " + batches.size() + " batches of " + BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        encoder.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[][] embedBatch() {
        List<String> b = batches.get(next);
        next = (next + 1) % batches.size();
        return encoder.embed(b);
    }

    private static List<String> corpus() throws IOException {
        Path root = SharedData.datasets().resolve("loghub_2k");
        Path hdfs = root.resolve("HDFS/HDFS_2k.log_structured.csv");
        Path bgl = root.resolve("BGL/BGL_2k.log_structured.csv");
        if (!Files.exists(hdfs) || !Files.exists(bgl)) {
            return Encoders.MESSAGES;
        }
        List<String> a = masked(hdfs);
        List<String> b = masked(bgl);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                out.add(a.get(i));
            }
            if (i < b.size()) {
                out.add(b.get(i));
            }
        }
        return out;
    }

    /** Distinct masked Content column of a LogHub structured CSV. */
    private static List<String> masked(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = parseCsv(lines.get(0));
        int content = header.indexOf("Content");
        Set<String> distinct = new LinkedHashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = parseCsv(line);
            if (content < fields.size()) {
                distinct.add(LogMasker.mask(fields.get(content)));
            }
        }
        return new ArrayList<>(distinct);
    }

    private static List<String> parseCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
