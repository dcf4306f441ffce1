package dev.logsieve.event;

/**
 * A person's correction of a verdict. It updates (or, with label {@link Labels#UNKNOWN}, deletes)
 * the verdict cache entry of one template-id sequence, so the next identical sequence gets the
 * corrected verdict.
 */
public class LabelCorrection {
    /** The sequence's id (its verdict's {@code sequenceId}). */
    public long sequenceId;
    /** The right label, or {@link Labels#UNKNOWN} to forget the cached verdict. */
    public int label = Labels.UNKNOWN;
    public String who;
    /** When the correction was made, epoch milliseconds. */
    public long when;

    public LabelCorrection() {}

    public LabelCorrection(long sequenceId, int label, String who, long when) {
        this.sequenceId = sequenceId;
        this.label = label;
        this.who = who;
        this.when = when;
    }
}
