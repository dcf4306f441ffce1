package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.format.LineFormat;
import dev.logsieve.format.SupercomputerFormat;
import dev.logsieve.io.RawLine;
import dev.logsieve.testing.SharedData;
import dev.logsieve.window.Grouping;
import dev.logsieve.window.WindowOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How lines become sequences in each grouping mode, on real data where it is present. */
class SequencerTest {

    @Test
    void bglLinesFormCountWindowsOfAHundredLabeledByTheirLines() throws Exception {
        Path log = SharedData.require("loghub_2k/BGL/BGL_2k.log");
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "bgl");
        List<LogSequence> seqs = SequenceCollector.collect(List.of(log), conf, 2, null).sequences;

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int expectedAnomalous = 0;
        for (int w = 0; w < lines.size(); w += 100) {
            boolean alert = lines.subList(w, Math.min(w + 100, lines.size())).stream().anyMatch(l -> !l.startsWith("- "));
            expectedAnomalous += alert ? 1 : 0;
        }
        assertThat(seqs).hasSize(20);
        assertThat(seqs).allSatisfy(s -> assertThat(s.length()).isEqualTo(100));
        assertThat(seqs.stream().filter(s -> s.label == Labels.ANOMALOUS).count()).isEqualTo(expectedAnomalous);
        // Windows follow file order: the first window starts at line 1, the second at line 101.
        assertThat(seqs).extracting(s -> s.key).contains(log.toAbsolutePath() + "#1", log.toAbsolutePath() + "#101");
    }

    @Test
    void timeWindowsCutTheLinesOfEachSourceByTheClock() throws Exception {
        Path log = SharedData.require("loghub_2k/BGL/BGL_2k.log");
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "bgl");
        conf.set(WindowOptions.WINDOW_TYPE, Grouping.Type.TIME);
        conf.set(WindowOptions.TIME_SIZE, Duration.ofHours(1));
        List<LogSequence> seqs = SequenceCollector.collect(List.of(log), conf, 2, null).sequences;

        // The second column is the epoch second: count the distinct hours the lines fall into.
        java.util.Set<Long> hours = new java.util.HashSet<>();
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            hours.add(Long.parseLong(l.split(" ")[1]) / 3600);
        }
        assertThat(seqs).hasSize(hours.size());
        assertThat(seqs.stream().mapToInt(LogSequence::length).sum()).isEqualTo(2000);
        assertThat(seqs).allSatisfy(s -> assertThat(s.end / 3_600_000).isEqualTo(s.start / 3_600_000));
    }

    @Test
    void theSharedBglWindowsReadAsSequences() throws Exception {
        Path file = SharedData.require("bgl/bgl_windows100_train.jsonl.gz");
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "sequences");
        SequenceCollector.Collected c = SequenceCollector.collect(List.of(file), conf, 2, null);
        int anomalous = 0;
        try (var r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                anomalous += l.contains("\"label\": 1") ? 1 : 0;
            }
        }
        assertThat(c.sequences).hasSize(5019);
        assertThat(c.sequences.stream().filter(s -> s.label == Labels.ANOMALOUS).count()).isEqualTo(anomalous);
        assertThat(c.deadLetters).isZero();
    }

    @Test
    void streamingSessionsAreJudgedAfterTheGapFinallyAfterTheirLifetimeAndLateLinesAreKeptAsDeadLetters()
            throws Exception {
        // Block A at 20:35:31-20:35:33, block B five minutes later pushes event time past A's gap and
        // its two-minute lifetime, then a straggler of A arrives: it is late and must come out as a
        // dead letter, not vanish.
        List<RawLine> lines = new ArrayList<>();
        String[] text = {
            "081109 203531 1 INFO dfs.DataNode$PacketResponder: Received block blk_1 of size 1 from /10.0.0.1",
            "081109 203532 1 INFO dfs.DataNode$PacketResponder: Received block blk_1 of size 1 from /10.0.0.2",
            "081109 203533 1 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating",
            "081109 204100 1 INFO dfs.DataNode$PacketResponder: Received block blk_2 of size 1 from /10.0.0.1",
            "081109 204101 1 INFO dfs.DataNode$PacketResponder: Received block blk_2 of size 1 from /10.0.0.3",
            "081109 203534 1 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_1 terminating",
        };
        for (int i = 0; i < text.length; i++) {
            lines.add(new RawLine("test", i + 1, text[i], text[i].length(), false));
        }
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(WindowOptions.WINDOW_TYPE, Grouping.Type.SESSION);
        conf.set(WindowOptions.SESSION_GAP, Duration.ofMinutes(1));
        conf.set(WindowOptions.SESSION_LIFETIME, Duration.ofMinutes(2));
        conf.set(WindowOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(1));
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(20));
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.STREAMING, 1);
        // Lines arrive 200 ms apart, as in a live stream, so event time advances between them.
        DataStream<RawLine> in = env.fromData(lines, TypeInformation.of(RawLine.class))
                .map(l -> {
                    Thread.sleep(200);
                    return l;
                }).returns(RawLine.class);
        Pipeline.Sequences r = Pipeline.sequences(env, conf, e -> in, null, false);
        List<LogSequence> seqs = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (CloseableIterator<LogSequence> s = r.sequences().collectAsync();
             CloseableIterator<DeadLetter> d = r.deadLetters().collectAsync()) {
            env.execute("sessions");
            s.forEachRemaining(seqs::add);
            d.forEachRemaining(dead::add);
        }
        assertThat(seqs).filteredOn(x -> x.last).extracting(x -> x.key + ":" + x.length())
                .containsExactlyInAnyOrder("blk_1:3", "blk_2:2");
        // blk_1 was judged once after its gap, before its lifetime ended.
        assertThat(seqs).filteredOn(x -> !x.last).extracting(x -> x.key + ":" + x.length()).contains("blk_1:3");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason).startsWith("late");
        assertThat(dead.get(0).lineNumber).isEqualTo(6);
    }

    @Test
    void aBglTopicOfTwoPartitionsStreamsTheCountWindowsTrainingCutsFromTheLog(@TempDir Path dir) throws Exception {
        // The log as training reads it, one line a second, then spread by a producer over two partitions.
        String[] messages = {"instruction cache parity error corrected", "generating core.2275",
            "data TLB error interrupt", "machine check interrupt", "total of 12 ddr error(s) detected and corrected"};
        Random random = new Random(3);
        List<String> log = new ArrayList<>();
        List<List<RawLine>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
        Map<String, String> recordOfFileLine = new HashMap<>();
        Path file = dir.resolve("bgl.log");
        for (int i = 0; i < 95; i++) {
            String text = (random.nextInt(13) == 0 ? "KERNDTLB" : "-") + " " + (1117838570L + i)
                    + " 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO "
                    + messages[random.nextInt(messages.length)];
            log.add(text);
            int p = random.nextInt(2);
            List<RawLine> part = partitions.get(p);
            part.add(new RawLine("bgl-" + p, 500 + part.size(), text, text.length(), false));
            recordOfFileLine.put(file.toAbsolutePath() + "#" + (i + 1), "bgl-" + p + "#" + (500 + part.size() - 1));
        }
        Files.write(file, log, StandardCharsets.UTF_8);
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "bgl");
        conf.set(WindowOptions.COUNT_SIZE, 10);
        conf.set(WindowOptions.COUNT_STEP, 10);
        List<LogSequence> training = SequenceCollector.collect(List.of(file), conf, 1, null).sequences;

        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(20));
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.STREAMING, 2);
        Pipeline.Sequences r = Pipeline.sequences(env, conf, new TwoPartitions(partitions), null, false);
        List<LogSequence> seqs = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (CloseableIterator<LogSequence> s = r.sequences().collectAsync();
             CloseableIterator<DeadLetter> d = r.deadLetters().collectAsync()) {
            env.execute("count windows");
            s.forEachRemaining(seqs::add);
            d.forEachRemaining(dead::add);
        }

        assertThat(dead).isEmpty();
        List<LogSequence> finals = seqs.stream().filter(x -> x.last)
                .sorted(Comparator.comparingLong(x -> x.start)).collect(Collectors.toList());
        assertThat(training).hasSize(10);
        assertThat(finals).extracting(x -> Arrays.toString(x.templateIds) + "/" + x.label)
                .containsExactlyElementsOf(training.stream().map(x -> Arrays.toString(x.templateIds) + "/" + x.label)
                        .collect(Collectors.toList()));
        assertThat(finals).extracting(x -> x.key)
                .containsExactlyElementsOf(training.stream().map(x -> recordOfFileLine.get(x.key)).collect(Collectors.toList()));
    }

    /**
     * A topic of two partitions as the Kafka input presents it: one reader per partition, each line
     * parsed as it is read and given event time per partition; count windows take the topic as one stream.
     */
    private static final class TwoPartitions implements LineInput {
        private static final long serialVersionUID = 1L;
        private static final LineFormat BGL = new SupercomputerFormat("bgl");
        private final List<List<RawLine>> partitions;

        TwoPartitions(List<List<RawLine>> partitions) {
            this.partitions = partitions;
        }

        @Override
        public DataStream<RawLine> create(StreamExecutionEnvironment env) {
            throw new UnsupportedOperationException("read by partition");
        }

        @Override
        public List<DataStream<RawLine>> createEach(StreamExecutionEnvironment env) {
            List<DataStream<RawLine>> out = new ArrayList<>();
            for (List<RawLine> part : partitions) {
                out.add(env.fromData(part, TypeInformation.of(RawLine.class)).setParallelism(1)
                        .map(TwoPartitions::parseSlowly).returns(RawLine.class).setParallelism(1)
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<RawLine>forBoundedOutOfOrderness(Duration.ofSeconds(1))
                                .withTimestampAssigner((l, t) -> l.parsed.timestamp))
                        .setParallelism(1));
            }
            return out;
        }

        /** Parses as the Kafka input does, a few milliseconds a line, so that watermarks pass mid-stream. */
        private static RawLine parseSlowly(RawLine line) throws InterruptedException {
            Thread.sleep(3);
            ParseAndMask.parse(BGL, line, 1 << 20);
            return line;
        }

        @Override
        public boolean assignsEventTime() {
            return true;
        }

        @Override
        public String stream() {
            return "bgl";
        }
    }
}
