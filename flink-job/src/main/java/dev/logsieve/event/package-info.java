/**
 * The records that flow between the job's operators: a parsed {@link dev.logsieve.event.LogRecord},
 * a masked {@link dev.logsieve.event.KeyedLine} routed to its sequence (or a reader's
 * {@link dev.logsieve.event.SessionLines} of one key, in bounded runs), a
 * {@link dev.logsieve.event.LogSequence}, the {@link dev.logsieve.event.Verdict} for it, and the
 * {@link dev.logsieve.event.DeadLetter} for input that could not be used.
 *
 * <p>The records that cross a shuffle (lines, a reader's pieces of sessions, sequences and
 * verdicts) have hand-written serializers ({@link dev.logsieve.event.RecordSerializer}, named by
 * each class's {@code @TypeInfo}); the others, and the operators' own state, are plain Flink POJOs
 * (public fields, a no-argument constructor), so that Flink never falls back to Kryo and state can
 * evolve. Sequences and verdicts were POJOs before; state written then is migrated on restore
 * ({@link dev.logsieve.event.FormerPojoSnapshot}). Their published wire form is in {@code proto/src/main/proto/logsieve.proto};
 * {@link dev.logsieve.event.ProtoCodec} converts.
 */
package dev.logsieve.event;
