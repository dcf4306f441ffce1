package dev.logsieve.training;

import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.generate.HdfsReplicator;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code logsieve generate}: synthetic HDFS logs with injected faults, or fresh-id copies of a real log. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Write synthetic HDFS logs with injected faults, or fresh-id copies of a log.",
        description = "Write synthetic HDFS logs (block lifecycles with injected faults) and their block "
            + "labels, or, with --replicate, N copies of an HDFS log with fresh block ids (for "
            + "throughput runs).")
public class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "The log file to write (.gz compresses), or with --replicate the output directory")
    Path out;

    @Option(names = "--labels-out", paramLabel = "FILE",
            description = "Where the block labels go (default: anomaly_label.csv beside the log)")
    Path labelsOut;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "2000", description = "Blocks to simulate (default: ${DEFAULT-VALUE}; about 19 lines each)")
    int blocks;

    @Option(names = "--anomaly-fraction", paramLabel = "F", defaultValue = "0.03", description = "Share of blocks with an injected fault (default: ${DEFAULT-VALUE})")
    double anomalyFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--jitter", paramLabel = "SECONDS", defaultValue = "0", description = "Lines may arrive up to this many seconds out of order (default: ${DEFAULT-VALUE})")
    int jitter;

    @Option(names = "--replicate", paramLabel = "LOG", description = "An HDFS log to copy with fresh block ids instead of generating")
    Path replicate;

    @Option(names = "--labels", paramLabel = "FILE", description = "With --replicate: the log's block labels")
    Path labels;

    @Option(names = "--copies", paramLabel = "N", defaultValue = "20", description = "With --replicate: how many copies (default: ${DEFAULT-VALUE})")
    int copies;

    @Override
    public Integer call() throws Exception {
        if (replicate != null) {
            return replicate();
        }
        GeneratorOptions opts;
        try {
            opts = GeneratorOptions.defaults().withSeed(seed).withBlocks(blocks)
                    .withAnomalyFraction(anomalyFraction).withJitterSeconds(jitter);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid generator option: " + e.getMessage());
        }
        Path labelFile = labelsOut != null ? labelsOut : out.toAbsolutePath().resolveSibling("anomaly_label.csv");
        createParent(out);
        createParent(labelFile);
        HdfsLogGenerator.Summary s = new HdfsLogGenerator(opts).write(out, labelFile,
                n -> System.err.printf("  %,d lines written%n", n));
        System.out.printf("wrote %,d lines of %,d blocks (%,d anomalous) to %s, labels to %s%n",
                s.lines(), s.blocks(), s.anomalousBlocks(), out, labelFile);
        return 0;
    }

    private int replicate() throws Exception {
        if (labels == null) {
            throw new ParameterException(spec.commandLine(), "Missing option '--labels': --replicate needs the log's block labels");
        }
        for (Path p : List.of(replicate, labels)) {
            if (!Files.isRegularFile(p)) {
                throw new ParameterException(spec.commandLine(), "No such file: " + p);
            }
        }
        if (copies < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--copies': must be at least 1");
        }
        Path logs = out.resolve("logs");
        HdfsReplicator.Summary s = new HdfsReplicator().replicateToFiles(replicate, labels, copies, logs,
                n -> { if (n % 1_000_000 == 0) System.err.printf("  %,d lines written%n", n); });
        // One labels file for all copies, so a backfill over logs/ takes a single --labels.
        Path merged = labelsOut != null ? labelsOut : out.resolve("anomaly_label.csv");
        try (BufferedWriter w = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
            w.write("BlockId,Label\n");
            for (int k = 0; k < copies; k++) {
                Path part = HdfsReplicator.copyPath(logs, k, labels);
                List<String> rows = Files.readAllLines(part, StandardCharsets.UTF_8);
                for (String row : rows.subList(1, rows.size())) {
                    w.write(row);
                    w.write('\n');
                }
                Files.delete(part);
            }
        }
        System.out.printf("wrote %d copies, %,d lines, into %s (%.1f s); labels in %s%n",
                copies, s.linesOut(), logs, s.seconds(), merged);
        return 0;
    }

    private static void createParent(Path p) throws java.io.IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
