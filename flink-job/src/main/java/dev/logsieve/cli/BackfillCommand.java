package dev.logsieve.cli;

import dev.logsieve.eval.Report;
import dev.logsieve.io.Locations;
import dev.logsieve.job.BackfillJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code logsieve backfill}: stored logs through the detector in BATCH mode. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        header = "Run stored logs through the detector (Flink BATCH mode).",
        description = "Run stored log files through the detector (Flink BATCH mode) and write verdicts.jsonl, "
            + "dead-letter.jsonl, report.json (with scores when labels are known) and report.html into --out. The job writes "
            + "report.json itself, so a detached cluster submission (flink run -d, the REST API) gets one too; "
            + "'logsieve report' then writes its report.html. The logs are read in the bundle's "
            + "format unless --format says otherwise; it must match the bundle's. Exits 1 when most lines could not be used.")
public class BackfillCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ModelOptions model;

    @Option(names = "--models", required = true, paramLabel = "BUNDLE",
            description = "Model bundle written by 'logsieve train': a directory, or a URI of a file system the Flink cluster has")
    String models;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory: a local path, or a URI of a file system the Flink cluster has (s3://, hdfs://, file://)")
    String out;

    @Option(names = "--verdict-format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (verdicts.jsonl) or protobuf (verdicts.pb: length-delimited logsieve.v1.Verdict messages); default ${DEFAULT-VALUE}")
    String verdictFormat;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores)")
    Integer parallelism;

    @Override
    public Integer call() throws Exception {
        Path bundle = localBundle();
        input.format = BundleFormat.resolve(input.format, bundle, input::bad);
        var conf = input.toConfiguration();
        model.apply(conf, bundle);
        int p = Commands.parallelism(input, parallelism);
        if (!verdictFormat.equals("json") && !verdictFormat.equals("protobuf")) {
            throw input.bad("--verdict-format", "'" + verdictFormat + "' (expected json or protobuf)");
        }
        boolean pb = verdictFormat.equals("protobuf");
        System.err.printf("backfill: %s logs %s -> %s (parallelism %d)%n", input.format, input.logs, out, p);
        Report report = new BackfillJob(input.logs, models, out, conf, p).protobufVerdicts(pb).run(System.err);
        if (report == null) {
            return 0; // submitted to a cluster without waiting: the job writes its report (the line above says where)
        }
        System.out.print(report.summary());
        report.warnings.forEach(w -> input.spec.commandLine().getErr().println("logsieve backfill: warning: " + w));
        System.out.println("wrote " + BackfillJob.outputFile(out, pb ? "verdicts.pb" : "verdicts.jsonl") + ", "
                + BackfillJob.outputFile(out, "dead-letter.jsonl") + ", " + BackfillJob.outputFile(out, "report.json") + ", "
                + BackfillJob.outputFile(out, "report.html"));
        String untrusted = BundleFormat.mostlyDeadLetters(report, input.format, out);
        if (untrusted != null) {
            input.spec.commandLine().getErr().println("logsieve backfill: " + untrusted);
            return 1;
        }
        return 0;
    }

    /** The bundle here: its directory, or this machine's copy of it from a file system URI. */
    private Path localBundle() {
        try {
            Path local = Locations.local(models);
            if (Files.isDirectory(local)) {
                return local;
            }
        } catch (IOException | RuntimeException e) {
            throw input.bad("--models", "cannot read " + models + ": " + e.getMessage());
        }
        throw input.bad("--models", "no such bundle directory: " + models);
    }
}
