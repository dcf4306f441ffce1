package dev.logsieve.window;

import dev.logsieve.event.LogSequence;
import org.apache.flink.util.Collector;

/**
 * Emits the judgements of a sequence that is judged as it grows (live sessions, streaming count
 * windows): marks which judgement it is and whether it is the last ({@link CountSequences} counts
 * only the last ones, so that every line is counted in exactly one sequence).
 */
final class Judgements {
    private Judgements() {}

    /**
     * @param step     which judgement of its key this is (1, 2, ...)
     * @param last     no more lines will join the sequence
     * @param judgedAt the event-time timer's timestamp that judged it
     */
    static void emit(LogSequence seq, int step, boolean last, long judgedAt, Collector<LogSequence> out) {
        seq.step = step;
        seq.last = last;
        seq.judgedAt = judgedAt;
        out.collect(seq);
    }
}
