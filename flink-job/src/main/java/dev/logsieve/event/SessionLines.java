package dev.logsieve.event;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Lines of one session key that one reader gathered before the shuffle (bounded runs): a session
 * crosses the network and Flink's sort as a few of these instead of one record per line. The
 * lines are in arrival order; the sequence puts them in event-time order. Flink writes it with
 * {@link SessionLinesSerializer}, the key once for all its lines.
 */
@TypeInfo(SessionLinesSerializer.Factory.class)
public class SessionLines {
    public String key;
    /** Every line's {@link KeyedLine#key} is {@link #key}. */
    public List<KeyedLine> lines;

    public SessionLines() {}

    public SessionLines(String key, List<KeyedLine> lines) {
        this.key = key;
        this.lines = lines;
    }
}
