package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.io.RawLine;
import dev.logsieve.testing.SharedData;
import dev.logsieve.window.WindowOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * Real HDFS blocks, which live for hours, streamed in event time from two inputs, the second of
 * which starts late (a partition that has no data yet when the job starts, so it is idle while the
 * first pushes event time ahead): no line may be lost, held open forever or dropped as late.
 */
class LongSessionsTest {
    private static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");

    @Test
    void everyLineOfBlocksThatLiveForHoursIsInExactlyOneFinalSequenceAndNoneIsLateAtStart() throws Exception {
        Path sample = SharedData.require("hdfs/HDFS_sample.log.gz");
        List<List<RawLine>> inputs = List.of(new ArrayList<>(), new ArrayList<>());
        Map<String, Integer> mentions = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample)), StandardCharsets.UTF_8))) {
            String line;
            for (int n = 1; n <= 30_000 && (line = in.readLine()) != null; n++) {
                Matcher m = BLOCK.matcher(line);
                if (!m.find()) {
                    continue;
                }
                // As Kafka partitions by key: a block's lines all go to one input, in order.
                List<RawLine> to = inputs.get(Math.floorMod(m.group().hashCode(), 2));
                to.add(new RawLine("part-" + inputs.indexOf(to), n, line, line.length(), false));
                java.util.Set<String> blocks = new java.util.HashSet<>();
                do {
                    blocks.add(m.group()); // a line that names a block twice is one of its lines
                } while (m.find());
                blocks.forEach(b -> mentions.merge(b, 1, Integer::sum));
            }
        }
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(WindowOptions.SESSION_GAP, Duration.ofHours(6)); // the gap that left blocks without verdicts
        conf.set(WindowOptions.IDLENESS, Duration.ofMillis(300));
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(20));
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.STREAMING, 2);
        DataStream<RawLine> first = env.fromData(inputs.get(0), TypeInformation.of(RawLine.class)).setParallelism(1);
        DataStream<RawLine> late = env.fromData(inputs.get(1), TypeInformation.of(RawLine.class)).setParallelism(1)
                .map(new StartLate(2_000)).setParallelism(1).returns(RawLine.class);
        LineInput input = new LineInput() {
            @Override
            public DataStream<RawLine> create(StreamExecutionEnvironment e) {
                return first.union(late);
            }

            @Override
            public List<DataStream<RawLine>> createEach(StreamExecutionEnvironment e) {
                return List.of(first, late);
            }
        };
        Pipeline.Sequences r = Pipeline.sequences(env, conf, input, null, false);
        List<LogSequence> finals = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (CloseableIterator<LogSequence> s = r.sequences().collectAsync();
             CloseableIterator<DeadLetter> d = r.deadLetters().collectAsync()) {
            env.execute("long sessions");
            s.forEachRemaining(seq -> {
                if (seq.last) {
                    finals.add(seq);
                }
            });
            d.forEachRemaining(dead::add);
        }
        assertThat(dead).as("dead letters").isEmpty();
        Map<String, Integer> sequenced = new HashMap<>();
        for (LogSequence seq : finals) {
            assertThat(sequenced.put(seq.key, seq.length())).as("one final sequence for " + seq.key).isNull();
        }
        Map<String, String> differ = new java.util.TreeMap<>();
        mentions.forEach((k, n) -> {
            if (!n.equals(sequenced.get(k))) {
                differ.put(k, n + " lines, sequenced " + sequenced.get(k));
            }
        });
        sequenced.keySet().stream().filter(k -> !mentions.containsKey(k)).forEach(k -> differ.put(k, "not in the log"));
        assertThat(differ).as("blocks whose lines are not all in their final sequence").isEmpty();
    }

    /** Holds its input's first line back, as a partition that gets data only after the job started. */
    static final class StartLate implements org.apache.flink.api.common.functions.MapFunction<RawLine, RawLine> {
        private final long millis;
        private boolean started;

        StartLate(long millis) {
            this.millis = millis;
        }

        @Override
        public RawLine map(RawLine line) throws Exception {
            if (!started) {
                Thread.sleep(millis);
                started = true;
            }
            return line;
        }
    }
}
