package dev.logsieve.cli;

import dev.logsieve.eval.EvalOptions;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.format.Formats;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.Locations;
import dev.logsieve.window.Grouping;
import dev.logsieve.window.WindowOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What the input is and how it forms sequences: shared by train, evaluate and backfill. */
public class InputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "hdfs, bgl, thunderbird, liberty, spirit, custom or sequences (backfill: the bundle's by default)")
    public String format;

    @Option(names = "--logs", required = true, split = ",", paramLabel = "PATH",
            description = "Log files or directories (gzip is read as is); several separated by commas. backfill also "
                + "takes URIs of file systems the Flink cluster has (s3://, hdfs://, file://)")
    public List<String> logs = new ArrayList<>();

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Session labels (BlockId,Label), e.g. HDFS anomaly_label.csv; backfill also takes a URI")
    public String labels;

    @Option(names = "--log-format", paramLabel = "SHAPE",
            description = "For --format custom: the line shape, e.g. '<Date> <Time> <Level> <Component>: <Content>'")
    public String logFormat;

    @Option(names = "--session-regex", paramLabel = "REGEX",
            description = "For --format custom: matches in the message are its session keys")
    public String sessionRegex;

    @Option(names = "--timestamp-format", paramLabel = "PATTERN",
            description = "For --format custom: a java.time pattern for the Date/Time fields")
    public String timestampFormat;

    @Option(names = "--window", paramLabel = "SPEC",
            description = "session:GAP (e.g. session:10m), count:SIZE/STEP (e.g. count:100/100) or time:SIZE (e.g. time:1m); "
                    + "default: sessions for formats with session keys, count:100/100 otherwise")
    public String window;

    @Option(names = "--max-line-bytes", paramLabel = "SIZE", defaultValue = "64kb",
            description = "Longer lines go to the dead letters (default: ${DEFAULT-VALUE})")
    public String maxLineBytes;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any Logsieve or Flink setting, e.g. -D logsieve.watermark.idleness=1m")
    public Map<String, String> settings;

    /** Checks the options together and turns them into the job's settings. */
    public Configuration toConfiguration() {
        Configuration conf = new Configuration();
        if (settings != null) {
            conf.addAll(Configuration.fromMap(settings));
        }
        if (format == null) {
            throw bad("--format", "missing: the logs' format (hdfs, bgl, thunderbird, liberty, spirit, custom or sequences)");
        }
        conf.set(FormatSettings.FORMAT, format);
        setIfPresent(conf, FormatSettings.CUSTOM_FORMAT, logFormat);
        setIfPresent(conf, FormatSettings.SESSION_REGEX, sessionRegex);
        setIfPresent(conf, FormatSettings.TIMESTAMP_PATTERN, timestampFormat);
        if (!Formats.isSequenceFormat(format)) {
            try {
                dev.logsieve.format.FormatSettings.lineFormat(conf); // fails early on a bad format or format string
            } catch (IllegalArgumentException e) {
                throw bad("custom".equalsIgnoreCase(format) ? "--log-format" : "--format", e.getMessage());
            }
        }
        for (String l : logs) {
            if (!exists("--logs", l)) {
                throw bad("--logs", "no such file or directory: " + l);
            }
        }
        if (labels != null) {
            if (!exists("--labels", labels)) {
                throw bad("--labels", "no such file: " + labels);
            }
            conf.set(EvalOptions.LABELS, Locations.isLocal(labels) ? Path.of(labels).toAbsolutePath().toString() : labels);
        }
        try {
            conf.set(LineOptions.MAX_LINE, MemorySize.parse(maxLineBytes));
        } catch (IllegalArgumentException e) {
            throw bad("--max-line-bytes", "not a size: '" + maxLineBytes + "' (e.g. 64kb, 1mb)");
        }
        if (window != null) {
            applyWindow(conf, window);
        }
        return conf;
    }

    /**
     * The logs as local paths, for the commands that read them in this process (train, evaluate).
     *
     * @throws ParameterException naming --logs when one is a URI of another file system
     */
    public List<Path> localLogs() {
        List<Path> out = new ArrayList<>();
        for (String l : logs) {
            if (!Locations.isLocal(l)) {
                throw bad("--logs", "'" + l + "': this command reads local files only (backfill also reads file system "
                        + "URIs); copy the logs here first");
            }
            out.add(Path.of(l));
        }
        return out;
    }

    /** Whether a file or directory exists, at a path or a file system URI; an unreachable one stops the command. */
    private boolean exists(String option, String location) {
        try {
            return Locations.exists(location);
        } catch (IOException | RuntimeException e) {
            throw bad(option, "cannot reach " + location + ": " + e.getMessage());
        }
    }

    private void applyWindow(Configuration conf, String spec) {
        String[] kv = spec.split(":", 2);
        try {
            switch (kv[0]) {
                case "session":
                    conf.set(WindowOptions.WINDOW_TYPE, Grouping.Type.SESSION);
                    if (kv.length > 1) {
                        conf.set(WindowOptions.SESSION_GAP, duration(kv[1]));
                    }
                    return;
                case "count": {
                    conf.set(WindowOptions.WINDOW_TYPE, Grouping.Type.COUNT);
                    String[] ss = kv.length > 1 ? kv[1].split("/", 2) : new String[] {"100"};
                    int size = Integer.parseInt(ss[0]);
                    int step = ss.length > 1 ? Integer.parseInt(ss[1]) : size;
                    if (size < 1 || step < 1) {
                        throw new IllegalArgumentException("size and step must be at least 1");
                    }
                    conf.set(WindowOptions.COUNT_SIZE, size);
                    conf.set(WindowOptions.COUNT_STEP, step);
                    return;
                }
                case "time":
                    conf.set(WindowOptions.WINDOW_TYPE, Grouping.Type.TIME);
                    conf.set(WindowOptions.TIME_SIZE, duration(kv.length > 1 ? kv[1] : "1m"));
                    return;
                default:
                    throw new IllegalArgumentException("unknown kind '" + kv[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            throw bad("--window", "'" + spec + "': " + e.getMessage()
                    + " (expected session:GAP, count:SIZE/STEP or time:SIZE)");
        }
    }

    private static Duration duration(String text) {
        Duration d = TimeUtils.parseDuration(text);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        return d;
    }

    private static <T> void setIfPresent(Configuration conf, org.apache.flink.configuration.ConfigOption<T> opt, T value) {
        if (value != null) {
            conf.set(opt, value);
        }
    }

    /** An error that names the option; picocli prints it with the usage and exits with code 2. */
    public ParameterException bad(String option, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }
}
