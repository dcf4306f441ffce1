package dev.logsieve.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.SessionLines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Sessions that live for their lifetime: judged as they grow, finally once, state freed after. */
class LiveSessionsTest {
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;

    private static KeyedOneInputStreamOperatorTestHarness<String, SessionLines, LogSequence> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SessionLines, LogSequence> h = ProcessFunctionTestHarnesses
                .forKeyedProcessFunction(new LiveSessions(Duration.ofMinutes(10), Duration.ofHours(24)),
                        l -> l.key, Types.STRING);
        h.open();
        return h;
    }

    private static void line(KeyedOneInputStreamOperatorTestHarness<String, SessionLines, LogSequence> h, String key,
                             long t, long templateId) throws Exception {
        h.processElement(new StreamRecord<>(new SessionLines(key,
                List.of(new KeyedLine(key, t, t, templateId, null, Labels.UNKNOWN)))));
    }

    /** One key's lines that came between two watermarks, as {@link SessionCombiner} sends them; a line's template id is its time. */
    private static void piece(KeyedOneInputStreamOperatorTestHarness<String, SessionLines, LogSequence> h, String key,
                              long... times) throws Exception {
        List<KeyedLine> lines = new java.util.ArrayList<>();
        for (long t : times) {
            lines.add(new KeyedLine(key, t, t, t, null, Labels.UNKNOWN));
        }
        h.processElement(new StreamRecord<>(new SessionLines(key, lines)));
    }

    private static List<String> judgements(KeyedOneInputStreamOperatorTestHarness<String, SessionLines, LogSequence> h) {
        return h.extractOutputValues().stream()
                .map(s -> s.key + " step " + s.step + (s.last ? " final " : " ") + s.length() + " lines")
                .collect(Collectors.toList());
    }

    @Test
    void aBlockVerifiedHoursAfterItsWriteIsOneSequenceJudgedAfterEachQuietSpellAndFinallyAtTheEnd() throws Exception {
        var h = harness();
        long t0 = 1_000 * HOUR;
        line(h, "blk_1", t0, 1);
        line(h, "blk_1", t0 + 1_000, 2);
        line(h, "blk_1", t0 + 2_000, 3);
        h.processWatermark(t0 + 11 * MIN); // ten quiet minutes: the write so far is judged
        assertThat(judgements(h)).containsExactly("blk_1 step 1 3 lines");

        line(h, "blk_1", t0 + 5 * HOUR, 4); // verification, hours later: the same sequence grows
        h.processWatermark(t0 + 6 * HOUR);
        line(h, "blk_1", t0 + 7 * HOUR, 5);
        h.processWatermark(Long.MAX_VALUE); // the input ends
        assertThat(judgements(h)).containsExactly("blk_1 step 1 3 lines", "blk_1 step 2 4 lines",
                "blk_1 step 3 5 lines", "blk_1 step 4 final 5 lines");
        LogSequence last = h.extractOutputValues().get(3);
        assertThat(last.templateIds).containsExactly(1, 2, 3, 4, 5);
        assertThat(last.start).isEqualTo(t0);
        assertThat(last.end).isEqualTo(t0 + 7 * HOUR);
    }

    @Test
    void aQuietSpellWithoutNewLinesJudgesNothingTwice() throws Exception {
        var h = harness();
        line(h, "a", 0, 1);
        h.processWatermark(20 * MIN);
        h.processWatermark(40 * MIN);
        h.processWatermark(25 * HOUR);
        assertThat(judgements(h)).containsExactly("a step 1 1 lines", "a step 2 final 1 lines");
    }

    @Test
    void theLifetimeEndsTheSequenceFreesItsStateAndLaterLinesStartTheKeysNextSequence() throws Exception {
        var h = harness();
        for (int i = 0; i < 60; i++) {
            line(h, "k", i * HOUR, i); // a key active for 60 hours, a line an hour
            h.processWatermark(i * HOUR);
        }
        h.processWatermark(Long.MAX_VALUE);
        List<LogSequence> finals = h.extractOutputValues().stream().filter(s -> s.last).collect(Collectors.toList());
        assertThat(finals).extracting(s -> s.key).containsExactly("k", "k#2", "k#3");
        // A line at the very end of the lifetime still joins (event time has not passed it yet).
        assertThat(finals).extracting(LogSequence::length).containsExactly(25, 25, 10);
        // No final covers more than a lifetime of event time, and every line is in exactly one.
        assertThat(finals).allSatisfy(s -> assertThat(s.end - s.start).isLessThanOrEqualTo(24 * HOUR));
        assertThat(finals.stream().mapToInt(LogSequence::length).sum()).isEqualTo(60);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void stateIsBoundedByTheLifetime() throws Exception {
        var h = harness();
        for (int k = 0; k < 100; k++) {
            line(h, "blk_" + k, k * MIN, 1);
            line(h, "blk_" + k, k * MIN + 1, 2);
        }
        h.processWatermark(99 * MIN);
        assertThat(h.numKeyedStateEntries()).isGreaterThanOrEqualTo(100);
        // A lifetime after the last key's first line, every sequence is closed; a lifetime after
        // that, even the names of the keys' lives are forgotten.
        h.processWatermark(99 * MIN + 24 * HOUR);
        assertThat(h.extractOutputValues().stream().filter(s -> s.last).count()).isEqualTo(100);
        h.processWatermark(99 * MIN + 48 * HOUR);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void aLineMoreThanALifetimeBehindEventTimeIsLateAndKeptNotDropped() throws Exception {
        var h = harness();
        line(h, "new", 30 * HOUR, 1);
        h.processWatermark(30 * HOUR);
        line(h, "old", 2 * HOUR, 1);        // 28 h behind: late
        line(h, "recent", 10 * HOUR, 1);    // 20 h behind: still within a lifetime, a sequence of its own
        ConcurrentLinkedQueue<StreamRecord<KeyedLine>> late = h.getSideOutput(LiveSessions.LATE);
        assertThat(late).extracting(r -> r.getValue().key).containsExactly("old");
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues().stream().filter(s -> s.last).map(s -> s.key))
                .containsExactlyInAnyOrder("new", "recent");
    }

    @Test
    void lineOrderInsideASequenceIsEventTimeNotArrival() throws Exception {
        var h = harness();
        line(h, "b", 3_000, 3);
        line(h, "b", 1_000, 1);
        line(h, "b", 2_000, 2);
        h.processWatermark(Long.MAX_VALUE);
        LogSequence last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
        assertThat(last.templateIds).containsExactly(1, 2, 3);
    }

    @Test
    void aKeysLinesGatheredIntoOnePieceAreJudgedExactlyAsTheSameLinesOneByOne() throws Exception {
        long[] times = {5_000, 1_000, 3_000, 12 * MIN, 11 * MIN};
        var oneByOne = harness();
        var gathered = harness();
        for (long t : times) {
            line(oneByOne, "b", t, t);
        }
        piece(gathered, "b", times);
        for (var h : List.of(oneByOne, gathered)) {
            h.processWatermark(20 * MIN);
            h.processWatermark(23 * MIN);
            h.processWatermark(Long.MAX_VALUE);
        }
        assertThat(judgements(gathered)).containsExactly("b step 1 5 lines", "b step 2 final 5 lines");
        assertThat(judgements(gathered)).isEqualTo(judgements(oneByOne));
        LogSequence last = gathered.extractOutputValues().get(1);
        assertThat(last.templateIds).containsExactly(1_000, 3_000, 5_000, 11 * MIN, 12 * MIN);
        assertThat(last.templateIds).isEqualTo(oneByOne.extractOutputValues().get(1).templateIds);
        assertThat(last.start).isEqualTo(1_000);
        assertThat(last.end).isEqualTo(12 * MIN);
    }

    @Test
    void aLateLineInsideAPieceIsKeptAsLateAndTheRestOfThePieceOpensTheSequence() throws Exception {
        var h = harness();
        line(h, "new", 30 * HOUR, 1);
        h.processWatermark(30 * HOUR);
        piece(h, "mixed", 2 * HOUR, 10 * HOUR, 29 * HOUR); // 28 h behind, then within a lifetime
        assertThat(h.getSideOutput(LiveSessions.LATE)).extracting(r -> r.getValue().timestamp).containsExactly(2 * HOUR);
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues().stream().filter(s -> s.last && s.key.equals("mixed")).map(LogSequence::length))
                .containsExactly(2);
    }
}
