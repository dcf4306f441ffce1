package dev.logsieve.job;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.WindowOptions;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.util.OutputTag;

/** Keeps a line that arrived after its window had closed, with the reason, where dead letters go. */
final class LateLines extends RichMapFunction<KeyedLine, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Lines that arrived after their window had closed. */
    static final OutputTag<KeyedLine> TAG = new OutputTag<>("late-lines") {};

    private transient JobCounter.Count late;

    @Override
    public void open(OpenContext openContext) {
        late = JobCounter.LATE_LINES.open(getRuntimeContext());
    }

    @Override
    public DeadLetter map(KeyedLine line) {
        late.add(1);
        return new DeadLetter("sequence " + line.key, line.lineNumber,
                "late: its window had already closed (" + WindowOptions.OUT_OF_ORDERNESS.key() + ")", line.template, 0);
    }
}
