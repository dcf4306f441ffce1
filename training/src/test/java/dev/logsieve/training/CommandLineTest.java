package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.cli.Commands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad option or a missing file stops the command with a message that names it. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Commands.execute(new TrainingMain(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"demo", "train", "evaluate", "backfill", "generate", "evaluate-adfa", "adfa-knowledge", "report"}) {
            Run r = run(cmd, "--help");
            assertThat(r.code).as(cmd).isZero();
            assertThat(r.out).as(cmd).contains("Usage: logsieve " + cmd);
        }
        assertThat(run("--help").out).contains("demo", "train", "evaluate", "backfill", "generate");
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String cmd : new String[] {"demo", "train", "evaluate", "backfill", "generate", "evaluate-adfa", "adfa-knowledge", "report"}) {
                assertThat(run(cmd, "--help").out).as(cmd).contains("Usage: logsieve " + cmd);
            }
        } finally {
            System.setErr(stderr);
        }
        // A lone '%' in a description makes picocli print "Could not format ..." on every --help.
        assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void anUnknownOptionIsNamed() {
        Run r = run("train", "--format", "hdfs", "--logs", dir.toString(), "--out", dir.toString(), "--frobnicate", "3");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--frobnicate");
    }

    @Test
    void aBadOptionGetsAOneLineHintNotTheWholeUsage() {
        Run r = run("train", "--format", "hdfs", "--logs", dir.toString(), "--out", dir.toString(), "--frobnicate", "3");
        assertThat(r.err).doesNotContain("Usage:").contains("logsieve train: Unknown options: '--frobnicate', '3'")
                .endsWith("Run 'logsieve train --help' for its options." + System.lineSeparator());
        assertThat(r.err.lines().count()).isLessThanOrEqualTo(3);
        Run typo = run("train", "--format", "hdfs", "--logs", dir.toString(), "--out", dir.toString(), "--member", "dt");
        assertThat(typo.err).contains("--members").doesNotContain("Usage:");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.log");
        Run r = run("train", "--format", "hdfs", "--logs", missing.toString(), "--out", dir.resolve("b").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--logs").contains(missing.toString());
    }

    @Test
    void badValuesAreNamedWithTheirOption() throws Exception {
        Path log = Files.writeString(dir.resolve("x.log"), "081109 203531 1 INFO a: blk_1 x\n");
        assertThat(run("train", "--format", "nosuch", "--logs", log.toString(), "--out", dir.toString()).err)
                .contains("--format").contains("nosuch");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--window", "count:0").err)
                .contains("--window");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--members", "dt,svm").err)
                .contains("--members").contains("svm");
        Run demo = run("demo", "--members", "dt,svm");
        assertThat(demo.code).isEqualTo(2);
        assertThat(demo.err).contains("--members").contains("svm");
        assertThat(run("evaluate", "--format", "hdfs", "--logs", log.toString(), "--report", dir.resolve("r.json").toString(),
                "--split", "sideways:0.5").err).contains("--split");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-size", "64,2,3,128").err)
                .contains("--llm-size");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-epochs", "1,2").err)
                .contains("--llm-epochs");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-seeds", "0").err)
                .contains("--llm-seeds").contains("at least 1");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-seeds", "2",
                "--llm-onnx-storage", "external").err).contains("--llm-seeds").contains("--llm-onnx-storage external");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-refit",
                "--no-refit").err).contains("--llm-refit").contains("--no-refit");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-encoder", log.toString()).err)
                .contains("--llm-tokenizer");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-init-from", dir.toString()).err)
                .contains("--llm-init-from").contains("config.json");
        for (String option : new String[] {"--llm-drift", "--llm-unfamiliar", "--llm-transplant"}) {
            assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), option, "1.5").err)
                    .contains(option).contains("[0, 1]");
        }
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-onnx-precision",
                "fp8").err).contains("--llm-onnx-precision").contains("'fp8' is not one of [fp32, fp16]");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--llm-onnx-storage",
                "cloud").err).contains("--llm-onnx-storage").contains("[auto, external, inside]");
        Path knowledge = Files.writeString(dir.resolve("k.jsonl"), "{\"match\": \"blk_\", \"text\": \"a block.\"}\n");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--context",
                dir.resolve("none.jsonl").toString()).err).contains("--context").contains("no such file");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"match\": \"(\", \"text\": \"x\"}\n");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--context",
                bad.toString()).err).contains("--context").contains("line 1").contains("neither a keyword nor a regex");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--context",
                knowledge.toString(), "--members", "dt,knn").err).contains("--context").contains("no llm");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--context",
                knowledge.toString(), "--context-k", "0").err).contains("--context-k").contains("at least 1");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--context",
                knowledge.toString(), "--context-min-similarity", "2").err).contains("--context-min-similarity");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--fallback", "near").err)
                .contains("--fallback").contains("near").contains("auto, off");
        assertThat(run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.toString(), "--fallback", "1.2").err)
                .contains("--fallback").contains("(0, 1]");
        assertThat(run("backfill", "--format", "hdfs", "--logs", log.toString(), "--models", dir.resolve("none").toString(),
                "--out", dir.toString()).err).contains("--models");
        assertThat(run("report", "--out", dir.resolve("none").toString()).err).contains("--out").contains("no report.json");
        assertThat(run("report", "--out", dir.toString(), "--retrain-unseen-share", "1.5").err).contains("--retrain-unseen-share");
        assertThat(run("train", "--format", "custom", "--log-format", "<Date> <Time>", "--logs", log.toString(),
                "--out", dir.toString()).err).contains("--log-format").contains("Content");
    }

    @Test
    void backfillNamesAMemberTheBundleLacksAndABadTritonAddress() throws Exception {
        Path log = Files.writeString(dir.resolve("x.log"), "081109 203531 1 INFO a: blk_1 x\n");
        Path bundle = dir.resolve("bundle");
        dev.logsieve.bundle.ModelBundle.write(bundle, new dev.logsieve.ensemble.train.EnsembleTrainer()
                .train(new long[][] {{1}, {2}}, new int[] {0, 1}, java.util.List.of("dt")), new dev.logsieve.bundle.Manifest());
        Run r = run("backfill", "--format", "hdfs", "--logs", log.toString(), "--models", bundle.toString(),
                "--out", dir.resolve("out").toString(), "--members", "llm");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--members").contains("no member 'llm'").contains("dt");
        r = run("backfill", "--format", "hdfs", "--logs", log.toString(), "--models", bundle.toString(),
                "--out", dir.resolve("out").toString(), "--triton", "triton:eighty");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--triton").contains("HOST:PORT");
    }

    /** A URI of a file system this JVM lacks (no S3 plugin here) is named with its option and Flink's reason. */
    @Test
    void aFileSystemThatIsNotThereIsNamedWithItsOption() throws Exception {
        Path log = Files.writeString(dir.resolve("y.log"), "081109 203531 1 INFO a: blk_1 x\n");
        Path bundle = dir.resolve("bundle-s3");
        dev.logsieve.bundle.ModelBundle.write(bundle, new dev.logsieve.ensemble.train.EnsembleTrainer()
                .train(new long[][] {{1}, {2}}, new int[] {0, 1}, java.util.List.of("dt")), new dev.logsieve.bundle.Manifest());
        Run r = run("backfill", "--format", "hdfs", "--logs", "s3://logs/2026-11/", "--models", bundle.toString(),
                "--out", dir.resolve("out-s3").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--logs").contains("s3://logs/2026-11/").contains("plugin");
        r = run("backfill", "--format", "hdfs", "--logs", log.toString(), "--models", "s3://models/current/",
                "--out", dir.resolve("out-s3").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--models").contains("s3://models/current/");
        r = run("train", "--format", "hdfs", "--logs", "s3://logs/2026-11/", "--out", dir.resolve("t").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--logs").contains("local files only");
    }

    @Test
    void backfillReadsLogsInTheBundlesFormatAndStopsWhenTheyAreReadInAnother() throws Exception {
        Path hdfsLog = Files.writeString(dir.resolve("hdfs.log"),
                "081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010\n"
                + "081109 203519 145 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_-1608999687919862906 terminating\n");
        Path bglLog = Files.writeString(dir.resolve("bgl.log"),
                "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected\n"
                + "- 1117838573 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.53.276129 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected\n");
        Path bundle = dir.resolve("bundle");
        dev.logsieve.bundle.Manifest manifest = new dev.logsieve.bundle.Manifest();
        manifest.format = "hdfs";
        dev.logsieve.bundle.ModelBundle.write(bundle, new dev.logsieve.ensemble.train.EnsembleTrainer()
                .train(new long[][] {{1}, {2}}, new int[] {0, 1}, java.util.List.of("dt")), manifest);

        Run mismatch = run("backfill", "--format", "bgl", "--logs", hdfsLog.toString(), "--models", bundle.toString(),
                "--out", dir.resolve("out1").toString());
        assertThat(mismatch.code).isEqualTo(2);
        assertThat(mismatch.err).contains("--format").contains("read as 'bgl'").contains("trained on 'hdfs'");

        Run byDefault = run("backfill", "--logs", hdfsLog.toString(), "--models", bundle.toString(),
                "--out", dir.resolve("out2").toString());
        assertThat(byDefault.code).as(byDefault.err).isZero();
        assertThat(Files.readAllLines(dir.resolve("out2").resolve("verdicts.jsonl"))).singleElement().asString()
                .contains("\"key\":\"blk_-1608999687919862906\"").contains("\"length\":2");
        assertThat(Files.readString(dir.resolve("out2").resolve("dead-letter.jsonl"))).isEmpty();

        Run unreadable = run("backfill", "--logs", bglLog.toString(), "--models", bundle.toString(),
                "--out", dir.resolve("out3").toString());
        assertThat(unreadable.code).isEqualTo(1);
        assertThat(unreadable.err).contains("2 of 2 lines (100 %) could not be used as --format hdfs")
                .contains(dir.resolve("out3").resolve("dead-letter.jsonl").toString());
    }

    /**
     * Backfilling the first 2,000 lines of a log once flagged half its blocks with no hint that they
     * were cut off. A whole generated log of short-lived blocks has most of its blocks near its
     * bounds too, but they are complete and flagged as often as in training: no warning there.
     */
    @Test
    void backfillWarnsWhenManySessionsMayBeCutOffByTheInputsBounds() throws Exception {
        Path trainLog = dir.resolve("train.log");
        new dev.logsieve.generate.HdfsLogGenerator(dev.logsieve.generate.GeneratorOptions.defaults().withBlocks(1500))
                .write(trainLog, dir.resolve("train-labels.csv"));
        Path bundle = dir.resolve("bundle");
        Run train = run("train", "--format", "hdfs", "--logs", trainLog.toString(), "--labels",
                dir.resolve("train-labels.csv").toString(), "--members", "dt", "--out", bundle.toString());
        assertThat(train.code).as(train.err).isZero();
        Path whole = dir.resolve("whole.log");
        new dev.logsieve.generate.HdfsLogGenerator(dev.logsieve.generate.GeneratorOptions.defaults().withSeed(5)
                .withBlocks(500)).write(whole, dir.resolve("whole-labels.csv"));
        Path head = Files.write(dir.resolve("head.log"), Files.readAllLines(trainLog).subList(0, 2000));

        Run complete = run("backfill", "--logs", whole.toString(), "--models", bundle.toString(), "--out", dir.resolve("w").toString());
        assertThat(complete.code).as(complete.err).isZero();
        assertThat(complete.err).doesNotContain("warning");
        Run cut = run("backfill", "--logs", head.toString(), "--models", bundle.toString(), "--out", dir.resolve("h").toString());
        assertThat(cut.code).as(cut.err).isZero();
        assertThat(cut.err).contains("logsieve backfill: warning: ").contains("within 10 min of the input's first line")
                .contains("cut off where the input starts or ends");
    }

    @Test
    void trainingWithoutLabelsSaysWhatIsMissing() throws Exception {
        Path log = Files.writeString(dir.resolve("x.log"), "081109 203531 1 INFO a: blk_1 x\n");
        Run r = run("train", "--format", "hdfs", "--logs", log.toString(), "--out", dir.resolve("bundle").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("--labels");
    }
}
