package dev.logsieve.generate;

import java.util.List;

/**
 * The faults {@link HdfsLogGenerator} injects into anomalous blocks. Each one leaves a trace that
 * a detector can learn: templates that normal blocks never show, template counts that differ from
 * a healthy three-replica write, or lines in an order a healthy block never has.
 */
public enum AnomalyKind {
    /**
     * The write pipeline broke before any replica was stored: fewer {@code Receiving block} lines,
     * usually a {@code writeBlock ... received exception}, and no {@code Received block} or
     * {@code addStoredBlock} lines at all (the most common anomaly in HDFS_v1).
     */
    ABORTED_WRITE(0.30, "received exception"),
    /**
     * Only two replicas were written; the NameNode later asks a datanode to copy the block
     * ({@code ask ... to replicate}, {@code Starting thread to transfer}, {@code Transmitted block}).
     */
    MISSING_REPLICA(0.12, "to replicate", "Starting thread to transfer", "Transmitted block"),
    /**
     * A datanode in the pipeline failed mid-write: {@code PacketResponder ... Exception},
     * {@code Exception in receiveBlock}, {@code Exception writing block ... to mirror},
     * {@code Receiving empty packet}; fewer replicas end up stored.
     */
    PIPELINE_EXCEPTION(0.12, " Exception ", "Exception in receiveBlock", "Exception writing block",
            "Receiving empty packet"),
    /**
     * The block was deleted before all replicas were stored: {@code NameSystem.delete} and
     * {@code ask ... to delete} precede the last {@code addStoredBlock}, which then reports that the
     * block "does not belong to any file"; datanodes fail to delete missing replicas
     * ({@code Unexpected error trying to delete block}).
     */
    EARLY_DELETE(0.24, "does not belong to any file", "Unexpected error trying to delete block"),
    /**
     * Datanodes report the same replica twice: {@code Redundant addStoredBlock request received}
     * warnings and extra {@code blockMap updated} lines.
     */
    REDUNDANT_ADD(0.10, "Redundant addStoredBlock"),
    /**
     * The lines of a healthy write appear out of causal order (replicas are stored and acknowledged
     * before the block is allocated and received). Template counts are normal; only the order
     * tells.
     */
    SHUFFLED(0.12);

    private final double defaultWeight;
    private final List<String> addedLines;

    AnomalyKind(double defaultWeight, String... addedLines) {
        this.defaultWeight = defaultWeight;
        this.addedLines = List.of(addedLines);
    }

    /**
     * Text that the lines this fault adds to a block contain (any of them marks such a line); empty
     * for a fault that adds no line of its own ({@link #SHUFFLED}). What a detector's explanation of
     * the fault should point at.
     */
    public List<String> addedLines() {
        return addedLines;
    }

    /** The share of anomalous blocks that get this fault when all kinds are enabled. */
    public double defaultWeight() {
        return defaultWeight;
    }
}
