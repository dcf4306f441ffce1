package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.SessionLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One sequence per session key over a whole bounded input: the lines of a key are kept until the
 * input ends, then emitted as one sequence, as the data sets define sessions (an HDFS block's
 * lines, however far apart). In Flink's BATCH mode the input arrives sorted by key, so only one
 * key's lines are held at a time. The lines come in pieces gathered by each reader's
 * {@link SessionCombiner}.
 *
 * <p>The stream is keyed by {@link #hash(String) a 64-bit hash} of the session key, which Flink's
 * batch sorter orders much faster than strings; lines whose keys share a hash are told apart
 * again here, so a collision never merges two sessions.
 */
public class WholeInputSessions extends KeyedProcessFunction<Long, SessionLines, LogSequence> {
    private static final long serialVersionUID = 1L;

    private final boolean keepTimes;
    private transient ListState<KeyedLine> lines;

    public WholeInputSessions() {
        this(false);
    }

    /** @param keepTimes keep each line's event time in the sequence (training cuts prefixes by them) */
    public WholeInputSessions(boolean keepTimes) {
        this.keepTimes = keepTimes;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        lines = getRuntimeContext().getListState(new ListStateDescriptor<>("session-lines", KeyedLine.class));
    }

    @Override
    public void processElement(SessionLines piece, Context ctx, Collector<LogSequence> out) throws Exception {
        lines.addAll(piece.lines);
        // Fires when the input ends (the watermark jumps to its end); one timer per key.
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogSequence> out) throws Exception {
        Map<String, List<KeyedLine>> byKey = new TreeMap<>();
        for (KeyedLine l : lines.get()) {
            byKey.computeIfAbsent(l.key, k -> new ArrayList<>()).add(l);
        }
        lines.clear();
        for (Map.Entry<String, List<KeyedLine>> e : byKey.entrySet()) {
            String key = e.getKey();
            LogSequence seq = SequenceBuilder.buildSorted(key, e.getValue(), Labels.UNKNOWN, true, keepTimes);
            out.collect(seq);
        }
    }

    /** The key the stream is partitioned by: FNV-1a 64 over the session key's chars. */
    public static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
