package dev.logsieve.event;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/** A group of lines judged together: one session, or one count or time window. */
@TypeInfo(LogSequenceSerializer.Factory.class)
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
    /**
     * The LLM member's p_anomalous, set by the job's LLM stage before the sequence is judged;
     * {@code NaN} when not computed (no LLM member, or the models could not answer).
     */
    public float llmScore = Float.NaN;
    /**
     * Set by the LLM stage when the LLM member votes anomalous: the messages whose removal lowers
     * its score most; null otherwise.
     */
    public MemberReason llmReason;
    /** Messages whose embeddings the LLM stage looked up for this sequence (0 when its score was remembered). */
    public int llmMessages;
    /** Of those, how many the encoder had to compute (the rest came from the embedding cache). */
    public int llmEncoded;
    /**
     * Set by the verdict cache's gate ({@code cache.CacheGate}) when the LLM member votes: which of
     * the gate's forwards of this template sequence the verdict depends on; 0 when no gate ran.
     */
    public long cacheGeneration;
    /** Set by the gate: the verdict cache will answer this sequence, so it skipped the LLM stage. */
    public boolean skippedLlm;
    /**
     * Which judgement of its key this is, 1, 2, ..., for a sequence that is judged again as it grows
     * (streaming); 0 for a sequence judged once (bounded runs). Orders a key's judgements after
     * stages that may reorder them.
     */
    public int step;
    /** No more lines will join this sequence: this is its final judgement. */
    public boolean last = true;
    /** The event time at which the stream judged the sequence, epoch milliseconds; 0 for bounded runs. */
    public long judgedAt;
    /** Each line's event time, aligned with {@link #templateIds}; only when collected for training, else null. */
    public long[] times;

    public LogSequence() {}

    public LogSequence(String key, long start, long end, long[] templateIds, String[] messages, int label) {
        this.key = key;
        this.start = start;
        this.end = end;
        this.templateIds = templateIds;
        this.messages = messages;
        this.label = label;
    }

    /** A shallow copy (the arrays are shared). */
    public LogSequence copy() {
        LogSequence c = new LogSequence(key, start, end, templateIds, messages, label);
        c.llmScore = llmScore;
        c.llmReason = llmReason;
        c.llmMessages = llmMessages;
        c.llmEncoded = llmEncoded;
        c.cacheGeneration = cacheGeneration;
        c.skippedLlm = skippedLlm;
        c.step = step;
        c.last = last;
        c.judgedAt = judgedAt;
        c.times = times;
        return c;
    }

    public int length() {
        return templateIds.length;
    }
}
