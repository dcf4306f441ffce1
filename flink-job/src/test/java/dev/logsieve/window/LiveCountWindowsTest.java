package dev.logsieve.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LogSequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Streaming count windows: a topic's partitions read side by side give the windows training cuts
 * from the log in time order; a window that fills slowly is judged after the timeout and again,
 * final, when it fills; the end of the input judges the last window; late lines are kept.
 */
class LiveCountWindowsTest {
    private static final Duration HOUR = Duration.ofHours(1);

    /** The lines a harness emitted, and those it sent to the dead letters as late. */
    private record Run(List<LogSequence> sequences, List<KeyedLine> late) {
        List<LogSequence> finals() {
            return sequences.stream().filter(s -> s.last).collect(Collectors.toList());
        }
    }

    /** One operator keyed by the stream ("logs", as a topic), on RocksDB as in production. */
    private static KeyedOneInputStreamOperatorTestHarness<String, KeyedLine, LogSequence> harness(
            KeyedProcessFunction<String, KeyedLine, LogSequence> windows) throws Exception {
        return harness(windows, (KeyedLine l) -> "logs");
    }

    /** One operator keyed by each line's source (a file, as training keys it). */
    private static KeyedOneInputStreamOperatorTestHarness<String, KeyedLine, LogSequence> bySource(
            KeyedProcessFunction<String, KeyedLine, LogSequence> windows) throws Exception {
        return harness(windows, (KeyedLine l) -> l.key);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, KeyedLine, LogSequence> harness(
            KeyedProcessFunction<String, KeyedLine, LogSequence> windows, KeySelector<KeyedLine, String> key) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(windows), key, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
        return h;
    }

    private static Run finish(KeyedOneInputStreamOperatorTestHarness<String, KeyedLine, LogSequence> h) throws Exception {
        h.processWatermark(Long.MAX_VALUE);
        List<KeyedLine> late = new ArrayList<>();
        var side = h.getSideOutput(LiveSessions.LATE);
        if (side != null) {
            side.forEach(r -> late.add(r.getValue()));
        }
        Run run = new Run(new ArrayList<>(h.extractOutputValues()), late);
        h.close();
        return run;
    }

    /** A line of source {@code logs-0} at offset {@code n}, with template id {@code n}, at {@code t} ms. */
    private static KeyedLine line(long n, long t) {
        return new KeyedLine("logs-0", t, n, n, "t" + n, 0);
    }

    private static String describe(LogSequence s) {
        return s.key + "=" + Arrays.toString(s.templateIds) + " step " + s.step + (s.last ? " final" : " partial")
                + " at " + (s.judgedAt == Long.MAX_VALUE ? "end" : Long.toString(s.judgedAt));
    }

    @Test
    void twoPartitionsReadSideBySideGiveTheWindowsOfTheLogInTimeOrder() throws Exception {
        Random random = new Random(7);
        int n = 263;
        // The log as training reads it: line i at a time that grows with i, a few templates, some alerts.
        List<KeyedLine> file = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            file.add(new KeyedLine("file", 1_117_838_570_000L + 37L * i + random.nextInt(30), i,
                    random.nextInt(6), null, random.nextInt(20) == 0 ? 1 : 0));
        }
        // A producer spread it over two partitions; each partition keeps the order it was written in.
        List<List<KeyedLine>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
        Map<Long, String> fileLineToRecord = new HashMap<>();
        for (KeyedLine l : file) {
            int p = random.nextInt(2);
            List<KeyedLine> part = partitions.get(p);
            KeyedLine record = new KeyedLine("logs-" + p, l.timestamp, 1000 + part.size(), l.templateId, null, l.label);
            part.add(record);
            fileLineToRecord.put(l.lineNumber, record.key + "#" + record.lineNumber);
        }

        for (int[] sizeStep : new int[][] {{10, 10}, {10, 4}, {100, 100}}) {
            int size = sizeStep[0];
            int step = sizeStep[1];
            var training = bySource(new CountWindows(size, step));
            for (KeyedLine l : file) {
                training.processElement(new StreamRecord<>(l, l.lineNumber));
            }
            List<LogSequence> expected = finish(training).sequences();

            var live = harness(new LiveCountWindows(size, step, HOUR));
            readSideBySide(live, partitions, new Random(size * 31L + step));
            Run run = finish(live);

            assertThat(run.late()).isEmpty();
            assertThat(run.sequences()).allSatisfy(s -> assertThat(s.last).isTrue());
            assertThat(run.sequences()).extracting(s -> Arrays.toString(s.templateIds) + "/" + s.label)
                    .containsExactlyElementsOf(expected.stream().map(s -> Arrays.toString(s.templateIds) + "/" + s.label)
                            .collect(Collectors.toList()));
            // Each window's key names the record that holds the file window's first line.
            assertThat(run.sequences()).extracting(s -> s.key).containsExactlyElementsOf(expected.stream()
                    .map(s -> fileLineToRecord.get(Long.parseLong(s.key.substring("file#".length()))))
                    .collect(Collectors.toList()));
        }
    }

    /**
     * Reads the partitions as a Kafka source does: the next record from a partition picked at random
     * (so one runs ahead of the other), and a watermark that is the slower partition's progress.
     */
    private static void readSideBySide(KeyedOneInputStreamOperatorTestHarness<String, KeyedLine, LogSequence> h,
                                       List<List<KeyedLine>> partitions, Random random) throws Exception {
        int[] next = new int[partitions.size()];
        long watermark = Long.MIN_VALUE;
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int p = 0; p < partitions.size(); p++) {
                if (next[p] < partitions.get(p).size()) {
                    open.add(p);
                }
            }
            if (open.isEmpty()) {
                return;
            }
            int p = open.get(random.nextInt(open.size()));
            KeyedLine l = partitions.get(p).get(next[p]++);
            h.processElement(new StreamRecord<>(l, l.timestamp));
            long slowest = Long.MAX_VALUE;
            for (int q = 0; q < partitions.size(); q++) {
                long progress = next[q] == 0 ? Long.MIN_VALUE
                        : next[q] == partitions.get(q).size() ? Long.MAX_VALUE - 1 : partitions.get(q).get(next[q] - 1).timestamp - 1;
                slowest = Math.min(slowest, progress);
            }
            if (slowest > watermark && slowest < Long.MAX_VALUE - 1) {
                watermark = slowest;
                h.processWatermark(watermark);
            }
        }
    }

    @Test
    void aSlowWindowIsJudgedAfterTheTimeoutAndAgainFinallyWhenItFills() throws Exception {
        var h = harness(new LiveCountWindows(4, 4, Duration.ofSeconds(10)));
        h.processElement(new StreamRecord<>(line(1, 1_000), 1_000));
        h.processElement(new StreamRecord<>(line(2, 2_000), 2_000));
        h.processWatermark(12_000); // 10 s after line 1: its window so far is judged
        h.processElement(new StreamRecord<>(line(3, 3_000), 3_000)); // behind event time: late
        h.processElement(new StreamRecord<>(line(4, 13_000), 13_000));
        h.processElement(new StreamRecord<>(line(5, 14_000), 14_000));
        h.processWatermark(14_000); // the window fills
        h.processElement(new StreamRecord<>(line(6, 20_000), 20_000));
        h.processWatermark(31_000);
        h.processElement(new StreamRecord<>(line(7, 32_000), 32_000));
        h.processWatermark(45_000);
        Run run = finish(h); // the input ends

        assertThat(run.sequences()).extracting(LiveCountWindowsTest::describe).containsExactly(
                "logs-0#1=[1, 2] step 1 partial at 11000",
                "logs-0#1=[1, 2, 4, 5] step 2 final at 14000",
                "logs-0#6=[6] step 1 partial at 30000",
                "logs-0#6=[6, 7] step 2 partial at 42000",
                "logs-0#6=[6, 7] step 3 final at end");
        assertThat(run.late()).extracting(l -> l.lineNumber).containsExactly(3L);
        // Nothing is final twice, and every line is in a final window or in the dead letters.
        assertThat(run.finals()).extracting(s -> s.key).doesNotHaveDuplicates();
        Set<Long> accounted = new HashSet<>();
        run.finals().forEach(s -> Arrays.stream(s.templateIds).forEach(accounted::add));
        run.late().forEach(l -> accounted.add(l.templateId));
        assertThat(accounted).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void theEndOfTheInputJudgesTheLastWindowOnceAndFinal() throws Exception {
        var h = harness(new LiveCountWindows(3, 3, Duration.ofSeconds(10)));
        for (int i = 1; i <= 5; i++) {
            h.processElement(new StreamRecord<>(line(i, 1_000L * i), 1_000L * i));
        }
        // The watermark jumps to the end: line 4's timeout passes too, but the window is judged once.
        assertThat(finish(h).sequences()).extracting(LiveCountWindowsTest::describe).containsExactly(
                "logs-0#1=[1, 2, 3] step 1 final at 3000",
                "logs-0#4=[4, 5] step 1 final at end");
    }

    @Test
    void overlappingWindowsAreEachTheirOwnKey() throws Exception {
        // Line 5 starts a third window but was in the second: as in training, no window of it alone.
        var h = harness(new LiveCountWindows(3, 2, Duration.ofSeconds(10)));
        for (int i = 1; i <= 4; i++) {
            h.processElement(new StreamRecord<>(line(i, 1_000L * i), 1_000L * i));
        }
        h.processWatermark(20_000);
        h.processElement(new StreamRecord<>(line(5, 21_000), 21_000));
        assertThat(finish(h).sequences()).extracting(LiveCountWindowsTest::describe).containsExactly(
                "logs-0#1=[1, 2, 3] step 1 final at 3000",
                "logs-0#3=[3, 4] step 1 partial at 14000",
                "logs-0#3=[3, 4, 5] step 2 final at 21000");
    }

    @Test
    void oneFileInOrderGivesExactlyTheTrainingWindows() throws Exception {
        int[][] cases = {{3, 3, 7}, {3, 2, 6}, {3, 2, 5}, {3, 3, 6}, {2, 3, 7}, {1, 1, 3}};
        for (int[] c : cases) {
            var training = bySource(new CountWindows(c[0], c[1]));
            var live = bySource(new LiveCountWindows(c[0], c[1], HOUR));
            for (int i = 1; i <= c[2]; i++) {
                KeyedLine l = new KeyedLine("file", 1_000L * i, i, i, null, i == 5 ? 1 : 0);
                training.processElement(new StreamRecord<>(l, i));
                live.processElement(new StreamRecord<>(l, i));
            }
            assertThat(finish(live).sequences()).extracting(s -> s.key + "=" + Arrays.toString(s.templateIds) + "/" + s.label)
                    .as("size %d, step %d, %d lines", c[0], c[1], c[2])
                    .containsExactlyElementsOf(finish(training).sequences().stream()
                            .map(s -> s.key + "=" + Arrays.toString(s.templateIds) + "/" + s.label).collect(Collectors.toList()));
        }
    }
}
