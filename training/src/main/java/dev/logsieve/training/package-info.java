/**
 * Turning labeled history into a model bundle, and measuring it: collecting sequences with the
 * job's own code ({@link dev.logsieve.training.SequenceCollector}), FlexLog's limited-data sampling
 * and LogLLM's minority oversampling ({@link dev.logsieve.training.Sampling}), train/test splits,
 * and the {@code train}, {@code evaluate}, {@code demo} commands.
 */
package dev.logsieve.training;

import dev.logsieve.job.SequenceCollector;
