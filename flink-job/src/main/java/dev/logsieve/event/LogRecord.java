package dev.logsieve.event;

/** One parsed log line: the header fields, the message and the keys of the sequences it belongs to. */
public class LogRecord {
    /** Where the line came from: a file path, or topic-partition for Kafka. */
    public String source;
    /** 1-based line number (or offset) within the source. */
    public long lineNumber;
    /** Event time in epoch milliseconds, from the header. */
    public long timestamp;
    public String level;
    public String component;
    /** The free-text message, not yet masked. */
    public String content;
    /** Session keys named by the line (an HDFS line may name several blocks); empty for windowed formats. */
    public String[] sessionKeys;
    /** Per-line label when the format carries one (BGL's first column), else {@link Labels#UNKNOWN}. */
    public int label = Labels.UNKNOWN;

    public LogRecord() {}

    public LogRecord(long timestamp, String level, String component, String content, String[] sessionKeys, int label) {
        this.timestamp = timestamp;
        this.level = level;
        this.component = component;
        this.content = content;
        this.sessionKeys = sessionKeys;
        this.label = label;
    }
}
