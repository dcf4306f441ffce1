/**
 * Fits the ensemble's feature members from labeled sequences.
 * {@link dev.logsieve.ensemble.train.EnsembleTrainer} builds the vocabulary and the count features,
 * then each requested member in the fixed order dt, knn, mlp, with
 * {@link dev.logsieve.ensemble.train.DecisionTreeTrainer},
 * {@link dev.logsieve.ensemble.train.KnnTrainer} and {@link dev.logsieve.ensemble.train.MlpTrainer}.
 * The fitted members ({@code dev.logsieve.ensemble}, flink-job) only predict.
 */
package dev.logsieve.ensemble.train;
