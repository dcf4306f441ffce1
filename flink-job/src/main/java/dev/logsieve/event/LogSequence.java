package dev.logsieve.event;

/** A group of lines judged together: one session, or one count or time window. */
public class LogSequence {
    public String key;
    /** Event time of the first and last line, epoch milliseconds. */
    public long start;
    public long end;
    public long[] templateIds;
    /** The masked messages, aligned with {@link #templateIds}; null when the job does not keep them. */
    public String[] messages;
    /** Anomalous if any line is, when labels are known; else {@link Labels#UNKNOWN}. */
    public int label = Labels.UNKNOWN;

    public LogSequence() {}

    public LogSequence(String key, long start, long end, long[] templateIds, String[] messages, int label) {
        this.key = key;
        this.start = start;
        this.end = end;
        this.templateIds = templateIds;
        this.messages = messages;
        this.label = label;
    }

    public int length() {
        return templateIds.length;
    }
}
