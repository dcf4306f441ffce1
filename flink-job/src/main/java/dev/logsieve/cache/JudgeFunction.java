package dev.logsieve.cache;

import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.CountsAtEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges sequences keyed by template-sequence id (see {@link Judge}: from the verdict cache, or by
 * the members' vote, then remembered) and applies label corrections to the cache, which updates or
 * deletes the entry for the next identical sequence. Corrections are state changes and go through
 * checkpoints like everything else.
 *
 * <p>Behind a {@link CacheGate}, a repeat that skipped the LLM stage may arrive before the sequence
 * it depends on (its generation): it waits here, in keyed state, until that one is judged, and is
 * then answered from the cache. A repeat whose first was judged without a cacheable verdict (the LLM
 * member could not answer) is judged by the other members, marked degraded.
 */
public class JudgeFunction extends KeyedCoProcessFunction<Long, LogSequence, LabelCorrection, Verdict>
        implements CountsAtEnd.Counted {
    private static final long serialVersionUID = 1L;

    /**
     * The same judge for a run without corrections (backfill, evaluation): one input, so Flink's
     * batch mode sorts one input instead of two.
     */
    public static final class WithoutCorrections extends KeyedProcessFunction<Long, LogSequence, Verdict>
            implements CountsAtEnd.Counted {
        private static final long serialVersionUID = 1L;
        private final JudgeFunction judge;

        public WithoutCorrections(JudgeFunction judge) {
            this.judge = judge;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            judge.setRuntimeContext(getRuntimeContext());
            judge.open(openContext);
        }

        @Override
        public void processElement(LogSequence seq, Context ctx, Collector<Verdict> out) throws Exception {
            judge.process(seq, ctx.getCurrentKey(), out);
        }

        @Override
        public Counts counts() {
            return judge.counts();
        }

        @Override
        public void close() throws Exception {
            judge.close();
            super.close();
        }
    }

    private final String bundlePath;
    private final List<String> members;
    private final boolean cacheEnabled;
    private final Duration cacheTtl;
    private transient Judge judge;
    private transient ValueState<Long> judgedGeneration;
    private transient ListState<LogSequence> waiting;

    /**
     * @param bundlePath the model bundle directory, read by every parallel instance
     * @param members the bundle's members that vote; empty for all
     * @param cacheTtl how long an unused cache entry lives; null for no expiry (bounded runs)
     */
    public JudgeFunction(String bundlePath, List<String> members, boolean cacheEnabled, Duration cacheTtl) {
        this.bundlePath = bundlePath;
        this.members = new ArrayList<>(members);
        this.cacheEnabled = cacheEnabled;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        judge = Judge.open(getRuntimeContext(), bundlePath, members, cacheEnabled, cacheTtl);
        ValueStateDescriptor<Long> done = new ValueStateDescriptor<>("judged-generation", Long.class);
        ListStateDescriptor<LogSequence> wait = new ListStateDescriptor<>("waiting-for-generation", LogSequence.class);
        if (cacheTtl != null) {
            // Outlives the gate's memory of the id (at most the cache TTL), so a repeat never waits for nothing.
            StateTtlConfig ttl = StateTtlConfig.newBuilder(cacheTtl.multipliedBy(2))
                    .updateTtlOnReadAndWrite()
                    .neverReturnExpired()
                    .cleanupFullSnapshot()
                    .cleanupInRocksdbCompactFilter(1000)
                    .build();
            done.enableTimeToLive(ttl);
            wait.enableTimeToLive(ttl);
        }
        judgedGeneration = getRuntimeContext().getState(done);
        waiting = getRuntimeContext().getListState(wait);
    }

    @Override
    public Counts counts() {
        return judge == null ? null : judge.counts();
    }

    @Override
    public void close() throws Exception {
        if (judge != null) {
            judge.close();
        }
        super.close();
    }

    @Override
    public void processElement1(LogSequence seq, Context ctx, Collector<Verdict> out) throws Exception {
        process(seq, ctx.getCurrentKey(), out);
    }

    /** Judges {@code seq}, whose template-sequence id {@code id} is the current key. */
    void process(LogSequence seq, long id, Collector<Verdict> out) throws Exception {
        if (seq.skippedLlm && !judged(seq.cacheGeneration)) {
            waiting.add(seq);
            return;
        }
        out.collect(judge.judge(seq, id));
        if (!seq.skippedLlm && seq.cacheGeneration > 0) {
            judgedGeneration.update(Math.max(seq.cacheGeneration, judgedOrZero()));
            release(id, out);
        }
    }

    @Override
    public void processElement2(LabelCorrection correction, Context ctx, Collector<Verdict> out) throws Exception {
        judge.correct(correction);
    }

    private boolean judged(long generation) throws Exception {
        return judgedOrZero() >= generation;
    }

    private long judgedOrZero() throws Exception {
        Long g = judgedGeneration.value();
        return g == null ? 0 : g;
    }

    /** Judges the repeats that waited for a generation judged now; the others keep waiting. */
    private void release(long id, Collector<Verdict> out) throws Exception {
        List<LogSequence> still = new ArrayList<>();
        boolean any = false;
        for (LogSequence w : waiting.get()) {
            any = true;
            if (judged(w.cacheGeneration)) {
                out.collect(judge.judge(w, id));
            } else {
                still.add(w);
            }
        }
        if (any) {
            waiting.update(still);
        }
    }
}
