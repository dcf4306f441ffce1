package dev.logsieve.generate;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@link HdfsLogGenerator}; start from {@link #defaults()} and change what you need
 * with the {@code with...} methods. Immutable.
 *
 * @param seed makes the output reproducible: the same options give the same lines, byte for byte
 * @param blocks how many blocks (sessions) to simulate
 * @param anomalyFraction probability that a block carries a fault (HDFS_v1: 2.9 %)
 * @param kinds the faults to choose from, weighted by {@link AnomalyKind#defaultWeight()}
 * @param start the time of the first allocation
 * @param blocksPerSecond how many new blocks are allocated per second of log time; the log spans
 *     about {@code blocks / blocksPerSecond} plus one {@code blockLifetime}
 * @param blockLifetime the longest time from a block's allocation to its last line; all reads,
 *     verifications and deletes of a block fall inside it (memory grows with
 *     {@code blocksPerSecond * blockLifetime}, the number of blocks alive at once)
 * @param datanodes size of the simulated cluster (HDFS_v1: 203 datanodes)
 * @param jitterSeconds at most this many seconds a line's timestamp may lie before the latest
 *     timestamp written so far; 0 gives non-decreasing timestamps
 */
public record GeneratorOptions(
        long seed,
        int blocks,
        double anomalyFraction,
        Set<AnomalyKind> kinds,
        LocalDateTime start,
        double blocksPerSecond,
        Duration blockLifetime,
        int datanodes,
        int jitterSeconds) {

    /** Mean lines per block with the default options (measured over 20,000 blocks). */
    public static final double MEAN_LINES_PER_BLOCK = 19.3;

    public GeneratorOptions {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(blockLifetime, "blockLifetime");
        Objects.requireNonNull(kinds, "kinds");
        if (blocks < 0) throw new IllegalArgumentException("blocks must be >= 0: " + blocks);
        if (!(anomalyFraction >= 0 && anomalyFraction <= 1)) {
            throw new IllegalArgumentException("anomalyFraction must be in [0, 1]: " + anomalyFraction);
        }
        if (anomalyFraction > 0 && kinds.isEmpty()) {
            throw new IllegalArgumentException("anomalyFraction > 0 needs at least one anomaly kind");
        }
        if (!(blocksPerSecond > 0) || Double.isInfinite(blocksPerSecond)) {
            throw new IllegalArgumentException("blocksPerSecond must be > 0: " + blocksPerSecond);
        }
        if (blockLifetime.getSeconds() < 60) {
            throw new IllegalArgumentException("blockLifetime must be at least 60 s: " + blockLifetime);
        }
        if (datanodes < 4 || datanodes > 60_000) {
            throw new IllegalArgumentException("datanodes must be in [4, 60000]: " + datanodes);
        }
        if (jitterSeconds < 0) throw new IllegalArgumentException("jitterSeconds must be >= 0: " + jitterSeconds);
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    /**
     * Seed 42, 2,000 blocks, 3 % anomalous (all kinds), starting 2008-11-09 20:35:31 like HDFS_v1,
     * 2 blocks per second, 10-minute block lifetime, 203 datanodes, no jitter.
     */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(42L, 2_000, 0.03, EnumSet.allOf(AnomalyKind.class),
                LocalDateTime.of(2008, 11, 9, 20, 35, 31), 2.0, Duration.ofMinutes(10), 203, 0);
    }

    public GeneratorOptions withSeed(long seed) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    public GeneratorOptions withBlocks(int blocks) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    /** About {@code lines} lines in total: sets the block count from {@link #MEAN_LINES_PER_BLOCK}. */
    public GeneratorOptions withTargetLines(long lines) {
        long b = Math.max(1, Math.round(lines / MEAN_LINES_PER_BLOCK));
        return withBlocks((int) Math.min(Integer.MAX_VALUE, b));
    }

    public GeneratorOptions withAnomalyFraction(double anomalyFraction) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    public GeneratorOptions withKinds(Set<AnomalyKind> kinds) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    public GeneratorOptions withStart(LocalDateTime start) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    public GeneratorOptions withBlocksPerSecond(double blocksPerSecond) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    /** Spreads the allocations of all blocks evenly over {@code span} (sets the block rate). */
    public GeneratorOptions withAllocationSpan(Duration span) {
        double seconds = Math.max(1, span.getSeconds());
        return withBlocksPerSecond(Math.max(1, blocks) / seconds);
    }

    public GeneratorOptions withBlockLifetime(Duration blockLifetime) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    public GeneratorOptions withDatanodes(int datanodes) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }

    public GeneratorOptions withJitterSeconds(int jitterSeconds) {
        return new GeneratorOptions(seed, blocks, anomalyFraction, kinds, start, blocksPerSecond,
                blockLifetime, datanodes, jitterSeconds);
    }
}
