package dev.logsieve.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.logsieve.eval.Confusion;
import dev.logsieve.eval.Report;
import dev.logsieve.event.LogSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code logsieve evaluate-adfa}: leave one attack family out on ADFA-LD, after FlexLog's ADFA-U.
 * The normal traces of both ADFA folders are split once (seeded, 80/20 by default); for each of the
 * six attack families, train on the training normals plus the attacks of the other five families
 * and test on the held-out normals plus the sixth family. Reports each run and the mean F1.
 */
@Command(name = "evaluate-adfa", mixinStandardHelpOptions = true,
        header = "Leave-one-attack-family-out evaluation on ADFA-LD traces.",
        description = "Leave-one-attack-family-out evaluation on ADFA-LD system-call traces (FlexLog's ADFA-U): "
            + "six train/test runs through the same trainer and detector as 'evaluate'.")
public class AdfaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--traces", required = true, paramLabel = "FILE", description = "adfa_ld_traces.tsv.gz")
    Path traces;

    @Option(names = "--report", required = true, paramLabel = "FILE", description = "Where to write the JSON report")
    Path reportFile;

    @Option(names = "--normal-train-fraction", paramLabel = "F", defaultValue = "0.8",
            description = "Share of the normal traces used for training; the rest are the test normals (default: ${DEFAULT-VALUE})")
    double normalTrainFraction;

    @Option(names = "--syscall-table", paramLabel = "FILE",
            description = "The 32-bit x86 system-call table that names each call number in the messages, e.g. 'syscall "
                + "open' for 5 (Debian's linux-libc-dev; default: ${DEFAULT-VALUE}, and numbers where it is absent)")
    Path syscallTable;

    @Mixin
    TrainingOptions training;

    @Mixin
    TrainSizeOption trainSize;

    /** The call names of --syscall-table, or of the default table where it exists; none otherwise. */
    private Map<Integer, String> names() throws java.io.IOException {
        Path table = syscallTable != null ? syscallTable : SyscallKnowledge.UNISTD_32;
        if (!Files.isRegularFile(table)) {
            if (syscallTable != null) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--syscall-table': no such file: "
                        + syscallTable + " (Debian's package linux-libc-dev has it)");
            }
            System.err.println("evaluate-adfa: no " + table + " (apt-get install linux-libc-dev): messages keep the call "
                    + "numbers, 'syscall N'");
            return Map.of();
        }
        return SyscallKnowledge.table(table);
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(traces)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--traces': no such file: " + traces);
        }
        // The LLM member reads the calls' names (and, with --context, their descriptions); not a default member.
        TrainingSettings settings = training.toSettings(null, java.util.List.of("dt", "knn", "mlp"));
        if (!spec.commandLine().getParseResult().hasMatchedOption("--validation-reword")) {
            // System calls are named by the kernel's fixed table: no upgrade rewords them, so a reworded
            // copy of the validation normals would judge a drift these traces never have (BENCHMARKS.md).
            settings.validationReword = 0;
        }
        trainSize.check(settings);
        List<AdfaTraces.Trace> all = AdfaTraces.read(traces, names());
        TreeSet<String> families = new TreeSet<>();
        for (AdfaTraces.Trace t : all) {
            if ("attack".equals(t.split)) {
                families.add(t.family);
            }
        }
        // The normal traces (training and validation folders alike) are split once, seeded: the
        // held-out share is the normal part of every test set.
        List<LogSequence> normal = new ArrayList<>();
        for (AdfaTraces.Trace t : all) {
            if (!"attack".equals(t.split)) {
                normal.add(t.sequence);
            }
        }
        List<List<LogSequence>> normalParts = new Split(Split.Kind.RANDOM, normalTrainFraction).apply(normal, settings.seed);
        // The vote and its threshold are chosen on attack families that fitting did not see, as the
        // test holds one that training did not see: validation keeps each family whole, and (without
        // the LLM member) holds each out once, in folds, judged by members fitted on the others.
        Map<String, String> familyOf = new HashMap<>();
        for (AdfaTraces.Trace t : all) {
            if ("attack".equals(t.split)) {
                familyOf.put(t.sequence.key, t.family);
            }
        }
        settings.validationGroups = new ValidationSplit.Groups("attack families", s -> familyOf.get(s.key));
        Map<String, Object> results = new LinkedHashMap<>();
        double sumF1 = 0;
        double sumDedupF1 = 0;
        // Each member's own vote on each test set (plain and de-duplicated F1), summed over the families, to set the vote beside.
        Map<String, double[]> memberSums = new LinkedHashMap<>();
        for (String held : families) {
            List<LogSequence> pool = new ArrayList<>(normalParts.get(0));
            List<LogSequence> test = new ArrayList<>(normalParts.get(1));
            for (AdfaTraces.Trace t : all) {
                if ("attack".equals(t.split)) {
                    (t.family.equals(held) ? test : pool).add(t.sequence);
                }
            }
            List<LogSequence> train = trainSize.draw(pool, settings, m -> { });
            Path bundle = Files.createTempDirectory("logsieve-adfa-" + held);
            Trainer.train(train, "adfa", Map.of("grouping", "one sequence per trace"), settings, 0, bundle,
                    m -> System.err.println("evaluate-adfa [" + held + "]: " + m));
            Report r = TestSetRun.run(test, bundle, new Configuration(), 2, null);
            dev.logsieve.bundle.Manifest manifest = dev.logsieve.bundle.ModelBundle.readManifest(bundle);
            r.with("vote", manifest.vote).with("fallback", manifest.fallback);
            Object rule = manifest.vote.get("rule");
            System.out.printf("held out %-18s train %,5d test %,5d  %s  vote %s%n", held, train.size(), test.size(), r.plain(), rule);
            System.out.print(MemberTable.of(r));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("vote", rule);
            one.put("vote_reason", manifest.vote.get("reason"));
            one.put("train_sequences", train.size());
            one.put("test", r.plain());
            one.put("dedup", r.dedupConfusion());
            Map<String, Map<String, Confusion>> members = MemberTable.scores(r);
            one.put("member_scores", members);
            members.forEach((name, c) -> {
                double[] sums = memberSums.computeIfAbsent(name, k -> new double[2]);
                sums[0] += c.get("plain").f1();
                sums[1] += c.get("dedup").f1();
            });
            results.put(held, one);
            sumF1 += r.plain().f1();
            sumDedupF1 += r.dedupConfusion().f1();
        }
        double mean = sumF1 / families.size();
        Map<String, Object> memberMeans = new LinkedHashMap<>();
        StringBuilder alone = new StringBuilder();
        memberSums.forEach((name, sums) -> {
            Map<String, Double> means = new LinkedHashMap<>();
            means.put("mean_f1", sums[0] / families.size());
            means.put("mean_dedup_f1", sums[1] / families.size());
            memberMeans.put(name, means);
            alone.append(String.format(java.util.Locale.ROOT, "%s%s %.4f (de-duplicated %.4f)", alone.length() == 0 ? "" : ", ",
                    name, sums[0] / families.size(), sums[1] / families.size()));
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("protocol", "leave one attack family out (FlexLog ADFA-U); normal traces split "
                + normalTrainFraction + " train / rest test, seeded; training's validation keeps each attack family whole"
                + (settings.members.contains("llm") || !settings.refit ? "" : ", in folds that hold each out once (cross-fitting)"));
        report.put("members", String.join(",", settings.members));
        report.put("seed", settings.seed);
        if (trainSize.size() != null) {
            report.put("train_size", trainSize.size());
        }
        report.put("mean_f1", mean);
        report.put("mean_dedup_f1", sumDedupF1 / families.size());
        report.put("members_alone", memberMeans);
        report.put("families", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reportFile.toFile(), report);
        System.out.printf("mean F1 over %d families: %.4f, de-duplicated %.4f (FlexLog reports 0.704)%n", families.size(), mean,
                sumDedupF1 / families.size());
        if (alone.length() > 0) {
            System.out.printf("each member alone, mean F1 over the families: %s%n", alone);
        }
        System.out.printf("wrote %s%n", reportFile);
        return 0;
    }
}
