package dev.logsieve.window;

import dev.logsieve.event.LogSequence;
import dev.logsieve.metrics.JobCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.util.Collector;

/**
 * Emits the judgements of a sequence that is judged as it grows (live sessions, streaming count
 * windows): marks which judgement it is and whether it is the last, and counts only the last ones
 * as sequences, so that every line is counted in exactly one sequence.
 */
final class Judgements {
    private final JobCounter.Count sequences;
    private final JobCounter.Count sequencedLines;

    /** Opens the counts in the owner's {@code open()}. */
    Judgements(RuntimeContext ctx) {
        sequences = JobCounter.SEQUENCES.open(ctx);
        sequencedLines = JobCounter.SEQUENCED_LINES.open(ctx);
    }

    /**
     * @param step     which judgement of its key this is (1, 2, ...)
     * @param last     no more lines will join the sequence
     * @param judgedAt the event-time timer's timestamp that judged it
     */
    void emit(LogSequence seq, int step, boolean last, long judgedAt, Collector<LogSequence> out) {
        seq.step = step;
        seq.last = last;
        seq.judgedAt = judgedAt;
        if (last) {
            sequences.add(1);
            sequencedLines.add(seq.length());
        }
        out.collect(seq);
    }
}
