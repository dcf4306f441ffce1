/**
 * Synthetic, labeled HDFS logs for the demo, for self-contained tests and for throughput
 * benchmarks.
 *
 * <p>{@link dev.logsieve.generate.HdfsLogGenerator} simulates the life of many HDFS blocks at once
 * (allocation by the NameNode, a three-replica write pipeline, block scanner verification, reads,
 * deletion) and writes them as interleaved lines in the {@code hdfs} format
 * ({@code <Date> <Time> <Pid> <Level> <Component>: <Content>}), with per-block labels in the
 * {@code anomaly_label.csv} format. The templates, their proportions and their order follow the
 * real HDFS_v1 sample in {@code shared/datasets/hdfs}; a configurable fraction of blocks carries an
 * injected fault (see {@link dev.logsieve.generate.AnomalyKind}). Output is deterministic for a
 * seed, streamed with bounded memory, and settings live in
 * {@link dev.logsieve.generate.GeneratorOptions}.
 *
 * <p>{@link dev.logsieve.generate.HdfsReplicator} multiplies an existing HDFS log and its labels
 * by giving every copy fresh, consistent block ids, for benchmarks on more data than was
 * recorded.
 */
package dev.logsieve.generate;
