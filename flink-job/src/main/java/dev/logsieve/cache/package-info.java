/**
 * The verdict cache (FlexLog): a template-id sequence judged once gets the same verdict back without
 * running the members. It lives in Flink keyed state (RocksDB in streaming), keyed by the sequence's
 * id, with a time-to-live; it supports query, add, update (a label correction) and delete.
 * {@link dev.logsieve.cache.DetectFunction} is the operator that judges sequences through it.
 */
package dev.logsieve.cache;
