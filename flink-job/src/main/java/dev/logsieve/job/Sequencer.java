package dev.logsieve.job;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatOptions;
import dev.logsieve.format.Formats;
import dev.logsieve.format.LineFormat;
import dev.logsieve.io.RawLine;
import dev.logsieve.window.CountWindows;
import dev.logsieve.window.Grouping;
import dev.logsieve.window.ToSequence;
import dev.logsieve.window.WholeInputSessions;
import dev.logsieve.features.Vocabulary;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The first half of the detector, shared by streaming, backfill, training and evaluation: raw lines
 * in, sequences and dead letters out. Late lines join the dead letters with the reason "late".
 */
public final class Sequencer {

    /** Lines that arrived after their window had closed. */
    public static final OutputTag<KeyedLine> LATE = new OutputTag<>("late-lines") {};
    /** Accumulator: keyed lines that came too late for their window. */
    public static final String LATE_LINES = "late-lines";

    /** What comes out: the sequences, and every line that could not be used, with its reason. */
    public static final class Result {
        public final DataStream<LogSequence> sequences;
        public final DataStream<DeadLetter> deadLetters;

        Result(DataStream<LogSequence> sequences, DataStream<DeadLetter> deadLetters) {
            this.sequences = sequences;
            this.deadLetters = deadLetters;
        }
    }

    private Sequencer() {}

    /** The grouping the options ask for, defaulting by format: sessions where lines name them. */
    public static Grouping grouping(ReadableConfig conf, LineFormat format) {
        Grouping.Type type = conf.getOptional(LogsieveOptions.WINDOW_TYPE)
                .orElse(format.hasSessions() ? Grouping.Type.SESSION : Grouping.Type.COUNT);
        if (type == Grouping.Type.SESSION && !format.hasSessions()) {
            throw new IllegalArgumentException("format '" + format.name() + "' has no session keys: use "
                    + "--window count:SIZE/STEP or time:DURATION, or give --session-regex for a custom format");
        }
        return new Grouping(type, conf.get(LogsieveOptions.SESSION_GAP), conf.get(LogsieveOptions.WHOLE_INPUT_SESSIONS),
                conf.get(LogsieveOptions.COUNT_SIZE), conf.get(LogsieveOptions.COUNT_STEP), conf.get(LogsieveOptions.TIME_SIZE));
    }

    /** The line format the options name. */
    public static LineFormat lineFormat(ReadableConfig conf) {
        FormatOptions opts = new FormatOptions(conf.getOptional(LogsieveOptions.CUSTOM_FORMAT).orElse(null),
                conf.getOptional(LogsieveOptions.SESSION_REGEX).orElse(null),
                conf.getOptional(LogsieveOptions.TIMESTAMP_PATTERN).orElse(null),
                conf.get(LogsieveOptions.DEFAULT_YEAR));
        return Formats.lineFormat(conf.get(LogsieveOptions.FORMAT), opts);
    }

    /** Builds the sequencing half of the job on {@code lines}. */
    public static Result build(DataStream<RawLine> lines, ReadableConfig conf) {
        return build(List.of(lines), conf);
    }

    /**
     * Builds the sequencing half on several inputs (one per file): each is parsed by an operator of
     * its own parallelism, chained to its reader, and the parsed lines meet at the grouping.
     */
    public static Result build(List<DataStream<RawLine>> inputs, ReadableConfig conf) {
        return build(inputs, conf, null);
    }

    /**
     * As {@link #build(List, ReadableConfig)}; when messages are kept and {@code known} is not null,
     * only lines whose template is not in {@code known} carry theirs (all the word features read).
     */
    public static Result build(List<DataStream<RawLine>> inputs, ReadableConfig conf, Vocabulary known) {
        String formatName = conf.get(LogsieveOptions.FORMAT);
        boolean keepMessages = conf.get(LogsieveOptions.KEEP_MESSAGES);
        if (Formats.isSequenceFormat(formatName)) {
            DataStream<LogSequence> seqs = null;
            DataStream<DeadLetter> dead = null;
            for (DataStream<RawLine> in : inputs) {
                SingleOutputStreamOperator<LogSequence> one = in.process(new ParseSequences(keepMessages, known))
                        .setParallelism(in.getParallelism()).name("parse-sequences");
                seqs = seqs == null ? one : seqs.union(one);
                DataStream<DeadLetter> d = one.getSideOutput(ParseAndMask.DEAD_LETTERS);
                dead = dead == null ? d : dead.union(d);
            }
            return new Result(seqs, dead);
        }
        LineFormat format = lineFormat(conf);
        Grouping grouping = grouping(conf, format);
        int maxLine = (int) Math.min(Integer.MAX_VALUE, conf.get(LogsieveOptions.MAX_LINE).getBytes());
        boolean countWindows = grouping.type == Grouping.Type.COUNT;
        WatermarkStrategy<KeyedLine> watermarks = WatermarkStrategy
                .<KeyedLine>forBoundedOutOfOrderness(conf.get(LogsieveOptions.OUT_OF_ORDERNESS))
                // Count windows follow line order, so their timestamp is the line number.
                .withTimestampAssigner((line, ts) -> countWindows ? line.lineNumber : line.timestamp)
                .withIdleness(conf.get(LogsieveOptions.IDLENESS));
        // Parsing and event time run chained to each reader; the lines meet at the grouping's keyBy.
        // An input that reads several partitions per reader (Kafka) assigns event time at its source,
        // per partition; re-assigning here would mix partitions and make lines late.
        boolean atSource = conf.get(LogsieveOptions.WATERMARKS_AT_SOURCE);
        DataStream<KeyedLine> parsed = null;
        DataStream<DeadLetter> deadLetters = null;
        for (DataStream<RawLine> in : inputs) {
            SingleOutputStreamOperator<KeyedLine> one = in
                    .process(new ParseAndMask(format, grouping.bySessionKey(), maxLine, keepMessages, known))
                    .setParallelism(in.getParallelism())
                    .name("parse-and-mask");
            DataStream<KeyedLine> timed = atSource ? one : one.assignTimestampsAndWatermarks(watermarks)
                    .setParallelism(in.getParallelism()).name("event-time");
            parsed = parsed == null ? timed : parsed.union(timed);
            DataStream<DeadLetter> d = one.getSideOutput(ParseAndMask.DEAD_LETTERS);
            deadLetters = deadLetters == null ? d : deadLetters.union(d);
        }

        String labels = conf.getOptional(LogsieveOptions.LABELS).orElse(null);
        if (grouping.type == Grouping.Type.SESSION && grouping.wholeInput) {
            SingleOutputStreamOperator<LogSequence> whole = parsed
                    .keyBy(line -> WholeInputSessions.hash(line.key))
                    .process(new WholeInputSessions(labels))
                    .name("sequences: " + grouping);
            return new Result(whole, deadLetters);
        }
        KeyedStream<KeyedLine, String> keyed = parsed.keyBy(line -> line.key);
        SingleOutputStreamOperator<LogSequence> sequences;
        switch (grouping.type) {
            case COUNT:
                sequences = keyed.process(new CountWindows(grouping.countSize, grouping.countStep));
                break;
            case TIME:
                sequences = keyed.window(TumblingEventTimeWindows.of(grouping.timeSize))
                        .sideOutputLateData(LATE).process(new ToSequence<>(labels));
                break;
            default:
                sequences = keyed.window(EventTimeSessionWindows.withGap(grouping.sessionGap))
                        .sideOutputLateData(LATE).process(new ToSequence<>(labels));
        }
        sequences.name("sequences: " + grouping).uid("sequences");
        DataStream<DeadLetter> late = sequences.getSideOutput(LATE).map(new LateToDeadLetter()).name("late-lines");
        return new Result(sequences, deadLetters.union(late));
    }

    /** Keeps a late line, with the reason, where dead letters go. */
    static final class LateToDeadLetter extends RichMapFunction<KeyedLine, DeadLetter> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter late;
        private transient org.apache.flink.metrics.Counter lateMetric;

        @Override
        public void open(OpenContext openContext) {
            late = getRuntimeContext().getLongCounter(LATE_LINES);
            lateMetric = getRuntimeContext().getMetricGroup().counter("lateLines");
        }

        @Override
        public DeadLetter map(KeyedLine line) {
            late.add(1);
            lateMetric.inc();
            return new DeadLetter("sequence " + line.key, line.lineNumber,
                    "late: its window had already closed (logsieve.watermark.out-of-orderness)", line.template, 0);
        }
    }
}
