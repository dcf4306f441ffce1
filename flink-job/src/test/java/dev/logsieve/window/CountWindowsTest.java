package dev.logsieve.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LogSequence;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** LogLLM count windows: size and step, a shorter last window at the end of input, no line lost. */
class CountWindowsTest {

    private static List<String> run(int size, int step, int lines) throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CountWindows(size, step)),
                (KeyedLine l) -> l.key, Types.STRING)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            for (int i = 1; i <= lines; i++) {
                int label = i == 5 ? 1 : 0;
                h.processElement(new StreamRecord<>(new KeyedLine("file", 1000L * i, i, i, "t" + i, label), i));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            return h.extractOutputValues().stream().map(CountWindowsTest::describe).collect(Collectors.toList());
        }
    }

    private static String describe(LogSequence s) {
        return s.key + "=" + Arrays.toString(s.templateIds) + "/" + s.label;
    }

    @Test
    void tumblingWindowsWithAShortLastOne() throws Exception {
        assertThat(run(3, 3, 7)).containsExactly("file#1=[1, 2, 3]/0", "file#4=[4, 5, 6]/1", "file#7=[7]/0");
    }

    @Test
    void overlappingWindowsWhenStepIsSmallerThanSize() throws Exception {
        assertThat(run(3, 2, 6)).containsExactly("file#1=[1, 2, 3]/0", "file#3=[3, 4, 5]/1", "file#5=[5, 6]/1");
    }

    @Test
    void noEmptyWindowWhenTheInputEndsOnABoundary() throws Exception {
        assertThat(run(3, 3, 6)).containsExactly("file#1=[1, 2, 3]/0", "file#4=[4, 5, 6]/1");
    }
}
