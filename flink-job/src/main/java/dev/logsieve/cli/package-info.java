/**
 * The command line of the Flink job module: {@code backfill} and {@code stream}, and the option
 * groups that {@code train}, {@code evaluate} and {@code demo} (in the training module) share.
 * Every option maps to a typed setting; {@link dev.logsieve.cli.LogsieveOptions} lists them all.
 */
package dev.logsieve.cli;
