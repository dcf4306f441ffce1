package dev.logsieve.generate;

/**
 * The label of one generated block, reported once per block as soon as the block is allocated.
 *
 * @param blockId the session key, e.g. {@code blk_-1608999687919862906}
 * @param kind the injected fault, or {@code null} for a normal block
 */
public record BlockLabel(String blockId, AnomalyKind kind) {
    /** Whether a fault was injected into this block. */
    public boolean anomalous() {
        return kind != null;
    }

    /** {@code Normal} or {@code Anomaly}, as written in {@code anomaly_label.csv}. */
    public String label() {
        return kind == null ? "Normal" : "Anomaly";
    }
}
