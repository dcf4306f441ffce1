package dev.logsieve.window;

import dev.logsieve.event.LogSequence;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.CountsAtEnd;
import dev.logsieve.metrics.JobCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the sequences the grouping emits, whatever the grouping: only the last judgement of a
 * sequence that is judged as it grows, so every line is counted in exactly one sequence. Over a
 * whole bounded input it also records where each session starts and ends ({@link InputBounds}).
 * Chained to the grouping; passes every sequence on unchanged.
 */
public class CountSequences extends ProcessFunction<LogSequence, LogSequence> implements CountsAtEnd.Counted {
    private static final long serialVersionUID = 1L;

    private final boolean wholeInput;
    private transient Counts counts;
    private transient JobCounter.Count sequences;
    private transient JobCounter.Count sequencedLines;
    private transient InputBounds bounds;

    /** @param wholeInput sessions over a whole bounded input: record their bounds for the cut-off warning */
    public CountSequences(boolean wholeInput) {
        this.wholeInput = wholeInput;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new Counts(getRuntimeContext());
        sequences = counts.open(JobCounter.SEQUENCES);
        sequencedLines = counts.open(JobCounter.SEQUENCED_LINES);
        bounds = wholeInput ? InputBounds.open(counts) : null;
    }

    @Override
    public void processElement(LogSequence seq, Context ctx, Collector<LogSequence> out) {
        if (seq.last) {
            sequences.add(1);
            sequencedLines.add(seq.length());
            if (bounds != null) {
                bounds.add(seq.start, seq.end);
            }
        }
        out.collect(seq);
    }

    @Override
    public Counts counts() {
        return counts;
    }
}
