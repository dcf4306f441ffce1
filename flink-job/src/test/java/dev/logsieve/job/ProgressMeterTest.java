package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.io.ReadProgress;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.JobCounter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress of a job whose readers are not in this JVM, as with {@code flink run} on a cluster
 * (backfill once printed "0 lines read, 0 lines/s" throughout there): the counts come from the
 * job's accumulators through its client. The job here reads nothing through this JVM's file
 * readers; it counts 40 "lines" of 100 bytes over about 4 seconds, as the parse stage would.
 */
class ProgressMeterTest {
    @TempDir
    Path dir;

    @Test
    void aJobReadElsewhereShowsItsProgressFromItsAccumulators() throws Exception {
        Path input = Files.write(dir.resolve("input.log"), new byte[4000]);
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofMillis(300)); // accumulators arrive with heartbeats
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, 1);
        env.fromSequence(1, 40).map(new CountLines(100)).sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());

        long localBefore = ReadProgress.lines();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        JobClient client = env.executeAsync("progress test");
        JobExecutionResult result = ProgressMeter.await(client, new PrintStream(shown, true, StandardCharsets.UTF_8),
                localBefore, Files.size(input), List.of(input.toString()));

        assertThat(ReadProgress.lines()).as("nothing was read through this JVM's readers").isEqualTo(localBefore);
        assertThat(JobCounter.LINES_READ.in(result)).isEqualTo(40);
        List<String> lines = shown.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("progress lines").isNotEmpty()
                .anySatisfy(l -> assertThat(l).containsPattern("^  [1-9][0-9]* lines read, [0-9,]+ lines/s, about [0-9]+ % of the input, ETA"));
    }

    /**
     * A bounded job reads its input first and judges its sequences after. Once no more lines came in,
     * the progress printed "about 100 % of the input, ETA 0 s" with a rate falling with the clock while
     * the job went on for as long again (half of an x20 backfill's time); it now says what goes on.
     */
    @Test
    void afterTheInputIsReadProgressSaysHowLongTheJobHasGoneOnAndWhatItJudged() throws Exception {
        Path input = Files.write(dir.resolve("input.log"), new byte[4000]);
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofMillis(300));
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, 1);
        // In a batch job the exchange is blocking: every "line" is counted before the first "sequence" is judged.
        env.fromSequence(1, 40).map(new CountLines(0)).rebalance().map(new JudgeSlowly())
                .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());

        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        JobExecutionResult result = ProgressMeter.await(env.executeAsync("progress after reading"),
                new PrintStream(shown, true, StandardCharsets.UTF_8), ReadProgress.lines(), Files.size(input), List.of(input.toString()));

        assertThat(JobCounter.JUDGED.in(result)).isEqualTo(40);
        List<String> lines = shown.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("ETA"))).as("lines with a rate and an ETA: only while lines come in")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(lines).as("progress lines").anySatisfy(l -> assertThat(l).containsPattern(
                        "^  40 lines read in about [0-9]+ s \\([0-9,]+ lines/s\\), none in the [0-9]+ s since, [1-9][0-9]* sequences judged$"));
    }

    /** Counts each element as a line of 100 bytes, as parse-and-mask does, pausing {@code pauseMillis} before each. */
    static final class CountLines extends RichMapFunction<Long, Long> {
        private final long pauseMillis;
        private transient JobCounter.Count lines;
        private transient JobCounter.Count bytes;

        CountLines(long pauseMillis) {
            this.pauseMillis = pauseMillis;
        }

        @Override
        public void open(OpenContext openContext) {
            Counts counts = new Counts(getRuntimeContext());
            lines = counts.open(JobCounter.LINES_READ);
            bytes = counts.open(JobCounter.BYTES_READ);
        }

        @Override
        public Long map(Long value) throws InterruptedException {
            Thread.sleep(pauseMillis);
            lines.add(1);
            bytes.add(100);
            return value;
        }
    }

    /** Counts each element as a judged sequence, at 8 a second. */
    static final class JudgeSlowly extends RichMapFunction<Long, Long> {
        private transient JobCounter.Count judged;

        @Override
        public void open(OpenContext openContext) {
            judged = new Counts(getRuntimeContext()).open(JobCounter.JUDGED);
        }

        @Override
        public Long map(Long value) throws InterruptedException {
            Thread.sleep(125);
            judged.add(1);
            return value;
        }
    }
}
