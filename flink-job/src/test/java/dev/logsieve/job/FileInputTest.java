package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored files as a job's input: how many sources read them, and what each line keeps of its file. */
class FileInputTest {

    private static final int LINES_PER_FILE = 250;

    /** A BGL-style file; line {@code alertAt} (1-based) is an alert, the others are not. */
    private static Path bglFile(Path dir, String name, int alertAt) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= LINES_PER_FILE; i++) {
            text.append(i == alertAt ? "KERNDTLB" : "-").append(' ').append(1117838570L + i)
                    .append(" 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL ")
                    .append(i == alertAt ? "FATAL data TLB error interrupt" : "INFO instruction cache parity error corrected")
                    .append('\n');
        }
        Path file = dir.resolve(name);
        try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void manyFilesInABoundedRunKeepTheirNamesLineNumbersAndWindows(@TempDir Path dir) throws Exception {
        List<Path> files = List.of(bglFile(dir, "a.log", 5), bglFile(dir, "b.log.gz", 150), bglFile(dir, "c.log", 0),
                bglFile(dir, "d.log.gz", 250), bglFile(dir, "e.log", 0));
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "bgl");

        List<LogSequence> seqs = SequenceCollector.collect(files, conf, 2, null).sequences;

        // Each file is cut into windows of 100 of its own lines, named by the file and its first line.
        List<String> expected = new ArrayList<>();
        for (Path f : files) {
            for (int first : new int[] {1, 101, 201}) {
                expected.add(f.toAbsolutePath() + "#" + first);
            }
        }
        assertThat(seqs).extracting(s -> s.key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(seqs.stream().collect(Collectors.summingInt(LogSequence::length))).isEqualTo(5 * LINES_PER_FILE);
        assertThat(seqs.stream().filter(s -> s.label == Labels.ANOMALOUS).map(s -> s.key))
                .containsExactlyInAnyOrder(files.get(0).toAbsolutePath() + "#1", files.get(1).toAbsolutePath() + "#101",
                        files.get(3).toAbsolutePath() + "#201");
    }

    /** The job graph of reading {@code n} files, up to the sequences, in the given mode. */
    private static List<StreamNode> graphOf(int n, RuntimeExecutionMode mode, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(Files.writeString(dir.resolve(mode + "-" + i + ".log"), "x\n"));
        }
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, mode, 2);
        Pipeline.Sequences seqs = Pipeline.sequences(env, conf, LineInput.files(files, 1 << 16), null,
                mode == RuntimeExecutionMode.BATCH);
        seqs.sequences().print();
        seqs.deadLetters().print();
        return new ArrayList<>(env.getStreamGraph().getStreamNodes());
    }

    @Test
    void aBoundedRunReadsAllFilesInOneSourceSoItsGraphDoesNotGrowWithThem(@TempDir Path dir) throws IOException {
        List<StreamNode> few = graphOf(3, RuntimeExecutionMode.BATCH, dir);
        List<StreamNode> many = graphOf(60, RuntimeExecutionMode.BATCH, dir);
        assertThat(many).hasSameSizeAs(few);
        assertThat(many.stream().filter(n -> n.getOperatorName().contains("read "))).singleElement()
                .satisfies(n -> assertThat(n.getParallelism()).isEqualTo(2));
    }

    @Test
    void aBackfillOfAThousandFilesRuns(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            files.add(Files.writeString(dir.resolve("part-" + i + ".log"),
                    "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL "
                            + "INFO instruction cache parity error corrected\n"));
        }
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "bgl");
        // Before one source read them all, building this job's graph overflowed the stack.
        List<LogSequence> seqs = SequenceCollector.collect(files, conf, 2, null).sequences;
        assertThat(seqs).hasSize(1000).allSatisfy(s -> assertThat(s.length()).isEqualTo(1));
    }

    @Test
    void aStreamingRunOfAThousandFilesBuildsItsGraph(@TempDir Path dir) throws IOException {
        // One union of all files' streams, not a union per file nested a thousand deep.
        assertThat(graphOf(1000, RuntimeExecutionMode.STREAMING, dir).stream()
                .filter(n -> n.getOperatorName().contains("read "))).hasSize(1000);
    }

    @Test
    void aStreamingRunGivesEachFileItsOwnSourceSoEachFilesEventTimeMovesOnItsOwn(@TempDir Path dir) throws IOException {
        List<StreamNode> nodes = graphOf(3, RuntimeExecutionMode.STREAMING, dir);
        assertThat(nodes.stream().filter(n -> n.getOperatorName().contains("read ")))
                .hasSize(3).allSatisfy(n -> assertThat(n.getParallelism()).isEqualTo(1));
    }
}
