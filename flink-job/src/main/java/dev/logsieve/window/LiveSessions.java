package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.SessionLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Streaming sessions that live as long as their key may still be active, as the data sets define
 * them (an HDFS block's lines, written in seconds, verified and deleted hours later). A key's lines
 * accumulate in keyed state (RocksDB on a cluster):
 *
 * <ul>
 *   <li>after {@code gap} of event time without a new line for the key, the sequence so far is
 *       judged: a revision, {@link LogSequence#last} false, and the key stays open;</li>
 *   <li>when {@code lifetime} of event time has passed since the key's first line, or the input
 *       ends, the whole sequence is judged a last time ({@link LogSequence#last} true) and its
 *       state is cleared. Its state therefore never holds more than a lifetime of lines.</li>
 * </ul>
 *
 * <p>Every judgement covers all lines so far, in event-time order, so the last one is exactly the
 * sequence a bounded run (whole-input sessions) builds for the key. Lines of a key that keeps
 * being active past its lifetime start its next sequence, named {@code KEY#2}, {@code KEY#3}, ...
 * A line that opens no sequence and is more than a lifetime behind event time is late: it goes to
 * {@link #LATE} (the dead letters), nothing is dropped silently.
 *
 * <p>Lines arrive gathered by {@link SessionCombiner}: each {@link SessionLines} holds the lines of
 * one key that one input sent between two watermarks, so the key's state is read and written once
 * for all of them rather than once a line.
 */
public class LiveSessions extends KeyedProcessFunction<String, SessionLines, LogSequence> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Lines more than a lifetime behind event time, for a key with no open sequence. */
    public static final OutputTag<KeyedLine> LATE = new OutputTag<>("late-lines") {};

    private final long gap;
    private final long lifetime;

    private transient ListState<KeyedLine> lines;
    private transient ValueState<Session> session;
    /** Open sequences and the lines they hold on this subtask; kept in operator state across restarts. */
    private transient long open;
    private transient long held;
    private transient ListState<long[]> openAndHeld;

    /**
     * @param gap      event time without a line after which the sequence so far is judged
     * @param lifetime event time after a key's first line at which its sequence is judged a last time
     */
    public LiveSessions(Duration gap, Duration lifetime) {
        if (gap.isZero() || gap.isNegative() || lifetime.compareTo(gap) < 0) {
            throw new IllegalArgumentException("a session needs a positive gap and a lifetime at least as long, got gap "
                    + gap + ", lifetime " + lifetime);
        }
        this.gap = gap.toMillis();
        this.lifetime = lifetime.toMillis();
    }

    /** What the operator remembers of a key besides its lines. A POJO, so state can evolve. */
    public static class Session {
        /** A sequence is open (else only {@link #life} is remembered, until {@link #forgetAt}). */
        public boolean open;
        /** 1 for the key's first sequence, 2 for the one opened after its lifetime ended, ... */
        public int life;
        public long lastSeen;
        public long judgeAt;
        public long closeAt;
        public long forgetAt;
        public int step;
        public int lines;
        /** Lines arrived since the last judgement. */
        public boolean pending;

        public Session() {}
    }

    @Override
    public void open(OpenContext openContext) {
        lines = getRuntimeContext().getListState(new ListStateDescriptor<>("live-session-lines", KeyedLine.class));
        session = getRuntimeContext().getState(new ValueStateDescriptor<>("live-session", Session.class));
        getRuntimeContext().getMetricGroup().gauge("openSequences", (Gauge<Long>) () -> open);
        getRuntimeContext().getMetricGroup().gauge("openSequenceLines", (Gauge<Long>) () -> held);
    }

    @Override
    public void processElement(SessionLines piece, Context ctx, Collector<LogSequence> out) throws Exception {
        // A piece holds lines that arrived between two watermarks: read and write the key's state once for all of them.
        Session s = session.value();
        List<KeyedLine> accepted = new ArrayList<>(piece.lines.size());
        for (KeyedLine line : piece.lines) {
            if (s == null || !s.open) {
                long watermark = ctx.timerService().currentWatermark();
                if (isLate(line.timestamp, watermark, lifetime)) {
                    ctx.output(LATE, line);
                    continue;
                }
                s = openSequence(s, line, ctx);
            }
            accepted.add(line);
            s.lastSeen = Math.max(s.lastSeen, line.timestamp);
        }
        if (accepted.isEmpty()) {
            return;
        }
        lines.addAll(accepted);
        s.lines += accepted.size();
        held += accepted.size();
        s.pending = true;
        // One judge timer at a time, moved on when it fires, not on every line (timers cost RocksDB writes).
        if (s.judgeAt == 0) {
            s.judgeAt = saturatedAdd(s.lastSeen, gap);
            ctx.timerService().registerEventTimeTimer(s.judgeAt);
        }
        session.update(s);
    }

    /** Opens the key's next sequence with {@code first}, its lifetime counted from that line. */
    private Session openSequence(Session s, KeyedLine first, Context ctx) {
        if (s == null) {
            s = new Session();
        } else {
            ctx.timerService().deleteEventTimeTimer(s.forgetAt);
            s.forgetAt = 0;
        }
        s.open = true;
        s.life++;
        s.step = 0;
        s.lines = 0;
        s.lastSeen = first.timestamp;
        s.closeAt = saturatedAdd(first.timestamp, lifetime);
        ctx.timerService().registerEventTimeTimer(s.closeAt);
        open++;
        return s;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogSequence> out) throws Exception {
        Session s = session.value();
        if (s == null) {
            return;
        }
        if (s.open && timestamp == s.closeAt) {
            emit(ctx.getCurrentKey(), s, true, timestamp, out);
            if (s.judgeAt != 0 && s.judgeAt != timestamp) {
                ctx.timerService().deleteEventTimeTimer(s.judgeAt);
            }
            lines.clear();
            open--;
            held -= s.lines;
            s.open = false;
            s.pending = false;
            s.judgeAt = 0;
            s.lines = 0;
            // The key's life count is kept a lifetime longer, so that its next sequence gets a new name.
            s.forgetAt = saturatedAdd(timestamp, lifetime);
            ctx.timerService().registerEventTimeTimer(s.forgetAt);
            session.update(s);
        } else if (s.open && timestamp == s.judgeAt) {
            long quietUntil = saturatedAdd(s.lastSeen, gap);
            if (quietUntil > timestamp) { // a line came since the timer was set: wait for its gap
                s.judgeAt = quietUntil;
                ctx.timerService().registerEventTimeTimer(quietUntil);
                session.update(s);
                return;
            }
            s.judgeAt = 0;
            if (s.pending) {
                emit(ctx.getCurrentKey(), s, false, timestamp, out);
                s.pending = false;
            }
            session.update(s);
        } else if (!s.open && timestamp == s.forgetAt) {
            session.clear();
        }
    }

    private void emit(String key, Session s, boolean last, long judgedAt, Collector<LogSequence> out) throws Exception {
        List<KeyedLine> all = new ArrayList<>(s.lines);
        for (KeyedLine l : lines.get()) {
            all.add(l);
        }
        if (all.isEmpty()) {
            return;
        }
        Judgements.emit(SequenceBuilder.buildSorted(nameOf(key, s.life), all, Labels.UNKNOWN, true), ++s.step, last,
                judgedAt, out);
    }

    /** The name of a key's {@code life}-th sequence: the key itself for the first. */
    public static String nameOf(String key, int life) {
        return life <= 1 ? key : key + "#" + life;
    }

    /** A line at {@code timestamp} is more than {@code lifetime} behind {@code watermark} (no overflow). */
    public static boolean isLate(long timestamp, long watermark, long lifetime) {
        return watermark > Long.MIN_VALUE + lifetime && timestamp <= watermark - lifetime;
    }

    /** {@code t + d}, or {@link Long#MAX_VALUE} where that overflows (event time near the end of input). */
    static long saturatedAdd(long t, long d) {
        long r = t + d;
        return ((t ^ r) & (d ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        openAndHeld.update(List.of(new long[] {open, held}));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        openAndHeld = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("open-sequences", long[].class));
        open = 0;
        held = 0;
        // After rescaling a subtask may get several subtasks' counts (or none); their sum stays right.
        for (long[] c : openAndHeld.get()) {
            open += c[0];
            held += c[1];
        }
    }
}
