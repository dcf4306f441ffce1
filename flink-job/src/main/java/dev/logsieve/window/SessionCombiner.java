package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.SessionLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers a reader's lines by session key before the shuffle to {@link WholeInputSessions}
 * (bounded runs only): up to {@code maxLines} lines are held, then every key's lines so far go
 * out as one {@link SessionLines}, and the rest when the input ends. A key's lines may go out in
 * several pieces; {@link WholeInputSessions} joins them and orders them by event time, so the
 * sequences are the same as without it. An HDFS block has about 19 lines, so the shuffle and
 * Flink's sort see a tenth of the records or fewer.
 *
 * <p>Only for Flink's BATCH mode, where a failed task reruns from its input's start: the held
 * lines are not in checkpointed state.
 */
public class SessionCombiner extends AbstractStreamOperator<SessionLines>
        implements OneInputStreamOperator<KeyedLine, SessionLines>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final int maxLines;
    private transient Map<String, List<KeyedLine>> held;
    private transient int heldLines;
    private transient StreamRecord<SessionLines> outRecord;

    /** @param maxLines lines held before they are sent on; 1 or less sends each line on its own */
    public SessionCombiner(int maxLines) {
        this.maxLines = Math.max(1, maxLines);
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new HashMap<>();
        outRecord = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<KeyedLine> element) {
        KeyedLine line = element.getValue();
        held.computeIfAbsent(line.key, k -> new ArrayList<>()).add(line);
        if (++heldLines >= maxLines) {
            sendHeld();
        }
    }

    @Override
    public void endInput() {
        sendHeld();
    }

    private void sendHeld() {
        for (Map.Entry<String, List<KeyedLine>> e : held.entrySet()) {
            output.collect(outRecord.replace(new SessionLines(e.getKey(), e.getValue())));
        }
        held.clear();
        heldLines = 0;
    }
}
