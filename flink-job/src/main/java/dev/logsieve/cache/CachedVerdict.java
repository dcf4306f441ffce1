package dev.logsieve.cache;

import dev.logsieve.event.MemberReason;

/** What the cache keeps per sequence: the sequence itself (to rule out hash collisions) and its verdict. */
public class CachedVerdict {
    /** The template ids, or null for an entry created by a correction before the sequence was seen. */
    public long[] templateIds;
    public int label;
    public double score;
    public int[] votes;
    public double[] scores;
    public int unseenTemplates;
    /**
     * The LLM member's reason when it voted anomalous (the messages that moved its score), so that
     * an answer from the cache carries it too; null otherwise.
     */
    public MemberReason llmReason;
    /** Who corrected this verdict, or null if it is the members' own. */
    public String correctedBy;
    public long correctedAt;

    public CachedVerdict() {}

    public boolean corrected() {
        return correctedBy != null;
    }
}
