package dev.logsieve.cache;

import dev.logsieve.event.VerdictEvidence;

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
     * An anomalous verdict's evidence (its lines and each member's reason, the LLM's included), so
     * that an answer from the cache carries it without computing it again; null otherwise.
     */
    public VerdictEvidence evidence;
    /** Who corrected this verdict, or null if it is the members' own. */
    public String correctedBy;
    public long correctedAt;

    public CachedVerdict() {}

    public boolean corrected() {
        return correctedBy != null;
    }
}
