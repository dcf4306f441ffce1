package dev.logsieve.metrics;

import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * Every count the job keeps, with its accumulator name (what reports read after a bounded run) and
 * its metric name (what a metrics reporter shows while the job runs; null for counts that are only
 * accumulators). The metrics are listed in {@code docs/metrics.md}.
 */
public enum JobCounter {
    LINES_READ("lines-read", "linesIn"),
    /** The bytes of those lines, terminators included: progress through a cluster's job client. */
    BYTES_READ("bytes-read", null),
    LINES_PARSED("lines-parsed", null),
    DEAD_LETTERS("dead-letters", "deadLetters"),
    LATE_LINES("late-lines", "lateLines"),
    /** Lines whose bytes are not valid UTF-8 (used with U+FFFD, or dead letters; see logsieve.input.invalid-utf8). */
    INVALID_UTF8("invalid-utf8-lines", "invalidUtf8Lines"),
    SEQUENCES("sequences", null),
    SEQUENCED_LINES("sequenced-lines", null),
    JUDGED("sequences-judged", null),
    CACHE_HITS("cache-hits", "verdictCacheHits"),
    ANOMALIES("anomalies", "verdictsAnomalous"),
    /** Sequences the members judged with the LLM member's score. */
    LLM_SCORED("llm-scored", null),
    /** Sequences the members judged without an LLM score although the LLM member votes (degraded). */
    LLM_UNSCORED("llm-unscored", null),
    /** Messages whose embeddings the LLM stage looked up, and how many of them the encoder computed. */
    LLM_MESSAGES("llm-messages", null),
    LLM_ENCODED("llm-encoded", null),
    /** Verdicts given without a member that could not answer. */
    DEGRADED("degraded", "verdictsDegraded");

    private final String accumulator;
    private final String metric;

    JobCounter(String accumulator, String metric) {
        this.accumulator = accumulator;
        this.metric = metric;
    }

    /** The accumulator's name in a job's result. */
    public String accumulator() {
        return accumulator;
    }

    /**
     * Opens this count for an operator instance; operators open it through {@link Counts}, which
     * also keeps the instance's totals for a bounded run's own report.
     */
    Count open(RuntimeContext ctx) {
        LongCounter acc = ctx.getLongCounter(accumulator);
        Counter m = metric == null ? null : ctx.getMetricGroup().counter(metric);
        return new Count(accumulator, acc, m);
    }

    /** This count in a finished job's result (0 when no operator kept it). */
    public long in(JobExecutionResult result) {
        return in(result.getAllAccumulatorResults());
    }

    /** This count among a job's accumulator results (0 when no operator kept it). */
    public long in(Map<String, Object> accumulators) {
        Object o = accumulators.get(accumulator);
        return o == null ? 0 : ((Number) o).longValue();
    }

    /**
     * One operator instance's handle on a count: adds to the accumulator and the metric together,
     * and keeps this instance's own total (operators chained into one task share an accumulator).
     */
    public static final class Count {
        private final String name;
        private final LongCounter accumulator;
        private final Counter metric;
        private long value;

        Count(String name, LongCounter accumulator, Counter metric) {
            this.name = name;
            this.accumulator = accumulator;
            this.metric = metric;
        }

        public void add(long n) {
            value += n;
            accumulator.add(n);
            if (metric != null) {
                metric.inc(n);
            }
        }

        /** The accumulator's name. */
        public String name() {
            return name;
        }

        /** What this instance has added so far. */
        public long value() {
            return value;
        }

        /** The metric, for gauges derived from it; null for counts without one. */
        public Counter metric() {
            return metric;
        }
    }
}
