package dev.logsieve.cache;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import java.nio.file.Paths;
import java.time.Duration;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges sequences, keyed by sequence id. A sequence judged before is answered from the
 * {@link VerdictCache}; otherwise the ensemble votes and the verdict is cached. The second input
 * carries label corrections, which update or delete cache entries.
 */
public class DetectFunction extends KeyedCoProcessFunction<Long, LogSequence, LabelCorrection, Verdict> {
    private static final long serialVersionUID = 1L;

    public static final String JUDGED = "sequences-judged";
    public static final String CACHE_HITS = "cache-hits";
    public static final String ANOMALIES = "anomalies";

    private final String bundlePath;
    private final boolean cacheEnabled;
    private final Duration cacheTtl;

    private transient Ensemble ensemble;
    private transient String[] members;
    private transient VerdictCache cache;
    private transient LongCounter judged;
    private transient LongCounter hits;
    private transient LongCounter anomalies;
    private transient Counter hitMetric;
    private transient Counter missMetric;
    private transient Counter anomalousMetric;
    private transient Counter normalMetric;
    private transient Counter unseenMetric;

    /**
     * @param bundlePath the model bundle directory, read by every parallel instance
     * @param cacheTtl how long an unused cache entry lives; null for no expiry (bounded runs)
     */
    public DetectFunction(String bundlePath, boolean cacheEnabled, Duration cacheTtl) {
        this.bundlePath = bundlePath;
        this.cacheEnabled = cacheEnabled;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        ensemble = ModelBundle.read(Paths.get(bundlePath)).ensemble();
        members = ensemble.memberNames();
        cache = VerdictCache.open(getRuntimeContext(), cacheTtl);
        judged = getRuntimeContext().getLongCounter(JUDGED);
        hits = getRuntimeContext().getLongCounter(CACHE_HITS);
        anomalies = getRuntimeContext().getLongCounter(ANOMALIES);
        var metrics = getRuntimeContext().getMetricGroup();
        hitMetric = metrics.counter("verdictCacheHits");
        missMetric = metrics.counter("verdictCacheMisses");
        anomalousMetric = metrics.counter("verdictsAnomalous");
        normalMetric = metrics.counter("verdictsNormal");
        unseenMetric = metrics.counter("unseenTemplates");
    }

    @Override
    public void processElement1(LogSequence seq, Context ctx, Collector<Verdict> out) throws Exception {
        Verdict v = new Verdict();
        v.key = seq.key;
        v.start = seq.start;
        v.end = seq.end;
        v.length = seq.length();
        v.sequenceId = ctx.getCurrentKey();
        v.trueLabel = seq.label;
        v.members = members;
        CachedVerdict hit = cacheEnabled ? cache.query(seq.templateIds) : null;
        if (hit != null) {
            v.label = hit.label;
            v.score = hit.score;
            v.votes = hit.votes;
            v.unseenTemplates = hit.unseenTemplates;
            v.cached = true;
            hits.add(1);
            hitMetric.inc();
        } else {
            Ensemble.Judgement j = ensemble.judge(seq.templateIds);
            v.label = j.label;
            v.score = j.score;
            v.votes = j.votes;
            v.unseenTemplates = j.unseen;
            missMetric.inc();
            if (cacheEnabled) {
                CachedVerdict c = new CachedVerdict();
                c.templateIds = seq.templateIds;
                c.label = j.label;
                c.score = j.score;
                c.votes = j.votes;
                c.unseenTemplates = j.unseen;
                cache.add(c);
            }
        }
        judged.add(1);
        unseenMetric.inc(v.unseenTemplates);
        if (v.label == Labels.ANOMALOUS) {
            anomalies.add(1);
            anomalousMetric.inc();
        } else {
            normalMetric.inc();
        }
        out.collect(v);
    }

    @Override
    public void processElement2(LabelCorrection correction, Context ctx, Collector<Verdict> out) throws Exception {
        if (correction.label == Labels.UNKNOWN) {
            cache.delete();
        } else {
            cache.update(correction.label, correction.who, correction.when);
        }
    }
}
