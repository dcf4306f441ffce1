package dev.logsieve.event;

/**
 * One line of an anomalous verdict's evidence: a line of the sequence whose template training says
 * is unusual, and why. A template that occurs several times in the sequence is one evidence line
 * (its first position) with the number of times.
 */
public class EvidenceLine {
    /** Where the line is in its sequence: 1 for the first. */
    public int position;
    /** The line's template id (the hash of its masked message). */
    public long templateId;
    /** The masked message, when known (the line's own, or training's text of its template); else null. */
    public String text;
    /**
     * Why this line: {@link #UNSEEN}, {@link #ONLY_ANOMALOUS}, {@link #MOSTLY_ANOMALOUS}, {@link #RARE},
     * {@link #COUNT} or {@link #MOST_ANOMALOUS}.
     */
    public String why;
    /** In how many training sequences the template occurred, and in how many of them anomalous ones. */
    public long trainingSequences;
    public long trainingAnomalous;
    /** How often the template occurs in this sequence. */
    public int occurrences;
    /** How often normal training sequences that have the template usually have it (0: none has it). */
    public int usualCount;

    /** The template never occurred in training. */
    public static final String UNSEEN = "unseen";
    /** The template occurred in training, in anomalous sequences only. */
    public static final String ONLY_ANOMALOUS = "only-anomalous";
    /** The template occurred in training in more anomalous sequences than normal ones. */
    public static final String MOSTLY_ANOMALOUS = "mostly-anomalous";
    /** The template occurred in very few training sequences. */
    public static final String RARE = "rare";
    /**
     * No template of the sequence is unusual, but this one occurs more or fewer times than normal
     * training sequences usually have it ({@link #usualCount}).
     */
    public static final String COUNT = "count";
    /**
     * No template of the sequence is unusual, nor its count (the members judged the order of common
     * templates, or their combination); this is the one most often in anomalous training sequences.
     */
    public static final String MOST_ANOMALOUS = "most-anomalous";

    public EvidenceLine() {}

    public EvidenceLine(int position, long templateId, String text, String why, long trainingSequences,
                        long trainingAnomalous, int occurrences, int usualCount) {
        this.position = position;
        this.templateId = templateId;
        this.text = text;
        this.why = why;
        this.trainingSequences = trainingSequences;
        this.trainingAnomalous = trainingAnomalous;
        this.occurrences = occurrences;
        this.usualCount = usualCount;
    }
}
