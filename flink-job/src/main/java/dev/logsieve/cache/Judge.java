package dev.logsieve.cache;

import dev.logsieve.bundle.FallbackFiles;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TemplateStats;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Judgement;
import dev.logsieve.ensemble.VoteRule;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import dev.logsieve.event.VerdictEvidence;
import dev.logsieve.evidence.Evidence;
import dev.logsieve.evidence.MemberReasons;
import dev.logsieve.io.Locations;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.InputBounds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * What the judge operator ({@link JudgeFunction}) does for the current key (a template-sequence
 * id): answer from the {@link VerdictCache} when it can, otherwise let the ensemble vote and
 * remember the verdict; and apply label corrections.
 */
public final class Judge {
    private final Ensemble ensemble;
    private final String[] members;
    private final VoteRule rule;
    private final VerdictCache cache;
    private final boolean cacheEnabled;
    private final boolean llmVotes;
    private final Counts counts;
    private final JobCounter.Count judged;
    private final JobCounter.Count hits;
    private final JobCounter.Count anomalies;
    private final JobCounter.Count llmScored;
    private final JobCounter.Count llmUnscored;
    private final JobCounter.Count llmMessages;
    private final JobCounter.Count llmEncoded;
    private final JobCounter.Count degraded;
    private final Counter missMetric;
    private final Counter normalMetric;
    private final Counter unseenMetric;
    private final JudgeMetrics timing;
    /** Bounded runs: where the anomalous sequences start and end, for the cut-off warning; null when streaming. */
    private final InputBounds anomalousBounds;

    /** Lines that explain anomalous verdicts; null when the bundle has no template counts. */
    private final Evidence evidence;
    /** Each member's reason for an anomalous verdict. */
    private final MemberReasons reasons;
    /** The semantic fallback's open encoder, or null when the bundle has none. */
    private FallbackFiles.Opened fallback;

    Judge(RuntimeContext ctx, Ensemble ensemble, Evidence evidence, boolean cacheEnabled, Duration ttl) {
        this.ensemble = ensemble;
        this.evidence = evidence;
        this.reasons = new MemberReasons(ensemble);
        this.members = ensemble.memberNames();
        this.rule = ensemble.rule();
        this.cacheEnabled = cacheEnabled;
        this.cache = VerdictCache.open(ctx, ttl);
        this.llmVotes = ensemble.has(LlmMember.NAME);
        this.counts = new Counts(ctx);
        this.judged = counts.open(JobCounter.JUDGED);
        this.hits = counts.open(JobCounter.CACHE_HITS);
        this.anomalies = counts.open(JobCounter.ANOMALIES);
        this.degraded = counts.open(JobCounter.DEGRADED);
        this.llmScored = counts.open(JobCounter.LLM_SCORED);
        this.llmUnscored = counts.open(JobCounter.LLM_UNSCORED);
        this.llmMessages = counts.open(JobCounter.LLM_MESSAGES);
        this.llmEncoded = counts.open(JobCounter.LLM_ENCODED);
        MetricGroup metrics = ctx.getMetricGroup();
        this.missMetric = metrics.counter("verdictCacheMisses");
        this.normalMetric = metrics.counter("verdictsNormal");
        this.unseenMetric = metrics.counter("unseenTemplates");
        this.timing = new JudgeMetrics(metrics, hits.metric(), missMetric, unseenMetric);
        this.anomalousBounds = ttl == null ? InputBounds.openAnomalous(counts) : null; // no TTL: a bounded run
    }

    /**
     * Opens the bundle and the cache state; call from an operator's {@code open()}.
     *
     * @param members the bundle's members that vote; empty for all
     */
    public static Judge open(RuntimeContext ctx, String bundlePath, List<String> members, boolean cacheEnabled,
            Duration ttl) throws IOException {
        Path bundle = Locations.local(bundlePath);
        TemplateStats templates = TemplateStats.read(bundle);
        Ensemble ensemble = ModelBundle.read(bundle).ensemble().select(members);
        FallbackFiles.Opened fallback = FallbackFiles.open(bundle, ensemble.featureExtractor().vocabulary().size());
        Judge judge = new Judge(ctx, fallback == null ? ensemble : ensemble.withUnseen(fallback.unseen()),
                templates == null ? null : new Evidence(templates), cacheEnabled, ttl);
        judge.fallback = fallback;
        return judge;
    }

    /** Releases the semantic fallback's encoder, if the bundle has one; call from the operator's {@code close()}. */
    public void close() throws Exception {
        if (fallback != null) {
            fallback.close();
            fallback = null;
        }
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
        v.rule = rule.name();
        v.threshold = rule.threshold();
        v.step = seq.step;
        v.finalRevision = seq.last;
        v.judgedAt = seq.judgedAt;
        if (llmVotes) {
            llmMessages.add(seq.llmMessages);
            llmEncoded.add(seq.llmEncoded);
        }
        CachedVerdict hit = cacheEnabled ? cache.query(seq.templateIds) : null;
        CachedVerdict remember = null;
        if (hit != null) {
            v.label = hit.label;
            v.score = hit.score;
            v.votes = hit.votes;
            v.scores = hit.scores;
            v.unseenTemplates = hit.unseenTemplates;
            v.cached = true;
            hits.add(1);
        } else {
            if (llmVotes) {
                (Float.isNaN(seq.llmScore) ? llmUnscored : llmScored).add(1);
            }
            long t0 = System.nanoTime();
            Judgement j = ensemble.judge(seq.templateIds, seq.messages, seq.llmScore);
            timing.judged(System.nanoTime() - t0);
            v.label = j.label();
            v.score = j.score();
            v.votes = j.votes();
            v.scores = j.scores();
            v.unseenTemplates = j.unseen();
            v.degraded = j.degraded();
            missMetric.inc();
            if (cacheEnabled && !j.degraded()) { // a degraded verdict is not worth remembering
                remember = new CachedVerdict();
                remember.templateIds = seq.templateIds;
                remember.label = j.label();
                remember.score = j.score();
                remember.votes = j.votes();
                remember.scores = j.scores();
                remember.unseenTemplates = j.unseen();
            }
        }
        judged.add(1);
        timing.sequence(seq);
        unseenMetric.inc(v.unseenTemplates);
        if (v.degraded) {
            degraded.add(1);
        }
        if (v.label == Labels.ANOMALOUS) {
            v.alert = Verdict.RAISED; // for a sequence judged once; the revisions stage decides for growing ones
            anomalies.add(1);
            // The evidence depends on the template sequence alone (a template id is its masked message's
            // hash), so the cache keeps it with the verdict; an entry a correction made anomalous has none.
            v.evidence = hit != null && hit.evidence != null ? hit.evidence
                    : new VerdictEvidence(evidence == null ? null : evidence.of(seq), reasons.of(seq, v));
            if (anomalousBounds != null) {
                anomalousBounds.add(seq.start, seq.end);
            }
        } else {
            normalMetric.inc();
        }
        if (remember != null) {
            remember.evidence = v.evidence;
            cache.add(remember);
        }
        return v;
    }

    /** What this judge has counted, for the run's report. */
    public Counts counts() {
        return counts;
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
