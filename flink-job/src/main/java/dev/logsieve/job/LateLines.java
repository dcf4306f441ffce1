package dev.logsieve.job;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.LiveSessions;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.util.OutputTag;

/**
 * Keeps a line that arrived too late for its sequence, with the reason, where dead letters go. The
 * dead letter names the line's source position; its text is the masked message when the job kept
 * messages (a file input's line is still in the file at that line number).
 */
final class LateLines extends RichMapFunction<KeyedLine, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Lines that arrived after their sequence had closed. */
    static final OutputTag<KeyedLine> TAG = LiveSessions.LATE;

    private final String reason;

    private transient JobCounter.Count late;

    /** @param reason why such a line is late, naming the setting that decides it */
    LateLines(String reason) {
        this.reason = reason;
    }

    @Override
    public void open(OpenContext openContext) {
        late = JobCounter.LATE_LINES.open(getRuntimeContext());
    }

    @Override
    public DeadLetter map(KeyedLine line) {
        late.add(1);
        String text = line.template == null ? "" : line.template;
        return new DeadLetter("sequence " + line.key, line.lineNumber, "late: " + reason, text,
                text.length());
    }
}
