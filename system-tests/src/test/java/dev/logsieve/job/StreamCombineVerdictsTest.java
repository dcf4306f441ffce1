package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.io.RawLine;
import dev.logsieve.testing.TestBundles;
import dev.logsieve.window.WindowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming with the lines gathered by session key before the shuffle ({@code combine-sessions})
 * gives exactly the verdicts of streaming every line on its own: generated HDFS logs replayed in
 * event time from two inputs (a block's lines all in one, as Kafka partitions by key), judged by a
 * real dt/knn/mlp bundle, every revision compared, the verdicts judged after a quiet spell as well
 * as the final ones. Generic types are off, so no record falls back to Kryo either.
 */
class StreamCombineVerdictsTest {
    private static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");

    @Test
    void everyRevisionOfEveryBlockIsTheSameWithAndWithoutGatheringLines(@TempDir Path dir) throws Exception {
        Path bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 400, 1);
        Path log = dir.resolve("stream.log");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(11).withBlocks(1_500).withAnomalyFraction(0.1)
                .withBlockLifetime(Duration.ofMinutes(2))).write(log, dir.resolve("labels.csv"));
        List<List<RawLine>> inputs = List.of(new ArrayList<>(), new ArrayList<>());
        List<String> lines = Files.readAllLines(log);
        for (int n = 0; n < lines.size(); n++) {
            Matcher m = BLOCK.matcher(lines.get(n));
            int to = m.find() ? Math.floorMod(m.group().hashCode(), 2) : 0;
            inputs.get(to).add(new RawLine("part-" + to, n + 1, lines.get(n), lines.get(n).length(), false));
        }

        Run oneByOne = run(inputs, bundle, 1);
        Run gathered = run(inputs, bundle, WindowOptions.COMBINE_LINES.defaultValue());

        assertThat(oneByOne.judgements.stream().filter(j -> j.contains(" final ")).count()).as("final judgements")
                .isGreaterThan(1_400);
        assertThat(oneByOne.judgements.stream().filter(j -> j.contains(" step 1 ") && !j.contains(" final ")).count())
                .as("blocks judged after a quiet spell, before their lifetime ended").isGreaterThan(1_000);
        assertThat(oneByOne.verdicts.stream().filter(v -> v.contains(" label 1 ")).count()).as("anomalous verdicts")
                .isPositive();
        assertThat(gathered.judgements).isEqualTo(oneByOne.judgements);
        assertThat(gathered.verdicts).isEqualTo(oneByOne.verdicts);
    }

    /** Every judgement (sequence) and every verdict of a run, as sorted text. */
    private record Run(List<String> judgements, List<String> verdicts) {}

    /**
     * Judgements as key, step, final, event time judged, template ids; verdicts as key, revision, final,
     * span, length, label, score, votes.
     */
    private static Run run(List<List<RawLine>> inputs, Path bundle, int combineLines) throws Exception {
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(WindowOptions.SESSION_GAP, Duration.ofMinutes(3));
        conf.set(WindowOptions.SESSION_LIFETIME, Duration.ofMinutes(10));
        conf.set(WindowOptions.COMBINE_LINES, combineLines);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(20));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.STREAMING, 2);
        List<DataStream<RawLine>> each = new ArrayList<>();
        for (List<RawLine> in : inputs) {
            each.add(env.fromData(in, TypeInformation.of(RawLine.class)).setParallelism(1));
        }
        LineInput input = new LineInput() {
            @Override
            public DataStream<RawLine> create(StreamExecutionEnvironment e) {
                return each.get(0).union(each.get(1));
            }

            @Override
            public List<DataStream<RawLine>> createEach(StreamExecutionEnvironment e) {
                return each;
            }
        };
        Models models = Models.open(bundle.toString(), conf);
        DataStream<LogSequence> sequences = Pipeline.sequences(env, conf, input, models, false).sequences();
        DataStream<Verdict> verdicts = Pipeline.judge(sequences, null, conf, models, false);
        Run run = new Run(new ArrayList<>(), new ArrayList<>());
        try (CloseableIterator<LogSequence> s = sequences.collectAsync();
             CloseableIterator<Verdict> v = verdicts.collectAsync()) {
            env.execute("stream, combine-lines " + combineLines);
            s.forEachRemaining(q -> run.judgements.add(q.key + " step " + q.step + (q.last ? " final " : " ") + q.judgedAt
                    + " " + Arrays.toString(q.templateIds)));
            v.forEachRemaining(r -> run.verdicts.add(r.key + " revision " + r.revision + (r.finalRevision ? " final " : " ")
                    + r.start + "-" + r.end + " length " + r.length + " label " + r.label + " score " + r.score + " votes "
                    + Arrays.toString(r.votes)));
        }
        run.judgements.sort(null);
        run.verdicts.sort(null);
        return run;
    }
}
