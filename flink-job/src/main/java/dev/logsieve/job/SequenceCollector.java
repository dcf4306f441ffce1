package dev.logsieve.job;

import dev.logsieve.eval.EvalOptions;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.SessionLabels;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.metrics.JobCounter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;

/**
 * Builds the sequences of stored logs with the job's own sequencing code (a Flink BATCH run), so a
 * training sequence is exactly what backfill and streaming judge.
 */
public final class SequenceCollector {

    /** The sequences of an input, in start-time order, and what reading it cost. */
    public static final class Collected {
        public final List<LogSequence> sequences;
        public final long lines;
        public final long deadLetters;
        public final double seconds;

        Collected(List<LogSequence> sequences, long lines, long deadLetters, double seconds) {
            this.sequences = sequences;
            this.lines = lines;
            this.deadLetters = deadLetters;
            this.seconds = seconds;
        }
    }

    private SequenceCollector() {}

    /**
     * The sequences of {@code logs}, grouped as a backfill groups them (sessions over the whole
     * input). With {@link EvalOptions#LABELS} set, each sequence whose key the labels file knows
     * takes its label from there; the job itself never reads labels.
     */
    public static Collected collect(List<Path> logs, Configuration conf, int parallelism, PrintStream progress)
            throws Exception {
        long bytes = LineInput.sizeOnDisk(logs);
        Map<String, Integer> labels = conf.getOptional(EvalOptions.LABELS).isPresent()
                ? SessionLabels.read(Paths.get(conf.get(EvalOptions.LABELS))) : Map.of();
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, parallelism);
        Pipeline.Sequences result = Pipeline.sequences(env, conf,
                LineInput.files(logs, LineOptions.maxLineBytes(conf)), null, true);
        // Dead letters are counted by the job; a bounded collect needs every output consumed.
        result.deadLetters().sinkTo(new DiscardingSink<>());

        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        List<LogSequence> out = new ArrayList<>();
        try (CloseableIterator<LogSequence> it = result.sequences().collectAsync()) {
            JobClient client = env.executeAsync("logsieve collect sequences");
            while (it.hasNext()) {
                LogSequence seq = it.next();
                seq.label = labels.getOrDefault(seq.key, seq.label);
                out.add(seq);
            }
            JobExecutionResult r = ProgressMeter.await(client, progress, linesBefore, bytes, LineInput.locationsOf(logs));
            long emitted = JobCounter.SEQUENCES.in(r);
            if (emitted != out.size()) {
                throw new IllegalStateException("the job built " + emitted + " sequences but " + out.size()
                        + " arrived; the collect connection was lost, run again");
            }
            out.sort(Comparator.<LogSequence>comparingLong(s -> s.start).thenComparing(s -> s.key));
            return new Collected(out, JobCounter.LINES_READ.in(r), JobCounter.DEAD_LETTERS.in(r),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
