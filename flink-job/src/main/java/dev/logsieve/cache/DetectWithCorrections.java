package dev.logsieve.cache;

import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link DetectFunction} with a second input of label corrections, both keyed by sequence id: a
 * correction updates (or deletes) the cache entry, so the next identical sequence gets the
 * corrected verdict. Corrections are state changes and go through checkpoints like everything else.
 */
public class DetectWithCorrections extends KeyedCoProcessFunction<Long, LogSequence, LabelCorrection, Verdict> {
    private static final long serialVersionUID = 1L;

    private final String bundlePath;
    private final java.util.List<String> members;
    private final boolean cacheEnabled;
    private final Duration cacheTtl;
    private transient Judge judge;

    /** See {@link DetectFunction#DetectFunction(String, java.util.List, boolean, Duration)}. */
    public DetectWithCorrections(String bundlePath, java.util.List<String> members, boolean cacheEnabled,
            Duration cacheTtl) {
        this.bundlePath = bundlePath;
        this.members = new java.util.ArrayList<>(members);
        this.cacheEnabled = cacheEnabled;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        judge = Judge.open(getRuntimeContext(), bundlePath, members, cacheEnabled, cacheTtl);
    }

    @Override
    public void processElement1(LogSequence seq, Context ctx, Collector<Verdict> out) throws Exception {
        out.collect(judge.judge(seq, ctx.getCurrentKey()));
    }

    @Override
    public void processElement2(LabelCorrection correction, Context ctx, Collector<Verdict> out) throws Exception {
        judge.correct(correction);
    }
}
