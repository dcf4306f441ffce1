package dev.logsieve.event;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A masked line on its way to one sequence. A line that names several session keys becomes several
 * keyed lines. This is the record that crosses the network shuffle, so it carries only what the
 * sequence needs, and Flink writes it with {@link KeyedLineSerializer}.
 */
@TypeInfo(KeyedLineSerializer.Factory.class)
public class KeyedLine {
    /** The sequence key: a session id, or the stream name for count and time windows. */
    public String key;
    public long timestamp;
    /** Position of the line in its source; orders lines with equal timestamps. */
    public long lineNumber;
    public long templateId;
    /** The masked message (the template). */
    public String template;
    public int label = Labels.UNKNOWN;

    public KeyedLine() {}

    public KeyedLine(String key, long timestamp, long lineNumber, long templateId, String template, int label) {
        this.key = key;
        this.timestamp = timestamp;
        this.lineNumber = lineNumber;
        this.templateId = templateId;
        this.template = template;
        this.label = label;
    }
}
