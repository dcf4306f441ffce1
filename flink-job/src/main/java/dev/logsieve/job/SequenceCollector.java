package dev.logsieve.job;

import dev.logsieve.event.LogSequence;
import dev.logsieve.io.ReadProgress;
import dev.logsieve.window.ToSequence;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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

    public static Collected collect(List<Path> logs, Configuration conf, int parallelism, PrintStream progress)
            throws Exception {
        Configuration c = new Configuration(conf);
        c.set(LogsieveOptions.WHOLE_INPUT_SESSIONS, true);
        int maxLine = (int) c.get(LogsieveOptions.MAX_LINE).getBytes();
        long bytes = 0;
        for (Path p : LineInput.expand(logs)) {
            bytes += Files.size(p);
        }
        StreamExecutionEnvironment env = LocalEnvironment.create(c, RuntimeExecutionMode.BATCH, parallelism);
        Sequencer.Result result = Sequencer.build(LineInput.files(logs, maxLine).createEach(env), c);
        DataStream<LogSequence> seqs = result.sequences;
        // Dead letters are counted by the job; a bounded collect needs every output consumed.
        result.deadLetters.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());

        long start = System.nanoTime();
        long linesBefore = ReadProgress.lines();
        List<LogSequence> out = new ArrayList<>();
        try (CloseableIterator<LogSequence> it = seqs.collectAsync()) {
            JobClient client = env.executeAsync("logsieve collect sequences");
            while (it.hasNext()) {
                out.add(it.next());
            }
            JobExecutionResult r = ProgressMeter.await(client, progress, linesBefore, bytes, logs);
            Map<String, Object> acc = r.getAllAccumulatorResults();
            long emitted = number(acc, ToSequence.SEQUENCES);
            if (emitted != out.size()) {
                throw new IllegalStateException("the job built " + emitted + " sequences but " + out.size()
                        + " arrived; the collect connection was lost, run again");
            }
            out.sort(Comparator.<LogSequence>comparingLong(s -> s.start).thenComparing(s -> s.key));
            return new Collected(out, number(acc, ParseAndMask.LINES_READ), number(acc, ParseAndMask.DEAD_LETTER_COUNT),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static long number(Map<String, Object> acc, String name) {
        Object o = acc.get(name);
        return o == null ? 0 : ((Number) o).longValue();
    }
}
