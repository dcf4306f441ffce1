package dev.logsieve.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Confusion counts for the anomalous class, and the scores derived from them. */
@JsonPropertyOrder({"sequences", "tp", "fp", "fn", "tn", "precision", "recall", "f1"})
public final class Confusion {
    public final long tp;
    public final long fp;
    public final long fn;
    public final long tn;

    public Confusion(long tp, long fp, long fn, long tn) {
        this.tp = tp;
        this.fp = fp;
        this.fn = fn;
        this.tn = tn;
    }

    @JsonProperty
    public long sequences() {
        return tp + fp + fn + tn;
    }

    /** tp / (tp + fp); 0 when nothing was flagged. */
    @JsonProperty
    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    /** tp / (tp + fn); 0 when there was nothing to find. */
    @JsonProperty
    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    @JsonProperty
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    @Override
    public String toString() {
        return String.format("sequences %d  tp %d fp %d fn %d tn %d  P %.4f R %.4f F1 %.4f",
                sequences(), tp, fp, fn, tn, precision(), recall(), f1());
    }
}
