/**
 * The model-building command line: turning labeled history into a model bundle, and measuring it.
 * Sequences are collected with the job's own code ({@code dev.logsieve.job.SequenceCollector});
 * FlexLog's limited-data sampling and LogLLM's minority oversampling
 * ({@link dev.logsieve.training.Sampling}), train/test splits, and the {@code train},
 * {@code evaluate}, {@code demo}, {@code generate} and {@code adfa} commands live here.
 * {@link dev.logsieve.training.TrainingMain} also dispatches the job's own commands (backfill,
 * stream), so one entry point knows them all.
 */
package dev.logsieve.training;
