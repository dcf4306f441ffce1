package dev.logsieve.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The detector's answer for one sequence, with every member's vote kept for explanation. A
 * sequence that is still growing (streaming) is answered again as it grows: each answer is a
 * revision of the verdict for its key, numbered from 1, and the last has {@code final: true}. The
 * latest revision for a key is the current verdict, so a log-compacted topic keyed by
 * {@link #key} keeps exactly the current verdicts.
 */
@TypeInfo(VerdictSerializer.Factory.class)
public class Verdict {
    /** An alert: the key's verdict turned anomalous. */
    public static final String RAISED = "raised";
    /** The key's verdict turned normal again after it had been anomalous. */
    public static final String RESOLVED = "resolved";
    /** The vote of a member that could not answer (the ensemble's {@code Member.UNAVAILABLE}). */
    public static final int NO_VOTE = -1;

    public String key;
    public long start;
    public long end;
    /** Number of messages in the sequence. */
    public int length;
    /** Hash of the template-id sequence: the verdict cache's key. */
    public long sequenceId;
    /** {@link Labels#NORMAL} or {@link Labels#ANOMALOUS}. */
    public int label;
    /**
     * The vote rule's combined score, 0..1: anomalous at or above {@link #threshold} (majority: the
     * share of members that voted anomalous, anomalous above it).
     */
    public double score;
    /** The rule that combined the members: majority, average, weighted or stacked. */
    public String rule;
    /** See {@link #score}. */
    public double threshold;
    /** Member names, aligned with {@link #votes} and {@link #scores}. */
    public String[] members;
    /** 1 = that member voted anomalous, 0 = normal, -1 = it could not answer. */
    public int[] votes;
    /** Each member's own score, 0..1 with its boundary at 0.5 (above: it votes anomalous); null when unknown. */
    public double[] scores;
    /** Templates in the sequence that the training vocabulary does not know. */
    public int unseenTemplates;
    /** The verdict came from the verdict cache, not from running the members. */
    public boolean cached;
    /** A member could not answer (for example its model server was down) and the vote went on without it. */
    public boolean degraded;
    /** The label the input carried, when known; used by reports. */
    public int trueLabel = Labels.UNKNOWN;
    /** This verdict's number among its key's revisions: 1, 2, ... without gaps. */
    public int revision = 1;
    /** The key's last revision: no more lines will change it. */
    @JsonProperty("final")
    public boolean finalRevision = true;
    /** {@link #RAISED}, {@link #RESOLVED}, or null when the label did not change. */
    public String alert;
    /**
     * Anomalous verdicts: the lines whose templates training says are unusual, most telling first,
     * and each member's reason (see {@code dev.logsieve.evidence}); null for normal verdicts.
     */
    public VerdictEvidence evidence;
    /** The event time at which the stream judged the sequence (epoch ms); 0 for bounded runs. */
    public long judgedAt;
    /** The judgement's step among its key's (see {@code LogSequence.step}); orders revisions, not written out. */
    @JsonIgnore
    public int step;

    public Verdict() {}
}
