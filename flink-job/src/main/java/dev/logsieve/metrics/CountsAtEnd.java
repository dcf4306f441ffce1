package dev.logsieve.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Operators that hand their function's {@link Counts} downstream when their input ends: Flink's own
 * process operators, plus one record on the {@link #TAG} side output from {@code finish()}. A
 * bounded run gathers these records into its report; a stream never ends, so it never emits them.
 * Flink's process functions have no hook at the end of input, hence the operators.
 */
public final class CountsAtEnd {
    /** One operator instance's totals, emitted once when its input ends. */
    public static final OutputTag<Map<String, Long>> TAG = new OutputTag<>("counts", Types.MAP(Types.STRING, Types.LONG));

    private CountsAtEnd() {}

    /** A function whose counts reach the report. */
    public interface Counted {
        /** The function's counts, opened in its {@code open()}. */
        Counts counts();
    }

    /** {@code in.process(fn)} whose counts come out on {@link #TAG} at the end of input. */
    public static <I, O, F extends ProcessFunction<I, O> & Counted> SingleOutputStreamOperator<O> process(
            DataStream<I> in, String name, F fn, TypeInformation<O> type) {
        return in.transform(name, type, new Process<>(fn));
    }

    /** {@code in.process(fn)} on a keyed stream, whose counts come out on {@link #TAG} at the end of input. */
    public static <K, I, O, F extends KeyedProcessFunction<K, I, O> & Counted> SingleOutputStreamOperator<O> process(
            KeyedStream<I, K> in, String name, F fn, TypeInformation<O> type) {
        return in.transform(name, type, new Keyed<>(fn));
    }

    /**
     * Merged snapshots in the shape of a finished job's accumulator results: a total as a
     * {@code Long}, a histogram as a sorted map from bin to count.
     */
    public static Map<String, Object> asAccumulators(Map<String, Long> merged) {
        Map<String, Object> out = new HashMap<>();
        merged.forEach((key, n) -> {
            int bin = key.lastIndexOf(Counts.BIN);
            if (bin < 0) {
                out.put(key, n);
            } else {
                @SuppressWarnings("unchecked")
                Map<Integer, Integer> h = (Map<Integer, Integer>) out.computeIfAbsent(key.substring(0, bin), k -> new TreeMap<>());
                h.put(Integer.parseInt(key.substring(bin + 1)), n.intValue());
            }
        });
        return out;
    }

    private static void emit(Object function, org.apache.flink.streaming.api.operators.Output<?> output) {
        Counts counts = ((Counted) function).counts();
        if (counts != null) {
            output.collect(TAG, new StreamRecord<>(counts.snapshot()));
        }
    }

    /** Flink's {@link ProcessOperator}, emitting the function's counts when its input ends. */
    static final class Process<I, O> extends ProcessOperator<I, O> {
        private static final long serialVersionUID = 1L;

        Process(ProcessFunction<I, O> fn) {
            super(fn);
        }

        @Override
        public void finish() throws Exception {
            emit(userFunction, output);
            super.finish();
        }
    }

    /** Flink's {@link KeyedProcessOperator}, emitting the function's counts when its input ends. */
    static final class Keyed<K, I, O> extends KeyedProcessOperator<K, I, O> {
        private static final long serialVersionUID = 1L;

        Keyed(KeyedProcessFunction<K, I, O> fn) {
            super(fn);
        }

        @Override
        public void finish() throws Exception {
            emit(userFunction, output);
            super.finish();
        }
    }
}
