package dev.logsieve.scoring;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.inference.LlmBackend;
import dev.logsieve.io.Locations;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.llm.LlmScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's LLM stage, run with {@code AsyncDataStream.unorderedWait}: puts {@code p_anomalous} on
 * each sequence ({@link LogSequence#llmScore}) before it is judged.
 *
 * <p>The stage sees only sequences the verdict cache could not answer ({@code cache.CacheGate} runs
 * before it), so it keeps no score cache of its own. Sequences wait in a micro-batch that is sent
 * when it holds {@link LlmOptions#LLM_BATCH_SIZE} sequences or its first has waited
 * {@link LlmOptions#LLM_BATCH_WAIT}; batches run one at a time on the stage's own thread, which
 * blocks on the backend (so the task thread never does). Template embeddings are cached
 * ({@link LlmOptions#LLM_EMBEDDING_CACHE}).
 *
 * <p>When the member votes a sequence anomalous, the stage also scores it without each of its
 * templates' lines, in one call ({@link LlmInfluence}, {@link LlmOptions#LLM_EXPLAIN}), and puts the
 * most influential ones on the sequence ({@link LogSequence#llmReason}) for the verdict's evidence.
 *
 * <p>A member trained with retrieved context ({@code train --context}) gets each sequence's
 * descriptions from the bundle's knowledge file, or from {@link LlmOptions#LLM_CONTEXT}; a file
 * that is missing or does not fit the member fails the job when the stage opens.
 *
 * <p>Nothing is lost and nothing stalls: when a call fails, or the {@link CircuitBreaker} is open,
 * or Flink's timeout fires, the sequence goes on without a score ({@code NaN}) and the detect
 * operator judges it with the other members, marked degraded. Outputs are copies; inputs are not
 * modified (a late answer to a timed-out sequence changes nothing).
 */
public class LlmStage extends RichAsyncFunction<LogSequence, LogSequence> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LlmStage.class);

    /** The options this stage reads (copied into its own configuration when the job is built). */
    static final List<ConfigOption<?>> OPTIONS = List.of(LlmOptions.LLM_TRITON, LlmOptions.LLM_BATCH_SIZE,
            LlmOptions.LLM_BATCH_WAIT, LlmOptions.LLM_THREADS, LlmOptions.LLM_EXECUTION_PROVIDER,
            LlmOptions.LLM_CUDA_DEVICE, LlmOptions.LLM_EMBEDDING_CACHE,
            LlmOptions.LLM_BREAKER_FAILURES, LlmOptions.LLM_BREAKER_OPEN,
            LlmOptions.LLM_DEADLINE, LlmOptions.LLM_RETRIES, LlmOptions.LLM_MAX_MESSAGE,
            LlmOptions.LLM_TLS, LlmOptions.LLM_CA_CERT, LlmOptions.LLM_TOKEN_FILE, LlmOptions.LLM_EXPLAIN,
            LlmOptions.LLM_CONTEXT);

    private final String bundlePath;
    private final Configuration conf;

    private transient LlmMember member;
    /** The bundle's templates with their texts, for lines that come without theirs. */
    private transient Vocabulary texts;
    private transient Path bundle;
    private transient LlmScorer.Retrieval retrieval;
    private transient LlmBackend backend;
    private transient volatile LlmScorer scorer;
    private transient CircuitBreaker breaker;
    private transient ScheduledExecutorService worker;
    private transient List<Pending> pending;
    private transient int batchSize;
    private transient long batchWaitMillis;
    private transient boolean explain;
    private transient Counter scoredMetric;
    private transient Counter unscoredMetric;
    private transient Counter failedCallsMetric;

    /** A sequence waiting for its batch. */
    private record Pending(LogSequence seq, ResultFuture<LogSequence> result) {}

    /**
     * @param bundlePath the model bundle (with an LLM member) every parallel instance reads
     * @param conf the job's settings; the LLM ones ({@link #OPTIONS}) are kept
     */
    public LlmStage(String bundlePath, ReadableConfig conf) {
        this.bundlePath = bundlePath;
        this.conf = new Configuration();
        for (ConfigOption<?> o : OPTIONS) {
            copy(conf, o);
        }
    }

    private <T> void copy(ReadableConfig from, ConfigOption<T> option) {
        from.getOptional(option).ifPresent(v -> conf.set(option, v));
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        Path bundle = Locations.local(bundlePath);
        ModelBundle.verifyModelFiles(bundle);
        Ensemble ensemble = ModelBundle.read(bundle).ensemble();
        texts = ensemble.featureExtractor().vocabulary();
        LlmMember member = ensemble.members().stream()
                .filter(m -> m instanceof LlmMember).map(m -> (LlmMember) m).findFirst()
                .orElseThrow(() -> new IllegalStateException("model bundle " + bundle + " has no LLM member"));
        this.member = member;
        this.bundle = bundle;
        // a knowledge file that is missing or does not fit the member fails the job here, with what to do
        retrieval = member.retrieval(bundle, conf.getOptional(LlmOptions.LLM_CONTEXT).map(Path::of).orElse(null));
        breaker = new CircuitBreaker(conf.get(LlmOptions.LLM_BREAKER_FAILURES),
                conf.get(LlmOptions.LLM_BREAKER_OPEN).toMillis(), System::currentTimeMillis);
        batchSize = conf.get(LlmOptions.LLM_BATCH_SIZE);
        batchWaitMillis = conf.get(LlmOptions.LLM_BATCH_WAIT).toMillis();
        explain = conf.get(LlmOptions.LLM_EXPLAIN);
        pending = new ArrayList<>();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "logsieve-llm-" + subtask);
            t.setDaemon(true);
            return t;
        });
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        scoredMetric = metrics.counter("llmScored");
        unscoredMetric = metrics.counter("llmUnscored");
        failedCallsMetric = metrics.counter("llmFailedCalls");
        metrics.gauge("llmEmbeddingCacheHits", () -> scorer == null ? 0L : scorer.embeddingCache().hits());
        metrics.gauge("llmEmbeddingCacheMisses", () -> scorer == null ? 0L : scorer.embeddingCache().misses());
        metrics.gauge("llmBreakerOpen", () -> breaker.state() == CircuitBreaker.State.CLOSED ? 0 : 1);
        worker.execute(() -> {
            try {
                connect();
            } catch (RuntimeException e) {
                breaker.failure();
                LOG.error("LLM member: cannot reach its models ({}); sequences are judged without it (degraded) until"
                        + " they can be reached", e.getMessage());
            }
        });
    }

    /**
     * Opens the backend on the worker thread, once: a model server that is down when the job
     * starts makes verdicts degraded, not the job fail; the circuit breaker's trial calls try again.
     */
    private void connect() {
        if (scorer != null) {
            return;
        }
        try {
            backend = Backends.open(conf, bundle, member.maxTokens());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            scorer = new LlmScorer(backend, conf.get(LlmOptions.LLM_EMBEDDING_CACHE), member.maxMessages(), retrieval);
        } catch (IllegalArgumentException e) { // a model server that serves a classifier of another bundle
            backend.close();
            backend = null;
            throw e;
        }
        LOG.info("LLM stage {}: models {}, batches of up to {} sequences or {} ms",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), backend.describe(), batchSize, batchWaitMillis);
    }

    @Override
    public void asyncInvoke(LogSequence seq, ResultFuture<LogSequence> result) {
        if (!breaker.allow()) {
            unscored(seq, result);
            return;
        }
        List<Pending> full = null;
        synchronized (pending) {
            pending.add(new Pending(seq, result));
            if (pending.size() >= batchSize) {
                full = drain();
            } else if (pending.size() == 1) {
                worker.schedule(this::flush, batchWaitMillis, TimeUnit.MILLISECONDS);
            }
        }
        if (full != null) {
            List<Pending> batch = full;
            worker.execute(() -> run(batch));
        }
    }

    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        return batch;
    }

    private void flush() {
        List<Pending> batch;
        synchronized (pending) {
            batch = drain();
        }
        if (!batch.isEmpty()) {
            run(batch);
        }
    }

    /** Scores one batch on the worker thread; every sequence of it is completed, with or without a score. */
    private void run(List<Pending> batch) {
        List<long[]> ids = new ArrayList<>(batch.size());
        List<String[]> filled = new ArrayList<>(batch.size());
        for (Pending q : batch) {
            ids.add(q.seq.templateIds);
            filled.add(texts.fill(q.seq.templateIds, q.seq.messages)); // lines of known templates come without text
        }
        if (!breaker.allow()) { // the batch before this one failed and opened the breaker
            for (Pending q : batch) {
                unscored(q.seq, q.result);
            }
            return;
        }
        long missesBefore = scorer == null ? 0 : scorer.embeddingCache().misses();
        float[] p;
        try {
            connect();
            p = scorer.score(ids, filled);
            breaker.success();
        } catch (RuntimeException e) {
            failedCallsMetric.inc();
            boolean wasClosed = breaker.state() == CircuitBreaker.State.CLOSED;
            breaker.failure();
            if (wasClosed || breaker.state() != CircuitBreaker.State.OPEN) {
                LOG.warn("LLM member: a batch of {} sequences got no score from {} ({}); they are judged without it"
                        + " (degraded). Circuit breaker: {}", batch.size(), backend == null ? "its models" : backend.describe(),
                        e.toString(), breaker.state());
            }
            for (Pending q : batch) {
                unscored(q.seq, q.result);
            }
            return;
        }
        int encoded = (int) (scorer.embeddingCache().misses() - missesBefore);
        for (int i = 0; i < batch.size(); i++) {
            Pending q = batch.get(i);
            LogSequence out = q.seq.copy();
            out.llmScore = p[i];
            out.llmMessages = Math.min(q.seq.templateIds.length, member.maxMessages());
            out.llmEncoded = i == 0 ? encoded : 0; // the batch's encoder work, counted once
            if (explain && member.label(p[i]) == LlmMember.ANOMALOUS) {
                LogSequence withTexts = q.seq;
                if (filled.get(i) != q.seq.messages) {
                    withTexts = q.seq.copy();
                    withTexts.messages = filled.get(i);
                }
                out.llmReason = LlmInfluence.of(scorer, member, withTexts, p[i], batchSize);
            }
            scoredMetric.inc();
            q.result.complete(Collections.singleton(out));
        }
    }

    private void unscored(LogSequence seq, ResultFuture<LogSequence> result) {
        unscoredMetric.inc();
        LogSequence out = seq.copy();
        out.llmScore = Float.NaN;
        result.complete(Collections.singleton(out));
    }

    /** Flink's timeout: the sequence goes on without a score rather than failing the job. */
    @Override
    public void timeout(LogSequence seq, ResultFuture<LogSequence> result) {
        unscored(seq, result);
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            worker.shutdownNow();
            worker.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (backend != null) {
            backend.close();
        }
    }
}
