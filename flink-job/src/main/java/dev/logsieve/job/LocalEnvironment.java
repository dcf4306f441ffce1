package dev.logsieve.job;

import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Flink environments for the command line's local runs (an embedded MiniCluster). */
public final class LocalEnvironment {
    private LocalEnvironment() {}

    /**
     * A local environment in the given mode. Settings in {@code conf} (Flink's own keys included)
     * win over the defaults here: managed memory for batch sorting, no web UI port clash, no Kryo,
     * heartbeats every second.
     */
    public static StreamExecutionEnvironment create(Configuration conf, RuntimeExecutionMode mode, int parallelism) {
        Configuration flink = new Configuration();
        flink.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
        flink.set(RestOptions.BIND_PORT, "0");
        // Every record and state has a typed serializer; a type that would fall back to Kryo (slow,
        // fragile in savepoints) fails the job with Flink's message naming it. -D pipeline.generic-types=true allows it.
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        // The job's counts reach its client with each heartbeat: every second, not every ten, so that the
        // progress a command prints after its input is read (sequences judged) is current.
        flink.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        flink.addAll(conf);
        flink.set(ExecutionOptions.RUNTIME_MODE, mode);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        return env;
    }
}
