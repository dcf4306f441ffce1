package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * LogLLM's count windows: every {@code step} lines of a source start a window of {@code size}
 * consecutive lines. Lines are taken in arrival order, which for bounded runs is file order (the
 * job gives each line its line number as Flink timestamp, and a batch run sorts by it). At the end
 * of a bounded input, lines not yet in any window form a last, shorter window, so no line is lost.
 */
public class CountWindows extends KeyedProcessFunction<String, KeyedLine, LogSequence> {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int step;
    private transient ListState<KeyedLine> buffer;
    /** Lines in the buffer, and how many of them were never part of an emitted window. */
    private transient ValueState<int[]> counts;

    public CountWindows(int size, int step) {
        if (size < 1 || step < 1) {
            throw new IllegalArgumentException("count windows need size >= 1 and step >= 1");
        }
        this.size = size;
        this.step = step;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("count-window-lines", KeyedLine.class));
        counts = getRuntimeContext().getState(new ValueStateDescriptor<int[]>("count-window-counts", int[].class));
    }

    @Override
    public void processElement(KeyedLine line, Context ctx, Collector<LogSequence> out) throws Exception {
        int[] c = counts.value();
        if (c == null) {
            c = new int[2];
            // Fires when a bounded input ends, to emit the last partial window.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        buffer.add(line);
        c[0]++;
        c[1]++;
        if (c[0] >= size) {
            List<KeyedLine> lines = new ArrayList<>(size);
            for (KeyedLine l : buffer.get()) {
                lines.add(l);
            }
            emit(ctx.getCurrentKey(), lines.subList(0, size), out);
            List<KeyedLine> rest = new ArrayList<>(lines.subList(Math.min(step, lines.size()), lines.size()));
            buffer.update(rest);
            c[0] = rest.size();
            c[1] = 0;
        }
        counts.update(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogSequence> out) throws Exception {
        int[] c = counts.value();
        if (c != null && c[1] > 0) {
            List<KeyedLine> lines = new ArrayList<>();
            for (KeyedLine l : buffer.get()) {
                lines.add(l);
            }
            emit(ctx.getCurrentKey(), lines, out);
        }
        buffer.clear();
        counts.clear();
    }

    private void emit(String key, List<KeyedLine> lines, Collector<LogSequence> out) {
        LogSequence seq = SequenceBuilder.buildSorted(key, new ArrayList<>(lines), Labels.UNKNOWN, false);
        // A window's key names its source and first line, so each window is told apart.
        seq.key = key + "#" + lines.get(0).lineNumber;
        out.collect(seq);
    }
}
