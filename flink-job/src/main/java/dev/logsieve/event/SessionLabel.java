package dev.logsieve.event;

/**
 * One row of a session-labels file (HDFS's {@code anomaly_label.csv}) on its way to its session key
 * in a bounded run. A POJO, so Flink serializes it without Kryo.
 */
public class SessionLabel {
    public String key;
    /** {@link Labels#NORMAL} or {@link Labels#ANOMALOUS}. */
    public int label;
    /** Where the row is, for errors: file name and 1-based line number. */
    public String file;
    public long line;

    public SessionLabel() {}

    public SessionLabel(String key, int label, String file, long line) {
        this.key = key;
        this.label = label;
        this.file = file;
        this.line = line;
    }

    /**
     * {@code row} when no row for its key came {@code before} (null) or both agree; a key labeled
     * twice differently fails, naming both lines.
     */
    public static SessionLabel agree(SessionLabel before, SessionLabel row) {
        if (before != null && before.label != row.label) {
            throw new IllegalArgumentException(row.file + " line " + row.line + ": " + row.key + " is labeled "
                    + Labels.name(row.label) + " here but " + Labels.name(before.label) + " on line " + before.line);
        }
        return before == null ? row : before;
    }
}
