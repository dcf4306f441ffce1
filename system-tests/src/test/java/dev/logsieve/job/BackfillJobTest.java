package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.eval.Report;
import dev.logsieve.eval.ReportPage;
import dev.logsieve.event.ProtoCodec;
import dev.logsieve.event.Verdict;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.format.SessionLabels;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.testing.ElsewhereFileSystem;
import dev.logsieve.testing.ReportJson;
import dev.logsieve.testing.TestBundles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole backfill on a local Flink: generated HDFS logs with bad lines mixed in. Every line is
 * accounted for, every bad line is in the dead letters with its line number and a reason, every
 * block gets exactly one verdict, and the verdicts are good.
 */
class BackfillJobTest {
    @TempDir
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void train() throws Exception {
        bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 800, 1);
    }

    @Test
    void everyLineIsAccountedForAndBadLinesAreKeptWithTheirReason() throws Exception {
        Path clean = dir.resolve("clean.log");
        Path labels = dir.resolve("labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(2).withBlocks(400).withAnomalyFraction(0.1))
                .write(clean, labels);
        List<String> lines = Files.readAllLines(clean, StandardCharsets.UTF_8);

        // Interleave poison: binary junk, an empty line, a 1 MB line, invalid UTF-8, a BGL line, and an
        // HDFS line naming 5,000 blocks (it once opened 5,000 sequences and raised as many alerts).
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        Set<Long> badLineNumbers = new HashSet<>();
        byte[][] poison = {
            {0, 1, 2, 3, (byte) 0xff, (byte) 0x80, 0x7f},
            {},
            megabyteLine(),
            "081109 203531 145 INFO dfs.DataNode: caf\u00e9 ".getBytes(StandardCharsets.ISO_8859_1),
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO x"
                    .getBytes(StandardCharsets.UTF_8),
            fiveThousandBlocks(),
        };
        long n = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (i % 1000 == 500) {
                for (byte[] p : poison) {
                    input.write(p);
                    input.write('\n');
                    badLineNumbers.add(++n);
                }
            }
            input.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
            input.write('\n');
            n++;
        }
        Path log = dir.resolve("mixed.log");
        Files.write(log, input.toByteArray());
        Path out = dir.resolve("out");

        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(EvalOptions.LABELS, labels.toString());
        Report report = new BackfillJob(List.of(log), bundle, out, conf, 2).run(null);

        // Every line is counted: lines read = lines used + dead letters (no line is late in a backfill).
        assertThat(report.lines).isEqualTo(n);
        assertThat(report.details.get("dead_letters")).isEqualTo((long) badLineNumbers.size());
        assertThat(report.details.get("lines_used")).isEqualTo(n - badLineNumbers.size());
        assertThat(report.details.get("late_lines")).isEqualTo(0L);
        // Two poison lines a round are not valid UTF-8 (the binary junk and the Latin-1 "café").
        assertThat(report.details.get("invalid_utf8_lines")).isEqualTo(2L * badLineNumbers.size() / poison.length);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> dead = readJsonLines(out.resolve("dead-letter.jsonl"), json);
        assertThat(dead).hasSize(badLineNumbers.size());
        Set<Long> deadNumbers = new HashSet<>();
        for (JsonNode d : dead) {
            deadNumbers.add(d.get("lineNumber").asLong());
            assertThat(d.get("reason").asText()).isNotBlank();
            assertThat(d.get("source").asText()).endsWith("mixed.log");
        }
        assertThat(deadNumbers).isEqualTo(badLineNumbers);
        assertThat(dead).anySatisfy(d -> assertThat(d.get("reason").asText()).contains("longer than the limit"));
        assertThat(dead).anySatisfy(d -> assertThat(d.get("bytes").asInt()).isEqualTo(1 << 20));
        assertThat(dead).anySatisfy(d -> assertThat(d.get("reason").asText())
                .isEqualTo("the line names 5000 session keys, more than the limit of 100 (logsieve.input.max-session-keys)"));

        // One verdict per block, none missing, none doubled.
        Map<String, Integer> truth = SessionLabels.read(labels);
        List<JsonNode> verdicts = readJsonLines(out.resolve("verdicts.jsonl"), json);
        List<String> keys = new ArrayList<>();
        verdicts.forEach(v -> keys.add(v.get("key").asText()));
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys)).isEqualTo(truth.keySet());
        for (JsonNode v : verdicts) { // the label the file gives its block, joined on the way
            assertThat(v.get("trueLabel").asInt()).as("true label of %s", v.get("key")).isEqualTo(truth.get(v.get("key").asText()));
        }
        assertThat(verdicts.get(0).get("members").toString()).isEqualTo("[\"dt\",\"knn\",\"mlp\"]");

        // The models were trained on other generated blocks; the faults are still found.
        assertThat(report.plain().f1()).isGreaterThan(0.9);
        assertThat(report.sequences).isEqualTo(truth.size());
        assertThat(Files.exists(out.resolve("report.json"))).isTrue();
        JsonNode written = json.readTree(out.resolve("report.json").toFile());
        for (String field : Arrays.asList("sequences", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "dedup",
                "lines", "seconds", "lines_per_second")) {
            assertThat(written.has(field)).as("report field " + field).isTrue();
        }
        assertThat(written.get("dedup").has("f1")).isTrue();
        // The job wrote that report itself, from the totals its operators sent when their input ended;
        // it says what the client's report from the job's accumulators says, apart from the times.
        assertThat(ReportJson.withoutTimes(written)).isEqualTo(ReportJson.withoutTimes(json.readTree(json.writeValueAsString(report))));
    }

    /**
     * Logs, bundle, labels and outputs named by file system URIs, as a cluster reads them from object
     * storage: the same verdicts and report as with local paths, and no file left in progress.
     * {@code elsewhere://} is a stand-in for S3 or HDFS, which cannot run here (see ElsewhereFileSystem).
     */
    @Test
    void logsBundleLabelsAndOutputsCanBeFileSystemUris() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("uri-logs"));
        Path labels = dir.resolve("uri-labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(5).withBlocks(120).withAnomalyFraction(0.1))
                .write(logs.resolve("part-1.log"), labels);
        Configuration local = new Configuration();
        local.set(FormatSettings.FORMAT, "hdfs");
        local.set(EvalOptions.LABELS, labels.toString());
        Report expected = new BackfillJob(List.of(logs), bundle, dir.resolve("uri-local-out"), local, 2).run(null);

        Configuration remote = new Configuration(local);
        remote.set(EvalOptions.LABELS, ElsewhereFileSystem.uri(labels));
        Path out = dir.resolve("uri-out");
        Report report = new BackfillJob(List.of(ElsewhereFileSystem.uri(logs)), ElsewhereFileSystem.uri(bundle),
                ElsewhereFileSystem.uri(out), remote, 2).run(null);

        ObjectMapper json = new ObjectMapper();
        assertThat(ReportJson.withoutTimes(json.readTree(out.resolve("report.json").toFile())))
                .isEqualTo(ReportJson.withoutTimes(json.readTree(dir.resolve("uri-local-out").resolve("report.json").toFile())));
        assertThat(report.plain()).usingRecursiveComparison().isEqualTo(expected.plain());
        assertThat(report.sequences).isEqualTo(120);
        assertThat(readJsonLines(out.resolve("verdicts.jsonl"), json)).hasSize(120);
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("verdicts.jsonl", "dead-letter.jsonl", "report.json", "report.html");
        }
    }

    @Test
    void verdictsCanBeWrittenAsProtobuf() throws Exception {
        Path log = dir.resolve("pb.log");
        Path labels = dir.resolve("pb-labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(3).withBlocks(150)).write(log, labels);
        Path out = dir.resolve("out-pb");
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        new BackfillJob(List.of(log), bundle, out, conf, 2).protobufVerdicts(true).run(null);
        Set<String> keys = new HashSet<>();
        try (var in = Files.newInputStream(out.resolve("verdicts.pb"))) {
            for (dev.logsieve.proto.Verdict v; (v = dev.logsieve.proto.Verdict.parseDelimitedFrom(in)) != null; ) {
                keys.add(v.getKey());
                assertThat(v.getVotesCount()).isEqualTo(3);
            }
        }
        assertThat(keys).isEqualTo(SessionLabels.read(labels).keySet());
        // Without labels there is nothing to score: the report has the counts and no scores.
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("sequences").asLong()).isEqualTo(keys.size());
        assertThat(report.get("lines").asLong()).isEqualTo(Files.readAllLines(log).size());
        assertThat(report.has("f1")).isFalse();

        // report.html reads protobuf verdicts as it reads JSON lines: the same verdicts as JSON lines give the same page.
        Path asJson = Files.createDirectories(dir.resolve("out-pb-as-json"));
        Files.copy(out.resolve("report.json"), asJson.resolve("report.json"));
        var jsonLine = RecordFileSink.<Verdict>jsonLines(asJson, "verdicts").encoding(); // what a JSON backfill writes
        try (var in = Files.newInputStream(out.resolve("verdicts.pb"));
                var w = Files.newOutputStream(asJson.resolve("verdicts.jsonl"))) {
            for (dev.logsieve.proto.Verdict v; (v = dev.logsieve.proto.Verdict.parseDelimitedFrom(in)) != null; ) {
                w.write(jsonLine.map(ProtoCodec.fromProto(v)));
            }
        }
        ReportPage.writeIn(asJson.toString(), 0.01);
        String page = Files.readString(out.resolve(ReportPage.FILE));
        assertThat(page).contains(String.format(java.util.Locale.ROOT, "of %,d verdicts", keys.size()))
                .isEqualTo(Files.readString(asJson.resolve(ReportPage.FILE)));
    }

    /** With {@code logsieve.input.invalid-utf8: dead_letter}, such a line is kept aside with its bytes, not used. */
    @Test
    void invalidUtf8CanGoToTheDeadLettersWithItsBytes() throws Exception {
        Path clean = dir.resolve("utf8.log");
        Path labels = dir.resolve("utf8-labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(4).withBlocks(100)).write(clean, labels);
        List<String> lines = Files.readAllLines(clean, StandardCharsets.UTF_8);
        // A well-formed line of a real block, with one byte of Latin-1 in it.
        String first = lines.get(0);
        byte[] latin1 = (first + " caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(latin1);
        input.write('\n');
        for (String l : lines) {
            input.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path log = dir.resolve("utf8-mixed.log");
        Files.write(log, input.toByteArray());

        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(EvalOptions.LABELS, labels.toString());
        Report accepted = new BackfillJob(List.of(log), bundle, dir.resolve("utf8-accept"), conf, 2).run(null);
        assertThat(accepted.details.get("invalid_utf8_lines")).isEqualTo(1L);
        assertThat(accepted.details.get("dead_letters")).isEqualTo(0L);

        conf.setString("logsieve.input.invalid-utf8", "dead_letter");
        Path out = dir.resolve("utf8-dead");
        Report report = new BackfillJob(List.of(log), bundle, out, conf, 2).run(null);
        assertThat(report.details.get("invalid_utf8_lines")).isEqualTo(1L);
        assertThat(report.details.get("dead_letters")).isEqualTo(1L);
        assertThat(report.details.get("lines_used")).isEqualTo((long) lines.size());
        JsonNode dead = readJsonLines(out.resolve("dead-letter.jsonl"), new ObjectMapper()).get(0);
        assertThat(dead.get("lineNumber").asLong()).isEqualTo(1);
        assertThat(dead.get("reason").asText()).isEqualTo("not valid UTF-8 (logsieve.input.invalid-utf8: dead_letter)");
        assertThat(Base64.getDecoder().decode(dead.get("original_base64").asText())).isEqualTo(latin1);
    }

    private static byte[] fiveThousandBlocks() {
        StringBuilder b = new StringBuilder("081109 203615 148 INFO dfs.FSNamesystem: BLOCK* ask 10.250.11.85:50010 to delete");
        for (int i = 0; i < 5000; i++) {
            b.append(" blk_").append(10_000 + i); // 50 kB in all: under the 64 kB line limit
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] megabyteLine() {
        byte[] b = new byte[1 << 20];
        Arrays.fill(b, (byte) 'a');
        System.arraycopy("081109 203531 145 INFO x: blk_1 ".getBytes(StandardCharsets.UTF_8), 0, b, 0, 32);
        return b;
    }

    private static List<JsonNode> readJsonLines(Path file, ObjectMapper json) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(json.readTree(line));
        }
        return out;
    }
}
