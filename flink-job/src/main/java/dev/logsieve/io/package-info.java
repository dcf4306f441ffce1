/**
 * Getting lines in and results out: {@link dev.logsieve.io.LineFileFormat} reads raw lines from
 * files (gzip included) with their line numbers, never failing on odd bytes,
 * {@link dev.logsieve.io.RecordFileSink} writes records as JSON lines or protobuf for backfill runs,
 * and {@link dev.logsieve.io.Locations} names inputs, bundles and outputs by local paths or by URIs
 * of any file system Flink has.
 */
package dev.logsieve.io;
