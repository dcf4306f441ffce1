package dev.logsieve.revision;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by sequence key: turns the judgements of a growing sequence into revisions of its verdict.
 * A judgement becomes a revision when it is the key's first, when its label differs from the last
 * revision's (or its score moved by at least the configured change), and always when it is the
 * last; the others are counted and dropped. Revisions are numbered 1, 2, ... without gaps; a
 * revision whose label turned anomalous carries {@link Verdict#RAISED}, one that turned normal
 * again {@link Verdict#RESOLVED}.
 *
 * <p>Judgements of one key travel through stages keyed by other things and may arrive out of
 * order: one older than the key's latest (by {@link Verdict#step}) is stale and dropped. After the
 * final revision the key is remembered until event time passes that judgement, which is when every
 * older judgement of the key has arrived, and then forgotten.
 */
public class Revisions extends KeyedProcessFunction<String, Verdict, Verdict> {
    private static final long serialVersionUID = 1L;

    private final double minScoreChange;
    private transient ValueState<Last> last;
    private transient Counter unchanged;
    private transient Counter stale;

    /** @param minScoreChange a score move that makes a revision; above 1 for label changes only */
    public Revisions(double minScoreChange) {
        this.minScoreChange = minScoreChange;
    }

    /** What the key's last revision said. A POJO, so state can evolve. */
    public static class Last {
        public int step;
        public int revision;
        public int label;
        public double score;
        public boolean closed;

        public Last() {}
    }

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-revision", Last.class));
        unchanged = getRuntimeContext().getMetricGroup().counter("judgementsUnchanged");
        stale = getRuntimeContext().getMetricGroup().counter("judgementsStale");
    }

    @Override
    public void processElement(Verdict v, Context ctx, Collector<Verdict> out) throws Exception {
        Last l = last.value();
        if (l != null && (l.closed || v.step <= l.step)) {
            stale.inc();
            return;
        }
        boolean first = l == null;
        if (first) {
            l = new Last();
        }
        l.step = v.step;
        boolean changed = first || v.finalRevision || v.label != l.label
                || Math.abs(v.score - l.score) >= minScoreChange;
        if (!changed) {
            unchanged.inc();
            last.update(l);
            return;
        }
        v.revision = ++l.revision;
        if (v.label == Labels.ANOMALOUS && (first || l.label != Labels.ANOMALOUS)) {
            v.alert = Verdict.RAISED;
        } else if (v.label == Labels.NORMAL && !first && l.label == Labels.ANOMALOUS) {
            v.alert = Verdict.RESOLVED;
        } else {
            v.alert = null;
        }
        l.label = v.label;
        l.score = v.score;
        if (v.finalRevision) {
            l.closed = true;
            ctx.timerService().registerEventTimeTimer(v.judgedAt);
        }
        last.update(l);
        out.collect(v);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Verdict> out) throws Exception {
        Last l = last.value();
        if (l != null && l.closed) {
            last.clear();
        }
    }
}
