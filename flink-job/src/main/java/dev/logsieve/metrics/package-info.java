/**
 * The job's counts, kept once: each {@link dev.logsieve.metrics.JobCounter} is both a Flink
 * accumulator (read from a bounded run's result for reports) and, where it has a metric name, a
 * Flink metric (read live through a metrics reporter). Operators open the counters they keep
 * through {@link dev.logsieve.metrics.Counts}, which also keeps each operator instance's own
 * totals; {@link dev.logsieve.metrics.CountsAtEnd} sends those downstream when a bounded input
 * ends, so the job can write its own report. Reports read them back by the same constant.
 */
package dev.logsieve.metrics;
