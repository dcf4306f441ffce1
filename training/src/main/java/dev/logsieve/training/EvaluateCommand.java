package dev.logsieve.training;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.cli.Commands;
import dev.logsieve.cli.InputOptions;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.eval.Report;
import dev.logsieve.eval.ReportPage;
import dev.logsieve.event.LogSequence;
import dev.logsieve.job.SequenceCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code logsieve evaluate}: split labeled logs, train on one part, judge the other, report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Train on one part of labeled logs, judge the rest, report P/R/F1.",
        description = "Split labeled logs into train and test sequences, train on the first part, judge the "
            + "second with the detector and report precision, recall and F1, plain and de-duplicated.")
public class EvaluateCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TrainingOptions training;

    @Mixin
    TrainSizeOption trainSize;

    @Mixin
    PerturbOptions perturbing;

    @Option(names = "--split", paramLabel = "SPEC", defaultValue = "random:0.8",
            description = "random:F (by sequence, seeded) or chronological:F (by start time); default ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--report", required = true, paramLabel = "FILE",
            description = "Where to write the JSON report; report.html (its page for people) goes beside it, named like it")
    Path reportFile;

    @Option(names = "--models-out", paramLabel = "DIR", description = "Keep the trained bundle here (default: a temporary directory)")
    Path modelsOut;

    @Option(names = "--verdicts-out", paramLabel = "DIR", description = "Also write the test part's verdicts (JSON lines) here")
    Path verdictsOut;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores)")
    Integer parallelism;

    @Option(names = "--replay", description = "Also stream the logs through the streaming pipeline in event time "
            + "(RocksDB, checkpoints, verdict revisions) and score the test part's keys as a stream: any-alert and "
            + "final-verdict P/R/F1, revisions per key, time to first alert")
    boolean replay;

    @Override
    public Integer call() throws Exception {
        List<Path> logs = input.localLogs(); // this process reads them
        Configuration conf = input.toConfiguration();
        TrainingSettings settings = training.toSettings(input);
        Split how;
        try {
            how = Split.parse(split);
        } catch (IllegalArgumentException e) {
            throw input.bad("--split", e.getMessage());
        }
        trainSize.check(settings);
        perturbing.perturbations();
        if (replay && perturbing.any()) {
            throw input.bad("--replay", "it streams the logs as they are; give it without --perturb and --sweep");
        }
        int p = Commands.parallelism(input, parallelism);
        long start = System.nanoTime();
        SequenceCollector.Collected c = SequenceCollector.collect(logs, conf, p, System.err);
        List<List<LogSequence>> parts = how.apply(c.sequences, settings.seed);
        System.err.printf("evaluate: %,d lines -> %,d sequences; %s split: %,d train, %,d test%n",
                c.lines, c.sequences.size(), how, parts.get(0).size(), parts.get(1).size());
        Perturbation.Result perturbed = perturbing.perturb(parts.get(1), settings.seed);
        perturbed.facts().forEach(f -> System.err.println("evaluate: " + Perturbation.describe(f)));
        Path bundle = modelsOut != null ? modelsOut : Files.createTempDirectory("logsieve-eval-bundle");
        Files.createDirectories(bundle);
        List<LogSequence> train = trainSize.draw(parts.get(0), settings, msg -> System.err.println("evaluate: " + msg));
        Trainer.train(train, input.format, TrainCommand.groupingOf(conf), settings, c.lines, bundle,
                msg -> System.err.println("evaluate: " + msg));
        // The test part's verdicts feed report.html too: kept in a temporary directory unless asked for.
        Path verdicts = verdictsOut != null ? verdictsOut : Files.createTempDirectory("logsieve-eval-verdicts");
        Report test = TestSetRun.run(perturbed.sequences(), bundle, conf, p, verdicts);
        PerturbationSweep.Result sweep = !perturbing.sweep ? null : PerturbationSweep.run(perturbing.sweepKinds(),
                parts.get(1), settings.seed, perturbed.facts().isEmpty() ? test.plain() : null,
                t -> TestSetRun.run(t, bundle, conf, p, null).plain());
        double seconds = (System.nanoTime() - start) / 1e9;
        Report report = new Report(test.sequences, test.plain(), test.dedupConfusion(), c.lines, seconds);
        dev.logsieve.bundle.Manifest manifest = ModelBundle.readManifest(bundle);
        report.with("anomalies", test.details.get("anomalies"))
                .with("verdict_cache_hits", test.details.get("verdict_cache_hits"))
                .with("dead_letters", c.deadLetters)
                .with("train_sequences", train.size())
                .with("split", how.toString())
                .with("seed", settings.seed)
                .with("members", String.join(",", settings.members))
                .with("format", input.format)
                .with("member_scores", test.details.get("member_scores"))
                .with("vote", manifest.vote)
                .with("fallback", manifest.fallback);
        if (trainSize.size() != null) {
            report.with("train_size", trainSize.size());
        }
        if (!perturbed.facts().isEmpty()) {
            report.with("perturbations", perturbed.facts());
        }
        if (sweep != null) {
            report.with("sweep", sweep.facts());
        }
        if (replay) {
            Map<String, Integer> labels = new HashMap<>();
            for (LogSequence s : parts.get(1)) {
                labels.put(s.key, s.label);
            }
            Path dir = reportFile.toAbsolutePath().resolveSibling(reportFile.getFileName() + ".replay");
            System.err.printf("evaluate: replaying %s in event time through the streaming pipeline (files in %s)%n",
                    input.logs, dir);
            Replay.Result r = Replay.run(logs, conf, bundle, p, dir, System.err);
            StreamScore stream = StreamScore.of(r.verdicts(), labels);
            Map<String, Object> facts = stream.toMap();
            facts.put("backfill_f1", test.plain().f1());
            facts.put("verdicts", r.verdicts().size());
            facts.put("late_lines", r.lateLines());
            facts.put("dead_letters", r.deadLetters());
            facts.put("seconds", r.seconds());
            report.with("replay", facts);
            System.out.print(report.summary());
            System.out.print(MemberTable.of(report));
            System.out.println("streamed in event time (test keys):");
            System.out.print(stream.summary());
            System.out.printf("%-22s final %.4f vs backfill %.4f%n", "F1", stream.finalVerdict.f1(), test.plain().f1());
        } else {
            System.out.print(report.summary());
            System.out.print(MemberTable.of(report));
            perturbed.facts().forEach(f -> System.out.println("perturbed " + Perturbation.describe(f)));
            if (sweep != null) {
                System.out.print("perturbation sweep (test part, trained once):\n" + sweep.table());
            }
        }
        if (reportFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(reportFile.toAbsolutePath().getParent());
        }
        report.write(reportFile);
        Path html = reportFile.resolveSibling(reportFile.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
        ReportPage.write(fsPath(reportFile), fsPath(verdicts.resolve("verdicts.jsonl")), fsPath(html),
                conf.get(EvalOptions.RETRAIN_UNSEEN_SHARE));
        System.out.println("wrote " + reportFile + ", " + html);
        return 0;
    }

    /** A local path as a Flink file system path. */
    private static org.apache.flink.core.fs.Path fsPath(Path p) {
        return new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri());
    }
}
