package dev.logsieve.job;

import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink settings a streaming run needs, as Flink's own typed options, with the defaults
 * {@code logsieve stream} uses where the user (or the cluster's {@code config.yaml}) set nothing:
 *
 * <ul>
 *   <li>{@code state.backend.type: rocksdb} and {@code execution.checkpointing.incremental: true}:
 *       the verdict cache and open sessions live in RocksDB, checkpointed incrementally;</li>
 *   <li>{@code execution.checkpointing.interval: 10 s}, mode {@code EXACTLY_ONCE}: verdicts become
 *       visible to read_committed consumers when the checkpoint that covers them completes, so this
 *       is also the output latency floor;</li>
 *   <li>{@code execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION};</li>
 *   <li>{@code restart-strategy.type: exponential-delay} (1 s doubling to 1 min);</li>
 *   <li>{@code pipeline.max-parallelism: 128}: the number of key groups; keep it fixed for the life
 *       of the job's state (a savepoint can be restored at any parallelism up to it);</li>
 *   <li>{@code pipeline.auto-watermark-interval: 50 ms} (Flink's is 200 ms): a session is judged
 *       once the readers' watermark passes its gap, so this is part of the time from a session
 *       closing to its verdict; at 1 s checkpoints it took the p99 of that from 1.37 s to 1.20 s
 *       with no loss of throughput (BENCHMARKS.md, issue #16).</li>
 * </ul>
 * Parallelism is Flink's {@code parallelism.default}; the checkpoint directory
 * {@code execution.checkpointing.dir} has no default. {@code logsieve stream}, the demo and
 * {@code dev.logsieve.kafka.StreamJob#main} on a cluster all start from these.
 */
public final class StreamSettings {
    private StreamSettings() {}

    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final int MAX_PARALLELISM = 128;
    public static final Duration WATERMARK_INTERVAL = Duration.ofMillis(50);

    /** The defaults above for every key {@code given} does not set, then {@code given}. */
    public static Configuration withDefaults(ReadableConfig given) {
        Configuration c = new Configuration();
        defaultTo(c, given, StateBackendOptions.STATE_BACKEND, "rocksdb");
        defaultTo(c, given, CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        defaultTo(c, given, CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        defaultTo(c, given, CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        defaultTo(c, given, CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        defaultTo(c, given, RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        defaultTo(c, given, RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        defaultTo(c, given, RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        defaultTo(c, given, PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        defaultTo(c, given, PipelineOptions.AUTO_WATERMARK_INTERVAL, WATERMARK_INTERVAL);
        if (given instanceof Configuration) {
            c.addAll((Configuration) given);
        }
        return c;
    }

    private static <T> void defaultTo(Configuration c, ReadableConfig given,
                                      org.apache.flink.configuration.ConfigOption<T> option, T value) {
        if (given.getOptional(option).isEmpty()) {
            c.set(option, value);
        }
    }

    /** A local (embedded MiniCluster) streaming environment: these defaults, then {@code conf}. */
    public static StreamExecutionEnvironment localEnvironment(Configuration conf) {
        Configuration c = withDefaults(conf);
        return LocalEnvironment.create(c, RuntimeExecutionMode.STREAMING, c.get(CoreOptions.DEFAULT_PARALLELISM));
    }
}
