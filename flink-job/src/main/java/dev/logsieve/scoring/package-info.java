/**
 * The LLM member inside the Flink job: an Async I/O stage ({@link dev.logsieve.scoring.LlmStage})
 * that puts each sequence's {@code p_anomalous} on it before the sequence is judged. It batches
 * sequences into classifier calls (up to B sequences or T milliseconds), runs the encoder only for
 * templates whose embedding it does not yet hold (the verdict cache in front of it keeps repeats away), and
 * never stalls the stream: when the model server is slow, failing or gone, a
 * {@link dev.logsieve.scoring.CircuitBreaker} stops calls for a while and sequences go on without a
 * score, to be judged by the other members with {@code degraded: true}.
 *
 * <p>The models run in-process on ONNX Runtime, or on Triton over gRPC
 * ({@link dev.logsieve.scoring.Backends} picks from the configuration).
 */
package dev.logsieve.scoring;
