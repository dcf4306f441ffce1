package dev.logsieve.event;

/** The detector's answer for one sequence, with every member's vote kept for explanation. */
public class Verdict {
    public String key;
    public long start;
    public long end;
    /** Number of messages in the sequence. */
    public int length;
    /** Hash of the template-id sequence: the verdict cache's key. */
    public long sequenceId;
    /** {@link Labels#NORMAL} or {@link Labels#ANOMALOUS}. */
    public int label;
    /** Share of members that voted anomalous, 0..1. */
    public double score;
    /** Member names, aligned with {@link #votes}. */
    public String[] members;
    /** 1 = that member voted anomalous, 0 = normal. */
    public int[] votes;
    /** Templates in the sequence that the training vocabulary does not know. */
    public int unseenTemplates;
    /** The verdict came from the verdict cache, not from running the members. */
    public boolean cached;
    /** A member could not answer (for example its model server was down) and the vote went on without it. */
    public boolean degraded;
    /** The label the input carried, when known; used by reports. */
    public int trueLabel = Labels.UNKNOWN;

    public Verdict() {}
}
