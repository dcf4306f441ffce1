package dev.logsieve.event;

/**
 * What made a verdict anomalous: the lines whose templates training says are unusual
 * ({@link #lines}, most telling first) and each member's reason in its own terms
 * ({@link #members}, in voting order). Normal verdicts carry none.
 */
public class VerdictEvidence {
    /** The unusual lines; see {@code dev.logsieve.evidence.Evidence}. Never empty for a bundle with template counts. */
    public EvidenceLine[] lines;
    /** One reason per member that can give one; null when none was computed. */
    public MemberReason[] members;

    public VerdictEvidence() {}

    public VerdictEvidence(EvidenceLine[] lines, MemberReason[] members) {
        this.lines = lines;
        this.members = members;
    }
}
