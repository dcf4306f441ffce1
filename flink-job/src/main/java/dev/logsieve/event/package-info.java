/**
 * The records that flow between the job's operators: a parsed {@link dev.logsieve.event.LogRecord},
 * a masked {@link dev.logsieve.event.KeyedLine} routed to its sequence, a
 * {@link dev.logsieve.event.LogSequence}, the {@link dev.logsieve.event.Verdict} for it, and the
 * {@link dev.logsieve.event.DeadLetter} for input that could not be used.
 *
 * <p>They are plain Flink POJOs (public fields, a no-argument constructor) so that Flink serializes
 * them with its own fast POJO serializer instead of Kryo. Their published wire form is in
 * {@code proto/src/main/proto/logsieve.proto}; {@link dev.logsieve.event.ProtoCodec} converts.
 */
package dev.logsieve.event;
