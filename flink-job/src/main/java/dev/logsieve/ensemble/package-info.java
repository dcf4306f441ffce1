/**
 * The FlexLog-style ensemble (Hadadi et al. 2025) as the job runs it: a decision tree, k nearest
 * neighbours and a one-hidden-layer feed-forward net from Smile, each a
 * {@link dev.logsieve.ensemble.Member} voting on the count features of a sequence, plus (elsewhere)
 * the LLM member behind the same interface. {@link dev.logsieve.ensemble.Ensemble#judge(long[])}
 * takes the majority of the binary votes, a tie being normal. The members here only predict; they
 * are fitted by the training module ({@code dev.logsieve.ensemble.train.EnsembleTrainer}) with the
 * hyper-parameters of {@link dev.logsieve.ensemble.MemberSettings}.
 */
package dev.logsieve.ensemble;
