package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.util.Collector;

/**
 * Emits one {@link LogSequence} per fired window. Labels come only from the lines themselves (formats
 * that carry one); a labels file is joined to verdicts by backfill, never here.
 */
public class ToSequence<W extends Window> extends ProcessWindowFunction<KeyedLine, LogSequence, String, W> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context context, Iterable<KeyedLine> lines, Collector<LogSequence> out) {
        LogSequence seq = SequenceBuilder.build(key, lines, Labels.UNKNOWN);
        if (context.window() instanceof TimeWindow) {
            // Each window of a source is its own sequence: its key names the window's start.
            seq.key = key + "#" + ((TimeWindow) context.window()).getStart();
        }
        out.collect(seq);
    }
}
