package dev.logsieve.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.Histogram;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The counts one operator instance keeps, opened in its {@code open()}: each is a Flink accumulator
 * (what a waiting client reads after a bounded run), a metric where it has one, and this
 * instance's own total. When a bounded input ends, the operator hands the totals downstream as one
 * record ({@link #snapshot()}, see {@link CountsAtEnd}), so the job can write its own report where
 * no client waits for its result (a jar submitted through Flink's REST API).
 *
 * <p>A snapshot maps accumulator names to totals; a histogram's bins appear as
 * {@code name#bin}. {@link CountsAtEnd#asAccumulators(Map)} turns merged snapshots back into the
 * shape of a finished job's accumulator results.
 */
public final class Counts {
    /** Separates a histogram's name from its bin in a snapshot's keys. */
    static final char BIN = '#';

    private final RuntimeContext ctx;
    private final List<JobCounter.Count> counts = new ArrayList<>();
    private final Map<String, Histogram> histograms = new LinkedHashMap<>();

    public Counts(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /** Opens one of the job's counts. */
    public JobCounter.Count open(JobCounter counter) {
        JobCounter.Count c = counter.open(ctx);
        counts.add(c);
        return c;
    }

    /** Opens a count that is only an accumulator, by name (evaluation's confusion cells). */
    public JobCounter.Count open(String accumulator) {
        JobCounter.Count c = new JobCounter.Count(accumulator, ctx.getLongCounter(accumulator), null);
        counts.add(c);
        return c;
    }

    /** Opens a histogram accumulator of this instance's own; its name must be unique within the task. */
    public Histogram histogram(String name) {
        Histogram h = new Histogram();
        ctx.addAccumulator(name, h);
        histograms.put(name, h);
        return h;
    }

    /** This instance's totals so far, by accumulator name (histogram bins as {@code name#bin}). */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        for (JobCounter.Count c : counts) {
            out.merge(c.name(), c.value(), Long::sum);
        }
        histograms.forEach((name, h) -> h.getLocalValue().forEach((bin, n) -> out.put(name + BIN + bin, (long) n)));
        return out;
    }
}
