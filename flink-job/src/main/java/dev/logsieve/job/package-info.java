/**
 * The job itself: {@link dev.logsieve.job.Pipeline} lays out every operator from source to sinks, in
 * order, for streaming, backfill, the demo and evaluation alike; {@link dev.logsieve.job.BackfillJob}
 * runs it over stored files, {@code dev.logsieve.kafka.StreamJob} between Kafka topics.
 * {@link dev.logsieve.job.Models} reads what the pipeline needs to know of the model bundle, once,
 * in the client; {@link dev.logsieve.job.StreamSettings} and {@link dev.logsieve.job.LocalEnvironment}
 * set Flink up; {@link dev.logsieve.job.SequenceCollector} runs the first half alone so training
 * sees exactly the sequences the job judges.
 */
package dev.logsieve.job;
