package dev.logsieve.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.SequenceCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gathering lines by session key before the shuffle must not change a single sequence: the same
 * generated HDFS logs, split into two files so that blocks span both, give the same sequences
 * with every line sent on its own, with many small pieces per block, and with the default. The
 * runs have Flink's generic types (Kryo) switched off, so they also show that no line, piece or
 * sequence falls back to Kryo.
 */
class SessionCombinerTest {

    @Test
    void sequencesAreTheSameWhateverHowManyLinesEachReaderGathers(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.log");
        HdfsLogGenerator generator = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(7).withBlocks(600));
        generator.write(whole, dir.resolve("labels.csv"));
        List<String> lines = Files.readAllLines(whole);
        // Two files, blocks in both: the second half of a block's lines is in the second file.
        Path first = Files.write(dir.resolve("a.log"), lines.subList(0, lines.size() / 2));
        Path second = Files.write(dir.resolve("b.log"), lines.subList(lines.size() / 2, lines.size()));

        List<String> oneByOne = sequences(List.of(first, second), 1);
        List<String> smallPieces = sequences(List.of(first, second), 37);
        List<String> byDefault = sequences(List.of(first, second), WindowOptions.COMBINE_LINES.defaultValue());

        assertThat(oneByOne).hasSizeGreaterThan(500);
        assertThat(smallPieces).isEqualTo(oneByOne);
        assertThat(byDefault).isEqualTo(oneByOne);
        long linesInSequences = oneByOne.stream().mapToLong(s -> s.split(" ", -1)[1].split(",").length).sum();
        assertThat(linesInSequences).as("every line in a sequence").isGreaterThanOrEqualTo(lines.size());
    }

    /** Each sequence as text: key, template ids, times, start, end, label. */
    private static List<String> sequences(List<Path> logs, int combineLines) throws Exception {
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(WindowOptions.COMBINE_LINES, combineLines);
        conf.set(PipelineOptions.GENERIC_TYPES, false); // fails the job if any record or state fell back to Kryo
        List<LogSequence> seqs = SequenceCollector.collect(logs, conf, 2, null).sequences;
        return seqs.stream()
                .map(s -> s.key + " " + Arrays.stream(s.templateIds).mapToObj(Long::toString).collect(Collectors.joining(","))
                        + " " + Arrays.toString(s.times) + " " + s.start + " " + s.end + " " + s.label)
                .sorted()
                .toList();
    }
}
