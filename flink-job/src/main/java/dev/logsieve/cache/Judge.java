package dev.logsieve.cache;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Judgement;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * What a detect operator does for the current key (a sequence id): answer from the
 * {@link VerdictCache} when it can, otherwise let the ensemble vote and remember the verdict; and
 * apply label corrections. Shared by {@link DetectFunction} and {@link DetectWithCorrections}.
 */
public final class Judge {
    public static final String JUDGED = "sequences-judged";
    public static final String CACHE_HITS = "cache-hits";
    public static final String ANOMALIES = "anomalies";
    /** Sequences judged with the LLM member's score (computed or remembered by the LLM stage). */
    public static final String LLM_SCORED = "llm-scored";
    /** Sequences that reached the detect operator without an LLM score (degraded when the LLM member votes). */
    public static final String LLM_UNSCORED = "llm-unscored";
    /** Messages whose embeddings the LLM stage looked up, and how many of them the encoder computed. */
    public static final String LLM_MESSAGES = "llm-messages";
    public static final String LLM_ENCODED = "llm-encoded";
    /** Verdicts given without a member that could not answer. */
    public static final String DEGRADED = "degraded";

    private final Ensemble ensemble;
    private final String[] members;
    private final VerdictCache cache;
    private final boolean cacheEnabled;
    private final LongCounter judged;
    private final LongCounter hits;
    private final LongCounter anomalies;
    private final LongCounter llmScored;
    private final LongCounter llmUnscored;
    private final LongCounter llmMessages;
    private final LongCounter llmEncoded;
    private final boolean llmVotes;
    private final LongCounter degraded;
    private final Counter hitMetric;
    private final Counter missMetric;
    private final Counter anomalousMetric;
    private final Counter normalMetric;
    private final Counter degradedMetric;
    private final Counter unseenMetric;
    private final JudgeMetrics timing;

    Judge(RuntimeContext ctx, Ensemble ensemble, boolean cacheEnabled, Duration ttl) {
        this.ensemble = ensemble;
        this.members = ensemble.memberNames();
        this.cacheEnabled = cacheEnabled;
        this.cache = VerdictCache.open(ctx, ttl);
        this.judged = ctx.getLongCounter(JUDGED);
        this.hits = ctx.getLongCounter(CACHE_HITS);
        this.anomalies = ctx.getLongCounter(ANOMALIES);
        this.degraded = ctx.getLongCounter(DEGRADED);
        this.llmVotes = ensemble.has(dev.logsieve.llm.LlmMember.NAME);
        this.llmScored = ctx.getLongCounter(LLM_SCORED);
        this.llmUnscored = ctx.getLongCounter(LLM_UNSCORED);
        this.llmMessages = ctx.getLongCounter(LLM_MESSAGES);
        this.llmEncoded = ctx.getLongCounter(LLM_ENCODED);
        MetricGroup metrics = ctx.getMetricGroup();
        this.hitMetric = metrics.counter("verdictCacheHits");
        this.missMetric = metrics.counter("verdictCacheMisses");
        this.anomalousMetric = metrics.counter("verdictsAnomalous");
        this.normalMetric = metrics.counter("verdictsNormal");
        this.degradedMetric = metrics.counter("verdictsDegraded");
        this.unseenMetric = metrics.counter("unseenTemplates");
        this.timing = new JudgeMetrics(metrics, hitMetric, missMetric, unseenMetric);
    }

    /**
     * Opens the bundle and the cache state; call from an operator's {@code open()}.
     *
     * @param members the bundle's members that vote; empty for all
     */
    public static Judge open(RuntimeContext ctx, String bundlePath, java.util.List<String> members, boolean cacheEnabled,
            Duration ttl) throws IOException {
        return new Judge(ctx, ModelBundle.read(Paths.get(bundlePath)).ensemble().select(members), cacheEnabled, ttl);
    }

    /** The verdict for a sequence whose id is the operator's current key. */
    public Verdict judge(LogSequence seq, long sequenceId) throws IOException {
        Verdict v = new Verdict();
        v.key = seq.key;
        v.start = seq.start;
        v.end = seq.end;
        v.length = seq.length();
        v.sequenceId = sequenceId;
        v.trueLabel = seq.label;
        v.members = members;
        if (llmVotes) {
            (Float.isNaN(seq.llmScore) ? llmUnscored : llmScored).add(1);
            llmMessages.add(seq.llmMessages);
            llmEncoded.add(seq.llmEncoded);
        }
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
            long t0 = System.nanoTime();
            Judgement j = ensemble.judge(seq.templateIds, seq.messages, seq.llmScore);
            timing.judged(System.nanoTime() - t0);
            v.label = j.label();
            v.score = j.score();
            v.votes = j.votes();
            v.unseenTemplates = j.unseen();
            v.degraded = j.degraded();
            missMetric.inc();
            if (cacheEnabled && !j.degraded()) { // a degraded verdict is not worth remembering
                CachedVerdict c = new CachedVerdict();
                c.templateIds = seq.templateIds;
                c.label = j.label();
                c.score = j.score();
                c.votes = j.votes();
                c.unseenTemplates = j.unseen();
                cache.add(c);
            }
        }
        judged.add(1);
        timing.sequence(seq);
        unseenMetric.inc(v.unseenTemplates);
        if (v.degraded) {
            degraded.add(1);
            degradedMetric.inc();
        }
        if (v.label == Labels.ANOMALOUS) {
            anomalies.add(1);
            anomalousMetric.inc();
        } else {
            normalMetric.inc();
        }
        return v;
    }

    /** Applies a correction to the current key's cache entry: update, or delete for an unknown label. */
    public void correct(LabelCorrection correction) throws IOException {
        if (correction.label == Labels.UNKNOWN) {
            cache.delete();
        } else {
            cache.update(correction.label, correction.who, correction.when);
        }
    }
}
