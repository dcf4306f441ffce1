/**
 * Measuring the detector against labels: the confusion counts, precision, recall and F1, plain and
 * de-duplicated (FlexLog: test sequences whose template-id sequence occurs in training are left
 * out), and the JSON report that backfill and evaluate write.
 */
package dev.logsieve.eval;
