package dev.logsieve.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why one member judged an anomalous verdict's sequence as it did, in the member's own terms: the
 * decision tree's path ({@link #path}), KNN's nearest training sequences ({@link #neighbours}), or
 * the messages whose removal moves the MLP's or the LLM's score most ({@link #influences}). Only
 * the part that belongs to the member is set; {@link #summary} says it in one line.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberReason {
    /** The member: dt, knn, mlp or llm. */
    public String member;
    /** The reason in one line, for a person (the alert console prints it). */
    public String summary;
    /** dt: the tests from the root to the leaf the sequence fell into. */
    public Step[] path;
    /** dt: training sequences in that leaf, and how many of them were anomalous; null for other members. */
    public Long leafSequences;
    public Long leafAnomalous;
    /** knn: the nearest training sequences, nearest first. */
    public Neighbour[] neighbours;
    /** mlp, llm: the templates whose lines move the score most when left out, the largest drop first. */
    public Influence[] influences;

    public MemberReason() {}

    public MemberReason(String member, String summary) {
        this.member = member;
        this.summary = summary;
    }

    /** One test of the decision tree on the way to its leaf. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Step {
        /** What the test counts: {@link #TEMPLATE}, {@link #UNSEEN} (lines of templates training never saw) or {@link #WORD}. */
        public String feature;
        /** The template tested ({@link #TEMPLATE}); 0, and left out of JSON, otherwise. */
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        public long templateId;
        /** The template's text, or the word ({@link #WORD}); null for {@link #UNSEEN}. */
        public String text;
        /** How many times the sequence has it. */
        public int count;
        /** True when the sequence went the way of {@code count <= atMost}, false for {@code count > atMost}. */
        public boolean atMostBranch;
        /** The test's threshold as a count: {@code count <= atMost} or {@code count > atMost}. */
        public int atMost;

        public static final String TEMPLATE = "template";
        public static final String UNSEEN = "unseen";
        public static final String WORD = "word";

        public Step() {}

        public Step(String feature, long templateId, String text, int count, boolean atMostBranch, int atMost) {
            this.feature = feature;
            this.templateId = templateId;
            this.text = text;
            this.count = count;
            this.atMostBranch = atMostBranch;
            this.atMost = atMost;
        }
    }

    /** A training sequence near the judged one, as KNN measures. */
    public static class Neighbour {
        /** Its key (block id, window): the first training sequence with these features. */
        public String key;
        /** {@link Labels#NORMAL} or {@link Labels#ANOMALOUS}, as training labelled the point. */
        public int label;
        /** Euclidean distance between the two feature vectors. */
        public double distance;
        /** Training sequences with exactly these features (de-duplication collapsed them into one point). */
        public int sequences;

        public Neighbour() {}

        public Neighbour(String key, int label, double distance, int sequences) {
            this.key = key;
            this.label = label;
            this.distance = distance;
            this.sequences = sequences;
        }
    }

    /** A template whose lines, left out of the sequence, change the member's score. */
    public static class Influence {
        /** The first line of the template in the sequence, 1-based. */
        public int position;
        public long templateId;
        /** The masked message, when known. */
        public String text;
        /** How many lines of the sequence have the template (all were left out). */
        public int occurrences;
        /** The member's score minus its score without those lines: positive when they made it more anomalous. */
        public double drop;

        public Influence() {}

        public Influence(int position, long templateId, String text, int occurrences, double drop) {
            this.position = position;
            this.templateId = templateId;
            this.text = text;
            this.occurrences = occurrences;
            this.drop = drop;
        }
    }
}
