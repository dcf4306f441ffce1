package dev.logsieve.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.SessionLabel;
import dev.logsieve.event.SessionLines;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * A labels file's rows reach the sessions in the same input as their lines, in whatever order the
 * sort brings them, and each sequence carries its key's label from the file.
 */
class WholeInputSessionsTest {

    /** Keyed by one constant, as two session keys whose hashes collide would be. */
    private static KeyedOneInputStreamOperatorTestHarness<Long, Either<SessionLines, SessionLabel>, LogSequence> harness()
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new WholeInputSessions.Labeled(), in -> 0L, Types.LONG);
        h.open();
        return h;
    }

    private static StreamRecord<Either<SessionLines, SessionLabel>> lines(String key, int lineLabel, long... times) {
        List<KeyedLine> lines = new java.util.ArrayList<>();
        for (long t : times) {
            lines.add(new KeyedLine(key, t, t, 7, "Receiving block <*>", lineLabel));
        }
        return new StreamRecord<>(Either.Left(new SessionLines(key, lines)));
    }

    private static StreamRecord<Either<SessionLines, SessionLabel>> row(String key, int label, long line) {
        return new StreamRecord<>(Either.Right(new SessionLabel(key, label, "labels.csv", line)));
    }

    private static List<String> endOfInput(KeyedOneInputStreamOperatorTestHarness<Long, Either<SessionLines, SessionLabel>,
            LogSequence> h) throws Exception {
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        return h.extractOutputValues().stream().map(s -> s.key + " " + s.length() + " " + Labels.name(s.label)).toList();
    }

    @Test
    void eachSessionGetsItsRowsLabelWhetherTheRowCameBeforeOrAfterItsLines() throws Exception {
        var h = harness();
        h.processElement(row("blk_1", Labels.ANOMALOUS, 2));
        h.processElement(lines("blk_1", Labels.UNKNOWN, 10, 11));
        h.processElement(lines("blk_2", Labels.UNKNOWN, 12));
        h.processElement(lines("blk_1", Labels.UNKNOWN, 13));
        h.processElement(row("blk_2", Labels.NORMAL, 3));
        assertThat(h.extractOutputValues()).as("nothing before the input ends").isEmpty();
        assertThat(endOfInput(h)).containsExactly("blk_1 3 anomalous", "blk_2 1 normal");
        assertThat(h.numKeyedStateEntries()).as("nothing held after the key").isZero();
    }

    @Test
    void aSessionTheFileDoesNotListKeepsTheLabelItsLinesCarriedAndRowsWithoutLinesAreDropped() throws Exception {
        var h = harness();
        h.processElement(lines("seq_9", Labels.ANOMALOUS, 5));
        h.processElement(row("blk_gone", Labels.ANOMALOUS, 4));
        assertThat(endOfInput(h)).containsExactly("seq_9 1 anomalous");
    }

    @Test
    void aKeyLabeledTwiceDifferentlyFailsNamingBothLines() throws Exception {
        var h = harness();
        h.processElement(row("blk_1", Labels.NORMAL, 2));
        h.processElement(row("blk_1", Labels.NORMAL, 5)); // the same label twice is fine
        assertThatThrownBy(() -> h.processElement(row("blk_1", Labels.ANOMALOUS, 7)))
                .hasMessageContaining("labels.csv line 7: blk_1 is labeled anomalous here but normal on line 2");
    }
}
