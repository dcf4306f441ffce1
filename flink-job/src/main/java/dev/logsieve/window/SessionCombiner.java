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
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Gathers a reader's lines by session key before the keyed shuffle, so a session crosses the
 * network (and, in a bounded run, Flink's sort; in streaming, the state backend) as a few
 * {@link SessionLines} instead of one record per line. Up to {@code maxLines} lines are held;
 * then, and whenever the input ends, every key's lines so far go out, one record per key. A
 * key's lines may go out in several pieces; {@link WholeInputSessions} and {@link LiveSessions}
 * join them and order them by event time, so the sequences are the same as without it.
 *
 * <p>In streaming, the held lines also go out before every watermark, watermark status (an input
 * turning idle) and checkpoint barrier passes on. So the operator downstream sees each line before
 * any event time that could close its session, exactly as it would without the combiner, and no
 * line is held across a checkpoint: nothing here needs state, and a restart loses nothing. Lines
 * are held at most one watermark interval ({@code pipeline.auto-watermark-interval}), during which
 * no timer downstream could have fired.
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

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        sendHeld(); // before the event time that may close their sessions downstream
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        sendHeld(); // an input turning idle lets event time downstream move on without it
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendHeld(); // what a checkpoint covers has left this operator, so it needs no state
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    private void sendHeld() {
        if (heldLines == 0) {
            return;
        }
        for (Map.Entry<String, List<KeyedLine>> e : held.entrySet()) {
            output.collect(outRecord.replace(new SessionLines(e.getKey(), e.getValue())));
        }
        held.clear();
        heldLines = 0;
    }
}
