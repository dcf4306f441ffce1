package dev.logsieve.cache;

import dev.logsieve.event.LogSequence;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The detect operator's derived metrics, next to the counters {@link Judge} keeps: sequences in,
 * the verdict cache's hit ratio, how long the ensemble takes per sequence (a histogram over the last
 * 1,000 judgements and the last value), and the rate of templates unseen in training. All are listed
 * in {@code docs/metrics.md}.
 */
final class JudgeMetrics {
    private final Counter sequences;
    private final Histogram judgeMicros;
    private volatile long lastJudgeMicros;

    JudgeMetrics(MetricGroup metrics, Counter hits, Counter misses, Counter unseen) {
        this.sequences = metrics.counter("sequencesIn");
        metrics.meter("sequencesPerSecond", new MeterView(sequences));
        metrics.gauge("verdictCacheHitRatio", (Gauge<Double>) () -> {
            long h = hits.getCount();
            long all = h + misses.getCount();
            return all == 0 ? 0.0 : (double) h / all;
        });
        this.judgeMicros = metrics.histogram("ensembleJudgeMicros", new DescriptiveStatisticsHistogram(1000));
        metrics.gauge("ensembleLastJudgeMicros", (Gauge<Long>) () -> lastJudgeMicros);
        metrics.meter("unseenTemplatesPerSecond", new MeterView(unseen));
    }

    /** One sequence reached the operator (a cache hit or a judgement). */
    void sequence(LogSequence seq) {
        sequences.inc();
    }

    /** The ensemble judged one sequence in this many nanoseconds (cache misses only). */
    void judged(long nanos) {
        long micros = nanos / 1000;
        lastJudgeMicros = micros;
        judgeMicros.update(micros);
    }
}
