package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.SessionLabel;
import dev.logsieve.event.SessionLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;
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
        emit(lines, key -> Labels.UNKNOWN, keepTimes, out);
    }

    /**
     * The sequences of the lines held for one hash, one per session key in key order, then the
     * lines are let go.
     *
     * @param sessionLabel the label of a session key, or {@link Labels#UNKNOWN} to take its lines' own
     */
    private static void emit(ListState<KeyedLine> lines, ToIntFunction<String> sessionLabel, boolean keepTimes,
                             Collector<LogSequence> out) throws Exception {
        Map<String, List<KeyedLine>> byKey = new TreeMap<>();
        for (KeyedLine l : lines.get()) {
            byKey.computeIfAbsent(l.key, k -> new ArrayList<>()).add(l);
        }
        lines.clear();
        for (Map.Entry<String, List<KeyedLine>> e : byKey.entrySet()) {
            String key = e.getKey();
            out.collect(SequenceBuilder.buildSorted(key, e.getValue(), sessionLabel.applyAsInt(key), true, keepTimes));
        }
    }

    /**
     * The same sessions, labeled by the rows of a session-labels file, which come in the same input
     * (right) as the lines (left), keyed by the same {@link #hash}: Flink's sort brings a session's
     * rows to its lines here, and the label travels on with the sequence ({@link LogSequence#label},
     * then the verdict's true label), so the verdicts need no shuffle of their own to be labeled.
     * One input, not two: Flink gives each sorted input of an operator an equal share of its
     * managed memory, and the lines need all of it. A session the file does not list keeps the
     * label its lines carried, if any; a key labeled twice differently fails the run, naming both
     * lines; rows of keys without lines are dropped.
     */
    public static class Labeled extends KeyedProcessFunction<Long, Either<SessionLines, SessionLabel>, LogSequence> {
        private static final long serialVersionUID = 1L;

        private transient ListState<KeyedLine> lines;
        private transient MapState<String, SessionLabel> labels;

        /** The type of the input: session pieces and label rows. */
        public static TypeInformation<Either<SessionLines, SessionLabel>> inputType() {
            return new EitherTypeInfo<>(TypeInformation.of(SessionLines.class), TypeInformation.of(SessionLabel.class));
        }

        /** The session key of a piece or a row. */
        public static String key(Either<SessionLines, SessionLabel> in) {
            return in.isLeft() ? in.left().key : in.right().key;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            lines = getRuntimeContext().getListState(new ListStateDescriptor<>("session-lines", KeyedLine.class));
            labels = getRuntimeContext().getMapState(new MapStateDescriptor<>("session-labels", String.class,
                    SessionLabel.class));
        }

        @Override
        public void processElement(Either<SessionLines, SessionLabel> in, Context ctx, Collector<LogSequence> out)
                throws Exception {
            if (in.isLeft()) {
                lines.addAll(in.left().lines);
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the input's end, as above
            } else {
                SessionLabel row = in.right();
                labels.put(row.key, SessionLabel.agree(labels.get(row.key), row));
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogSequence> out) throws Exception {
            Map<String, Integer> known = new HashMap<>(); // the file's rows for this hash: one, as a rule
            for (Map.Entry<String, SessionLabel> row : labels.entries()) {
                known.put(row.getKey(), row.getValue().label);
            }
            labels.clear();
            emit(lines, key -> known.getOrDefault(key, Labels.UNKNOWN), false, out);
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
