/**
 * Getting lines in and results out: {@link dev.logsieve.io.LineFileFormat} reads raw lines from
 * files (gzip included) with their line numbers, never failing on odd bytes, and
 * {@link dev.logsieve.io.RecordFileSink} writes records as JSON lines or protobuf for backfill runs.
 */
package dev.logsieve.io;
