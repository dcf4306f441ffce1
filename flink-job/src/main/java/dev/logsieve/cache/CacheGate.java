package dev.logsieve.cache;

import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The verdict cache's front door when the LLM member votes, keyed by template-sequence id: the first
 * sequence with an id goes on to the LLM stage ({@code main output}); its repeats go straight to
 * {@link JudgeFunction} on {@link #SKIP_LLM}, which answers them from the verdict cache once the
 * first one's verdict is stored. So a sequence the cache answers never reaches the LLM backend.
 *
 * <p>Flink operators cannot share keyed state, and the verdict is known only after the LLM stage, so
 * the cache itself lives in {@link JudgeFunction}; this gate remembers, per id, which template
 * sequence it sent on and a <em>generation</em> (a number that grows with every send). Each
 * sequence carries the generation it depends on, so the judge can hold a repeat that overtook its
 * first (the LLM stage takes longer) until the first is judged. A remembered id is forgotten after
 * {@code recheckAfter} (then one repeat is sent through again) and when a correction deletes the
 * cache entry.
 */
public class CacheGate extends KeyedCoProcessFunction<Long, LogSequence, LabelCorrection, LogSequence> {
    private static final long serialVersionUID = 1L;

    /** The same gate for a run without corrections: one input, so Flink's batch mode sorts one input instead of two. */
    public static final class WithoutCorrections extends KeyedProcessFunction<Long, LogSequence, LogSequence> {
        private static final long serialVersionUID = 1L;
        private final CacheGate gate;

        public WithoutCorrections(CacheGate gate) {
            this.gate = gate;
        }

        @Override
        public void open(OpenContext openContext) {
            gate.setRuntimeContext(getRuntimeContext());
            gate.open(openContext);
        }

        @Override
        public void processElement(LogSequence seq, Context ctx, Collector<LogSequence> out) throws Exception {
            gate.process(seq, out, skipped -> ctx.output(SKIP_LLM, skipped));
        }
    }

    /** Repeats the verdict cache will answer: they skip the LLM stage. */
    public static final OutputTag<LogSequence> SKIP_LLM = new OutputTag<>("skip-llm") {};

    private final Duration recheckAfter;
    private transient ValueState<Sent> sent;
    private transient Counter skipped;

    /** What the gate remembers per id: the template sequence it sent on last, and its generation. */
    public static class Sent {
        /** Null after a correction deleted the cache entry: the next sequence is sent on again. */
        public long[] templateIds;
        public long generation;

        public Sent() {}
    }

    /** @param recheckAfter how long an id is remembered after it was sent; null for the whole run */
    public CacheGate(Duration recheckAfter) {
        this.recheckAfter = recheckAfter;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Sent> desc = new ValueStateDescriptor<>("cache-gate", Sent.class);
        if (recheckAfter != null) {
            desc.enableTimeToLive(StateTtlConfig.newBuilder(recheckAfter)
                    .updateTtlOnCreateAndWrite()
                    .neverReturnExpired()
                    .cleanupFullSnapshot()
                    .cleanupInRocksdbCompactFilter(1000)
                    .build());
        }
        sent = getRuntimeContext().getState(desc);
        skipped = getRuntimeContext().getMetricGroup().counter("llmSkippedByCache");
    }

    @Override
    public void processElement1(LogSequence seq, Context ctx, Collector<LogSequence> out) throws Exception {
        process(seq, out, skipped -> ctx.output(SKIP_LLM, skipped));
    }

    /** Sends {@code seq} on to the LLM stage ({@code out}), or to {@code skip} when the cache will answer it. */
    void process(LogSequence seq, Collector<LogSequence> out, Consumer<LogSequence> skip) throws Exception {
        Sent s = sent.value();
        LogSequence copy = seq.copy();
        if (s != null && s.templateIds != null && Arrays.equals(s.templateIds, seq.templateIds)) {
            copy.cacheGeneration = s.generation;
            copy.skippedLlm = true;
            skipped.inc();
            skip.accept(copy);
            return;
        }
        Sent next = new Sent();
        next.templateIds = seq.templateIds;
        // Grows across forgetting too (the state expires): a repeat never waits for an older send.
        next.generation = Math.max(System.currentTimeMillis(), s == null ? 0 : s.generation + 1);
        sent.update(next);
        copy.cacheGeneration = next.generation;
        out.collect(copy);
    }

    /** A correction that deletes the cache entry makes the next sequence go through the members again. */
    @Override
    public void processElement2(LabelCorrection correction, Context ctx, Collector<LogSequence> out) throws Exception {
        if (correction.label == Labels.UNKNOWN) {
            Sent s = sent.value();
            if (s != null) {
                s.templateIds = null;
                sent.update(s);
            }
        }
    }
}
