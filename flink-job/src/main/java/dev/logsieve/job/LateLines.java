package dev.logsieve.job;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.CountsAtEnd;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.LiveSessions;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps a line that arrived too late for its sequence, with the reason, where dead letters go. The
 * dead letter names the line's source position; its text is the masked message when the job kept
 * messages (a file input's line is still in the file at that line number).
 */
final class LateLines extends ProcessFunction<KeyedLine, DeadLetter> implements CountsAtEnd.Counted {
    private static final long serialVersionUID = 1L;

    /** Lines that arrived after their sequence had closed. */
    static final OutputTag<KeyedLine> TAG = LiveSessions.LATE;

    private final String reason;

    private transient Counts counts;
    private transient JobCounter.Count late;

    /** @param reason why such a line is late, naming the setting that decides it */
    LateLines(String reason) {
        this.reason = reason;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new Counts(getRuntimeContext());
        late = counts.open(JobCounter.LATE_LINES);
    }

    @Override
    public Counts counts() {
        return counts;
    }

    @Override
    public void processElement(KeyedLine line, Context ctx, Collector<DeadLetter> out) {
        late.add(1);
        String text = line.template == null ? "" : line.template;
        out.collect(new DeadLetter("sequence " + line.key, line.lineNumber, "late: " + reason, text,
                text.length()));
    }
}
