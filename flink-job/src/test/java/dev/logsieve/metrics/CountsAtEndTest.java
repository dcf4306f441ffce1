package dev.logsieve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.Histogram;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** Counts handed downstream when a bounded input ends: once per subtask, adding up to the true totals. */
class CountsAtEndTest {
    @Test
    void everySubtaskSendsItsTotalsOnceWhenItsInputEnds() throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<Long> numbers = env.fromSequence(1, 1000);
        SingleOutputStreamOperator<Long> evens = CountsAtEnd.process(numbers, "evens", new Evens(), Types.LONG)
                .setParallelism(2);
        SingleOutputStreamOperator<Long> perKey = CountsAtEnd.process(evens.keyBy(n -> n % 7), "per-key", new PerKey(),
                Types.LONG).setParallelism(2); // set: Flink's batch scheduler would otherwise pick 1 for so little data
        perKey.sinkTo(new DiscardingSink<>());
        DataStream<Map<String, Long>> counts = evens.getSideOutput(CountsAtEnd.TAG).union(perKey.getSideOutput(CountsAtEnd.TAG));

        List<Map<String, Long>> sent = new ArrayList<>();
        try (CloseableIterator<Map<String, Long>> it = counts.executeAndCollect()) {
            it.forEachRemaining(sent::add);
        }
        assertThat(sent).as("one record per subtask of each counting operator").hasSize(4);
        Map<String, Long> merged = new TreeMap<>();
        sent.forEach(m -> m.forEach((k, v) -> merged.merge(k, v, Long::sum)));
        Map<String, Object> totals = CountsAtEnd.asAccumulators(merged);
        assertThat(JobCounter.LINES_READ.in(totals)).isEqualTo(1000);
        assertThat(JobCounter.LINES_PARSED.in(totals)).isEqualTo(500);
        assertThat(JobCounter.SEQUENCES.in(totals)).isEqualTo(500);
        assertThat(totals.get("per-key-bins")).isEqualTo(new TreeMap<>(Map.of(0, 71, 1, 71, 2, 72, 3, 71, 4, 72, 5, 71, 6, 72)));
    }

    /** Counts every number and the even ones; passes the even ones on. */
    static final class Evens extends ProcessFunction<Long, Long> implements CountsAtEnd.Counted {
        private transient Counts counts;
        private transient JobCounter.Count seen;
        private transient JobCounter.Count kept;

        @Override
        public void open(OpenContext ctx) {
            counts = new Counts(getRuntimeContext());
            seen = counts.open(JobCounter.LINES_READ);
            kept = counts.open(JobCounter.LINES_PARSED);
        }

        @Override
        public void processElement(Long n, Context ctx, Collector<Long> out) {
            seen.add(1);
            if (n % 2 == 0) {
                kept.add(1);
                out.collect(n);
            }
        }

        @Override
        public Counts counts() {
            return counts;
        }
    }

    /** Counts what it sees, and a histogram of the keys. */
    static final class PerKey extends KeyedProcessFunction<Long, Long, Long> implements CountsAtEnd.Counted {
        private transient Counts counts;
        private transient JobCounter.Count seen;
        private transient Histogram keys;

        @Override
        public void open(OpenContext ctx) {
            counts = new Counts(getRuntimeContext());
            seen = counts.open(JobCounter.SEQUENCES);
            keys = counts.histogram("per-key-bins");
        }

        @Override
        public void processElement(Long n, Context ctx, Collector<Long> out) {
            seen.add(1);
            keys.add(ctx.getCurrentKey().intValue());
            out.collect(n);
        }

        @Override
        public Counts counts() {
            return counts;
        }
    }
}
