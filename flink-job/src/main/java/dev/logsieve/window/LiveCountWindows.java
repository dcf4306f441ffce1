package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.time.Duration;
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
 * Streaming count windows, cut as {@link CountWindows} cuts a file for training, over a stream whose
 * lines arrive from several sources at once. Keyed by the stream (a Kafka topic: all its partitions
 * together; a file: the file). Lines are first put back into event-time order ({@link
 * EventTimeOrder}: released when the watermark passes them); then every {@code step} lines start a
 * window of {@code size} lines, exactly as in {@link CountWindows}. A window's key names its first
 * line, {@code SOURCE#LINE} (for Kafka {@code TOPIC-PARTITION#OFFSET}); with overlapping windows
 * ({@code step < size}) each window is its own key.
 *
 * <p>A window is judged (emitted) as a streaming sequence is (see {@link LogSequence#step}):
 *
 * <ul>
 *   <li>final ({@link LogSequence#last}) when it fills; a window full at once is judged once;</li>
 *   <li>before that, not final, when event time passes {@code timeout} after a line that no
 *       judgement holds yet: no line waits longer than that for a verdict, however slowly its window
 *       fills. Every such judgement holds the window's lines so far;</li>
 *   <li>when the input ends (the watermark reaches its end), the open window is judged once, final,
 *       if it holds a line that no earlier window had, as {@link CountWindows} does.</li>
 * </ul>
 *
 * Every judgement is emitted from an event-time timer and carries its timestamp as {@link
 * LogSequence#judgedAt}.
 *
 * <p>The windows equal those training cuts from the same lines in one file when the file lists them
 * in event-time order, with these exceptions: lines with equal timestamps from different sources
 * are ordered by source name, then line number (partition name, so {@code t-10} before {@code t-2},
 * then offset), not by where they were in the original file; and a line that arrives after the watermark passed its timestamp (more than the
 * out-of-orderness late, or from a partition that had gone idle) cannot take its place and goes to
 * {@link LiveSessions#LATE} (the dead letters) instead. For a file input, event time is the line
 * number, so its windows are exactly training's; its watermark, and so each window, then trails the
 * newest line by the out-of-orderness counted in lines (5 s: 5,000 lines).
 *
 * <p>A stream is one key, so one subtask cuts all of a topic's windows, as it must to keep one order.
 */
public class LiveCountWindows extends KeyedProcessFunction<String, KeyedLine, LogSequence> {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int step;
    private final long timeout;

    private transient EventTimeOrder order;
    private transient ListState<KeyedLine> lines;
    private transient ValueState<Window> window;

    /**
     * @param timeout event time after a line not yet judged at which its window so far is judged
     */
    public LiveCountWindows(int size, int step, Duration timeout) {
        if (size < 1 || step < 1) {
            throw new IllegalArgumentException("count windows need size >= 1 and step >= 1");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the count window timeout must be positive, got " + timeout);
        }
        this.size = size;
        this.step = step;
        this.timeout = timeout.toMillis();
    }

    /** The open window of a stream, besides its lines. A POJO, so state can evolve. */
    public static class Window {
        /** Lines in the window. */
        public int lines;
        /** Of those, lines that were in no earlier window (with overlap, the first ones were). */
        public int fresh;
        /** Judgements of this window so far. */
        public int step;
        /** When the window so far is next judged; 0 when no line waits for a judgement. */
        public long judgeAt;

        public Window() {}
    }

    @Override
    public void open(OpenContext openContext) {
        // Names apart from CountWindows' state: the two keep different things under different keys.
        order = new EventTimeOrder(getRuntimeContext(), "live-count-window-unordered-lines");
        lines = getRuntimeContext().getListState(new ListStateDescriptor<>("live-count-window-lines", KeyedLine.class));
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("live-count-window", Window.class));
    }

    @Override
    public void processElement(KeyedLine line, Context ctx, Collector<LogSequence> out) throws Exception {
        long time = ctx.timestamp() == null ? line.timestamp : ctx.timestamp();
        if (!order.hold(line, time, ctx.timerService())) {
            ctx.output(LiveSessions.LATE, line);
            return;
        }
        if (window.value() == null) {
            window.update(new Window());
            // Fires when the input ends, to judge the last window.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogSequence> out) throws Exception {
        Window w = window.value();
        if (w == null) {
            return;
        }
        for (KeyedLine line : order.release(timestamp)) {
            add(line, timestamp, w, ctx, out);
        }
        if (timestamp == Long.MAX_VALUE) {
            if (w.fresh > 0) {
                emit(readLines(), ++w.step, true, timestamp, out);
            }
            order.clear();
            lines.clear();
            window.clear();
            return;
        }
        // At the end of the input the open window is judged once, final, just after this.
        if (timestamp == w.judgeAt && ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            w.judgeAt = 0;
            emit(readLines(), ++w.step, false, timestamp, out);
        }
        window.update(w);
    }

    /** A line joins the open window at event time {@code now}; a full window is judged and the next one begins. */
    private void add(KeyedLine line, long now, Window w, OnTimerContext ctx, Collector<LogSequence> out) throws Exception {
        lines.add(line);
        w.lines++;
        w.fresh++;
        if (w.lines >= size) {
            List<KeyedLine> all = readLines();
            emit(all, ++w.step, true, now, out);
            // As CountWindows: the next window starts `step` lines later (at most a window later).
            List<KeyedLine> rest = new ArrayList<>(all.subList(Math.min(step, all.size()), all.size()));
            lines.update(rest);
            w.lines = rest.size();
            w.fresh = 0;
            w.step = 0;
            w.judgeAt = 0; // a timer may still fire there: it finds judgeAt changed and judges nothing
        } else if (w.judgeAt == 0) {
            w.judgeAt = LiveSessions.saturatedAdd(now, timeout);
            ctx.timerService().registerEventTimeTimer(w.judgeAt);
        }
    }

    private List<KeyedLine> readLines() throws Exception {
        List<KeyedLine> all = new ArrayList<>(size);
        for (KeyedLine l : lines.get()) {
            all.add(l);
        }
        return all;
    }

    private void emit(List<KeyedLine> window, int step, boolean last, long judgedAt, Collector<LogSequence> out) {
        KeyedLine first = window.get(0);
        LogSequence seq = SequenceBuilder.buildSorted(first.key + "#" + first.lineNumber, window, Labels.UNKNOWN, false);
        Judgements.emit(seq, step, last, judgedAt, out);
    }
}
