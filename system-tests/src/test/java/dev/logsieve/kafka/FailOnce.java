package dev.logsieve.kafka;

import dev.logsieve.io.RawLine;
import dev.logsieve.job.LineInput;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Test-only: wraps a line input with a map stage that throws once, on the first line it sees after
 * a checkpoint has completed (so the restart really restores state and aborts an open transaction).
 * The flags are static: the MiniCluster runs in the test's JVM.
 */
final class FailOnce implements LineInput {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();

    private final LineInput inner;

    FailOnce(LineInput inner) {
        this.inner = inner;
    }

    @Override
    public DataStream<RawLine> create(StreamExecutionEnvironment env) {
        return inner.create(env).map(new Thrower()).name("fail-once (test)").uid("fail-once");
    }

    /** The Kafka input's event time passes through the map unchanged. */
    @Override
    public boolean assignsEventTime() {
        return inner.assignsEventTime();
    }

    static final class Thrower implements MapFunction<RawLine, RawLine>, CheckpointListener {
        private static final long serialVersionUID = 1L;

        @Override
        public RawLine map(RawLine line) {
            if (ARMED.get() && CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure (test) at " + line.source + "@" + line.lineNumber);
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }
}
