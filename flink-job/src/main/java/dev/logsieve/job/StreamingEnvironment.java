package dev.logsieve.job;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A local streaming environment with the production state setup: RocksDB, incremental checkpoints. */
public final class StreamingEnvironment {
    private StreamingEnvironment() {}

    public static StreamExecutionEnvironment create(Configuration conf, Path checkpoints, Duration interval,
                                                    int parallelism) {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        c.addAll(conf);
        return LocalEnvironment.create(c, RuntimeExecutionMode.STREAMING, parallelism);
    }
}
