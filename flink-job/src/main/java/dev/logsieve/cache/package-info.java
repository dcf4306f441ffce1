/**
 * The verdict cache (FlexLog): a template-id sequence judged once gets the same verdict back without
 * running the members. It lives in Flink keyed state (RocksDB in streaming), keyed by the sequence's
 * id, with a time-to-live; it supports query, add, update (a label correction) and delete.
 * {@link dev.logsieve.cache.JudgeFunction} is the operator that judges sequences through it; when
 * the LLM member votes, {@link dev.logsieve.cache.CacheGate} runs before the LLM stage so that the
 * sequences the cache will answer never reach the LLM's models.
 */
package dev.logsieve.cache;
