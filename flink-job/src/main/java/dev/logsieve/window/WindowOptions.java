package dev.logsieve.window;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * How lines form sequences, and how event time advances: the grouping's settings, typed. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class WindowOptions {
    private WindowOptions() {}

    public static final ConfigOption<Grouping.Type> WINDOW_TYPE = ConfigOptions.key("logsieve.window.type")
            .enumType(Grouping.Type.class).noDefaultValue()
            .withDescription("How lines form sequences: SESSION, COUNT or TIME. Default: SESSION for formats with session keys, else COUNT.");

    public static final ConfigOption<Duration> SESSION_GAP = ConfigOptions.key("logsieve.window.session-gap")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Streaming: after this much event time without a line for its key, the session so far "
                    + "is judged (a revision of its verdict); the session stays open for more lines until its lifetime ends.");

    public static final ConfigOption<Duration> SESSION_LIFETIME = ConfigOptions.key("logsieve.window.session-lifetime")
            .durationType().noDefaultValue()
            .withDescription("Streaming: event time after a session's first line at which it is judged a last time "
                    + "(its final verdict) and its state is freed; bounds the state a key holds. Default by format: "
                    + "hdfs 24 h (a block is verified and deleted hours after it is written), others 1 h.");

    public static final ConfigOption<Integer> COUNT_SIZE = ConfigOptions.key("logsieve.window.count-size")
            .intType().defaultValue(100)
            .withDescription("Count windows: messages per window (LogLLM: 100).");

    public static final ConfigOption<Integer> COUNT_STEP = ConfigOptions.key("logsieve.window.count-step")
            .intType().defaultValue(100)
            .withDescription("Count windows: messages between window starts (LogLLM: 100, no overlap).");

    public static final ConfigOption<Duration> COUNT_TIMEOUT = ConfigOptions.key("logsieve.window.count-timeout")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Streaming count windows: the most event time a line waits for a judgement. When event "
                    + "time passes a line that is in no judgement yet by this much, its window so far is judged (a "
                    + "revision, not final); the window is judged final when it fills, or when the input ends. Event "
                    + "time is the lines' own time on Kafka, and the line number (1 ms per line) for files, so a "
                    + "file's partial window is in practice judged only at its end. Bounded runs do not use it.");

    public static final ConfigOption<Duration> TIME_SIZE = ConfigOptions.key("logsieve.window.time-size")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Time windows: length of each tumbling event-time window.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("logsieve.watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How far behind the newest line a line may arrive and still join its sequence.");

    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("logsieve.watermark.idleness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("An input that sends nothing for this long stops holding back event time.");

    public static final ConfigOption<Integer> COMBINE_LINES = ConfigOptions.key("logsieve.window.combine-lines")
            .intType().defaultValue(50_000)
            .withDescription("Sessions: each reader holds up to this many lines, gathered by session key, before sending "
                    + "them on to their sequences, so a session crosses the network (and a bounded run's sort, or "
                    + "streaming's state backend) as a few records instead of one per line. In streaming the held lines "
                    + "also go on before every watermark and checkpoint barrier, so they are held at most one watermark "
                    + "interval and never across a checkpoint. The sequences and verdicts are the same for any value; 1 "
                    + "sends every line on its own. Each reader holds about 150 bytes a line.");
}
