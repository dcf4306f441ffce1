package dev.logsieve.cache;

import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges sequences keyed by sequence id, through the verdict cache (see {@link Judge}). Used when
 * no corrections stream is connected; {@link DetectWithCorrections} is the same with one.
 */
public class DetectFunction extends KeyedProcessFunction<Long, LogSequence, Verdict> {
    private static final long serialVersionUID = 1L;

    private final String bundlePath;
    private final java.util.List<String> members;
    private final boolean cacheEnabled;
    private final Duration cacheTtl;
    private transient Judge judge;

    /**
     * @param bundlePath the model bundle directory, read by every parallel instance
     * @param members the bundle's members that vote; empty for all
     * @param cacheTtl how long an unused cache entry lives; null for no expiry (bounded runs)
     */
    public DetectFunction(String bundlePath, java.util.List<String> members, boolean cacheEnabled, Duration cacheTtl) {
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
    public void processElement(LogSequence seq, Context ctx, Collector<Verdict> out) throws Exception {
        out.collect(judge.judge(seq, ctx.getCurrentKey()));
    }
}
