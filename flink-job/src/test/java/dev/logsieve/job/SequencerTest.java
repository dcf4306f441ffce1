package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
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
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

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
}
