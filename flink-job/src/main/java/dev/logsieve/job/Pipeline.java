package dev.logsieve.job;

import dev.logsieve.cache.CacheGate;
import dev.logsieve.cache.CacheOptions;
import dev.logsieve.cache.JudgeFunction;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.eval.Evaluation;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.SessionLabel;
import dev.logsieve.event.SessionLines;
import dev.logsieve.event.Verdict;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.format.Formats;
import dev.logsieve.format.LineFormat;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.RawLine;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.metrics.CountsAtEnd;
import dev.logsieve.revision.RevisionOptions;
import dev.logsieve.revision.Revisions;
import dev.logsieve.scoring.LlmOptions;
import dev.logsieve.scoring.LlmStage;
import dev.logsieve.window.CountSequences;
import dev.logsieve.window.CountWindows;
import dev.logsieve.window.Grouping;
import dev.logsieve.window.LiveCountWindows;
import dev.logsieve.window.LiveSessions;
import dev.logsieve.window.SessionCombiner;
import dev.logsieve.window.ToSequence;
import dev.logsieve.window.WholeInputSessions;
import dev.logsieve.window.WindowOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;

/**
 * The detector as one Flink job, every operator laid out here from top to bottom. Streaming,
 * backfill, the demo and evaluation differ only in what they pass in: the line input, the sinks,
 * the corrections, whether the input is bounded, and for labeled bounded runs an {@link Evaluation}.
 * No setting rewires the graph; what the model bundle holds decides, visibly, whether the LLM stages
 * exist. The stages, by name (each also has a uid, so savepoints map state to them):
 *
 * <ol>
 *   <li>{@code lines}: the input's source. Kafka parses each record once as it reads it and assigns
 *       event time per partition; files are read one source per file.</li>
 *   <li>{@code parse-and-mask}: parses the line (unless its input did), masks its message, emits one
 *       keyed line per session key; unusable lines go to the dead letters with the reason.</li>
 *   <li>{@code event-time}: event time and watermarks from the line, for inputs that did not assign
 *       them at the source (not for sessions over a whole bounded input, which need none).</li>
 *   <li>{@code combine-sessions}: sessions only: each reader gathers its lines by session key, so a
 *       session crosses the shuffle as a few records, not one per line (in streaming, those that came
 *       between two watermarks; they all go on before the next watermark or checkpoint barrier).</li>
 *   <li>{@code sequences}: keyed by session key (or source, for count and time windows): live
 *       sessions (streaming: judged after a gap of event time and again as they grow, finally when
 *       their lifetime ends), count windows, time windows, or sessions over the whole input
 *       (bounded runs). Streaming count windows are keyed by the whole stream (all partitions of a
 *       topic), put its lines in event-time order and judge a window not yet full after a timeout.
 *       Late lines go to the dead letters. The {@code sequences} format skips stages 2-5: one input
 *       line is one sequence ({@code parse-sequences}). {@code count-sequences}, chained, counts
 *       them.</li>
 *   <li>{@code verdict-cache}: keyed by template-sequence id; repeats of a sequence the cache will
 *       answer skip the LLM stage (only when the LLM member votes and the cache is on).</li>
 *   <li>{@code llm}: Async I/O, the LLM member's score for the sequences the cache cannot answer.</li>
 *   <li>{@code judge}: keyed by template-sequence id: the verdict from the cache, or the members'
 *       vote, which is then cached; label corrections update or delete cache entries.</li>
 *   <li>{@code revisions}: streaming only, keyed by sequence key: a growing sequence's judgements
 *       become numbered revisions of its verdict, emitted when the verdict changes and at the end.</li>
 *   <li>{@code evaluation: labels}, {@code evaluation: score}: labeled bounded runs only.</li>
 *   <li>{@code verdicts}, {@code dead-letters}: the sinks passed in.</li>
 *   <li>{@code report}: bounded runs given a report sink: every counting stage sends its totals when
 *       its input ends ({@link CountsAtEnd}), and one task gathers them and writes the report, so
 *       the job reports itself however it was submitted.</li>
 * </ol>
 */
public final class Pipeline {
    private Pipeline() {}

    /**
     * Where a run's lines come from and where its outputs go; tests pass their own.
     *
     * @param report bounded runs: takes every counting operator's totals, sent when its input ends
     *     (see {@link CountsAtEnd}), in one task; null for none
     * @param alerts also gets every verdict, in one task (the alert console of {@code stream --alerts});
     *     null for none
     */
    public record Io(LineInput lines, Sink<Verdict> verdicts, Sink<DeadLetter> deadLetters, CorrectionInput corrections,
                     int sinkParallelism, Sink<Map<String, Long>> report, Sink<Verdict> alerts) {
        /** Files or Kafka in, the two sinks out, no corrections, sinks at the job's parallelism, no report. */
        public Io(LineInput lines, Sink<Verdict> verdicts, Sink<DeadLetter> deadLetters) {
            this(lines, verdicts, deadLetters, null, -1, null, null);
        }

        /** The same with label corrections for the verdict cache (null for none). */
        public Io withCorrections(CorrectionInput corrections) {
            return new Io(lines, verdicts, deadLetters, corrections, sinkParallelism, report, alerts);
        }

        /** The same with the sinks at this parallelism (1 gives backfill one file per output). */
        public Io withSinkParallelism(int parallelism) {
            return new Io(lines, verdicts, deadLetters, corrections, parallelism, report, alerts);
        }

        /** The same with the job's own report (a bounded run's). */
        public Io withReport(Sink<Map<String, Long>> report) {
            return new Io(lines, verdicts, deadLetters, corrections, sinkParallelism, report, alerts);
        }

        /** The same with a second verdict sink, in one task, for alerts (null for none). */
        public Io withAlerts(Sink<Verdict> alerts) {
            return new Io(lines, verdicts, deadLetters, corrections, sinkParallelism, report, alerts);
        }

        /** The same reading lines from {@code other}. */
        public Io withLines(LineInput other) {
            return new Io(other, verdicts, deadLetters, corrections, sinkParallelism, report, alerts);
        }
    }

    /** Creates the label-corrections stream in the job's environment. */
    @FunctionalInterface
    public interface CorrectionInput extends java.io.Serializable {
        DataStream<LabelCorrection> create(StreamExecutionEnvironment env);
    }

    /**
     * The sequences of an input, every line that could not be used, and the counts of the stages
     * that made them (sent when a bounded input ends); {@code labeled} when the sequences carry the
     * labels file's labels already.
     */
    public record Sequences(DataStream<LogSequence> sequences, DataStream<DeadLetter> deadLetters,
                            DataStream<Map<String, Long>> counts, boolean labeled) {}

    /** Verdicts and the counts of the stages that gave them (sent when a bounded input ends). */
    private record Judged(DataStream<Verdict> verdicts, DataStream<Map<String, Long>> counts) {}

    /**
     * Lays the whole job out on {@code env}; the caller executes it.
     *
     * @param bounded the input ends (backfill, evaluation): sessions span the whole input and cache
     *     entries never expire; otherwise sessions close by event time and entries expire
     * @param evaluation labels and scores for a labeled bounded run, or null (streaming never has one)
     */
    public static void build(StreamExecutionEnvironment env, ReadableConfig conf, Models models, Io io,
                             boolean bounded, Evaluation evaluation) {
        DataStream<SessionLabel> labels = evaluation == null ? null : evaluation.labelRows(env);
        Sequences seq = sequences(env, conf, io.lines(), models, bounded, labels);
        DataStream<LabelCorrection> corrections = io.corrections() == null ? null : io.corrections().create(env);
        Judged judged = judged(seq.sequences(), corrections, conf, models, bounded);
        DataStream<Verdict> verdicts = judged.verdicts();
        DataStream<Map<String, Long>> counts = seq.counts().union(judged.counts());
        if (evaluation != null) {
            SingleOutputStreamOperator<Verdict> scored = evaluation.attach(verdicts, seq.labeled() ? null : labels);
            verdicts = scored;
            counts = counts.union(scored.getSideOutput(CountsAtEnd.TAG));
        }
        int sinks = io.sinkParallelism() > 0 ? io.sinkParallelism() : env.getParallelism();
        writeVerdicts(verdicts, io.verdicts(), sinks);
        seq.deadLetters().sinkTo(io.deadLetters()).name("dead-letters").uid("dead-letters").setParallelism(sinks);
        if (io.report() != null) {
            counts.sinkTo(io.report()).name("report").uid("report").setParallelism(1);
        }
        if (io.alerts() != null) {
            verdicts.sinkTo(io.alerts()).name("alerts").uid("alerts").setParallelism(1);
        }
    }

    /**
     * Writes the verdicts with {@code sink} in {@code parallelism} tasks. A file sink in fewer tasks
     * than the verdicts come from (backfill's one file) gets them encoded where they are made, so
     * the one writer only copies bytes: at HDFS x20 it took 2 s for 184,020 verdicts while the
     * other core sat idle (BENCHMARKS.md).
     */
    private static void writeVerdicts(DataStream<Verdict> verdicts, Sink<Verdict> sink, int parallelism) {
        if (sink instanceof RecordFileSink<Verdict> file && parallelism < verdicts.getParallelism()) {
            verdicts.map(file.encoding()).returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .name("verdicts: encode").setParallelism(verdicts.getParallelism())
                    .sinkTo(file.ofEncoded()).name("verdicts").uid("verdicts").setParallelism(parallelism);
        } else {
            verdicts.sinkTo(sink).name("verdicts").uid("verdicts").setParallelism(parallelism);
        }
    }

    /**
     * Stages 1-5: raw lines in, sequences and dead letters out. Training and evaluation collect
     * their sequences with this, so a training sequence is exactly what the job judges.
     *
     * @param models the bundle that will judge (decides which messages travel), or null to keep
     *     every message and each line's event time (collecting sequences for training)
     */
    public static Sequences sequences(StreamExecutionEnvironment env, ReadableConfig conf, LineInput input, Models models,
                                      boolean bounded) {
        return sequences(env, conf, input, models, bounded, null);
    }

    /**
     * The same, labeling the sequences with the rows of a session-labels file where they are sessions
     * over the whole input (elsewhere the rows are left for the verdicts: {@link Sequences#labeled()} is false).
     *
     * @param labels the labels file's rows, or null for none
     */
    public static Sequences sequences(StreamExecutionEnvironment env, ReadableConfig conf, LineInput input, Models models,
                                      boolean bounded, DataStream<SessionLabel> labels) {
        // Lines carry their masked message: all of them, or (Models#messagesOfUnseenOnly) those of unseen templates.
        boolean keepMessages = true;
        Vocabulary unseenOnly = models == null ? null : models.messagesOfUnseenOnly();
        List<DataStream<RawLine>> lines = input.createEach(env);
        if (Formats.isSequenceFormat(conf.get(FormatSettings.FORMAT))) {
            return parsedSequences(lines, keepMessages, unseenOnly);
        }
        LineFormat format = FormatSettings.lineFormat(conf);
        Grouping grouping = Grouping.of(conf, format, bounded);
        LineOptions.Limits limits = LineOptions.limits(conf);
        boolean countWindows = grouping.type == Grouping.Type.COUNT;
        WatermarkStrategy<KeyedLine> eventTime = WatermarkStrategy
                .<KeyedLine>forBoundedOutOfOrderness(conf.get(WindowOptions.OUT_OF_ORDERNESS))
                // Count windows over files follow line order, as training does: a file line's time is its number.
                .withTimestampAssigner((line, ts) -> countWindows ? line.lineNumber : line.timestamp)
                .withIdleness(conf.get(WindowOptions.IDLENESS));

        // Sessions over a whole bounded input close when the input ends: they need no event time.
        boolean needsEventTime = !(grouping.type == Grouping.Type.SESSION && grouping.wholeInput);
        boolean liveSessions = grouping.type == Grouping.Type.SESSION && !grouping.wholeInput;
        // Sessions over the whole input take the labels file's rows in the same input as their lines.
        boolean labeled = labels != null && grouping.type == Grouping.Type.SESSION && grouping.wholeInput;
        String lateReason = lateReason(grouping, bounded);
        // An input that assigns event time lets lines be found late here, where their bytes are still at hand.
        long lateAtParse = liveSessions && input.assignsEventTime() ? grouping.sessionLifetime.toMillis() : Long.MAX_VALUE;
        // Parsing runs chained to each reader; the lines meet at the grouping's keyBy.
        // Gathered per input stream and joined by one union each: unions of unions nest as deep as
        // there are streams, which overflowed the stack while Flink built the graph of 1,000 files.
        List<DataStream<KeyedLine>> keyedEach = new ArrayList<>();
        List<DataStream<SessionLines>> combinedEach = new ArrayList<>();
        List<DataStream<Either<SessionLines, SessionLabel>>> combinedWithLabelsEach = new ArrayList<>();
        List<DataStream<DeadLetter>> deadLettersEach = new ArrayList<>();
        List<DataStream<Map<String, Long>>> countsEach = new ArrayList<>();
        for (DataStream<RawLine> in : lines) {
            SingleOutputStreamOperator<KeyedLine> parsed = CountsAtEnd.process(in, "parse-and-mask",
                            new ParseAndMask(format, grouping.bySessionKey(), limits, keepMessages, unseenOnly,
                                    lateAtParse, lateReason), TypeInformation.of(KeyedLine.class))
                    .setParallelism(in.getParallelism());
            DataStream<KeyedLine> timed = !needsEventTime || input.assignsEventTime() ? parsed
                    : parsed.assignTimestampsAndWatermarks(eventTime).setParallelism(in.getParallelism()).name("event-time");
            if (grouping.type == Grouping.Type.SESSION) {
                DataStream<SessionLines> pieces = timed.transform("combine-sessions", TypeInformation.of(SessionLines.class),
                        new SessionCombiner(conf.get(WindowOptions.COMBINE_LINES))).setParallelism(in.getParallelism());
                combinedEach.add(pieces);
                if (labeled) {
                    DataStream<Either<SessionLines, SessionLabel>> left = pieces.map(Either::<SessionLines, SessionLabel>Left)
                            .returns(WholeInputSessions.Labeled.inputType()).name("labels: beside the lines")
                            .setParallelism(in.getParallelism());
                    combinedWithLabelsEach.add(left);
                }
            } else {
                keyedEach.add(timed);
            }
            deadLettersEach.add(parsed.getSideOutput(ParseAndMask.DEAD_LETTERS));
            countsEach.add(parsed.getSideOutput(CountsAtEnd.TAG));
        }
        DataStream<KeyedLine> keyed = unionOf(keyedEach);
        DataStream<SessionLines> combined = unionOf(combinedEach);
        DataStream<Either<SessionLines, SessionLabel>> combinedWithLabels = unionOf(combinedWithLabelsEach);
        DataStream<DeadLetter> deadLetters = unionOf(deadLettersEach);
        DataStream<Map<String, Long>> counts = unionOf(countsEach);

        SingleOutputStreamOperator<LogSequence> sequences;
        switch (grouping.type) {
            case COUNT:
                sequences = bounded
                        ? keyed.keyBy(line -> line.key).process(new CountWindows(grouping.countSize, grouping.countStep))
                        : keyed.keyBy(byStream(input.stream())).process(new LiveCountWindows(grouping.countSize,
                                grouping.countStep, conf.get(WindowOptions.COUNT_TIMEOUT)));
                break;
            case TIME:
                sequences = keyed.keyBy(line -> line.key).window(TumblingEventTimeWindows.of(grouping.timeSize))
                        .sideOutputLateData(LateLines.TAG).process(new ToSequence<>());
                break;
            default:
                if (!grouping.wholeInput) {
                    sequences = combined.keyBy(piece -> piece.key).process(new LiveSessions(grouping.sessionGap,
                            grouping.sessionLifetime));
                    break;
                }
                // Keyed by a 64-bit hash, which Flink's batch sorter orders much faster than strings.
                sequences = !labeled
                        ? combined.keyBy(piece -> WholeInputSessions.hash(piece.key)).process(new WholeInputSessions(models == null))
                        : combinedWithLabels.union(labels.map(Either::<SessionLines, SessionLabel>Right)
                                        .returns(WholeInputSessions.Labeled.inputType()).name("labels: as rows")
                                        .setParallelism(labels.getParallelism()))
                                .keyBy(in -> WholeInputSessions.hash(WholeInputSessions.Labeled.key(in)))
                                .process(new WholeInputSessions.Labeled());
        }
        sequences.name("sequences: " + grouping).uid("sequences");
        SingleOutputStreamOperator<DeadLetter> late = CountsAtEnd.process(sequences.getSideOutput(LateLines.TAG), "late-lines",
                new LateLines(lateReason), TypeInformation.of(DeadLetter.class));
        SingleOutputStreamOperator<LogSequence> counted = countSequences(sequences,
                grouping.type == Grouping.Type.SESSION && grouping.wholeInput);
        return new Sequences(counted, deadLetters.union(late),
                counts.union(late.getSideOutput(CountsAtEnd.TAG), counted.getSideOutput(CountsAtEnd.TAG)), labeled);
    }

    /** Counts the sequences as they leave their grouping, chained to it. */
    private static SingleOutputStreamOperator<LogSequence> countSequences(SingleOutputStreamOperator<LogSequence> grouped,
                                                                         boolean wholeInput) {
        return CountsAtEnd.process(grouped, "count-sequences", new CountSequences(wholeInput), grouped.getType())
                .setParallelism(grouped.getParallelism()).uid("count-sequences");
    }

    /** Streaming count windows' key: the input's one stream (a Kafka topic), else each line's source (a file). */
    private static KeySelector<KeyedLine, String> byStream(String stream) {
        return stream == null ? line -> line.key : line -> stream;
    }

    /** Why a line that reaches its grouping too late is late, naming the setting that decides it. */
    private static String lateReason(Grouping grouping, boolean bounded) {
        if (grouping.type == Grouping.Type.SESSION && !grouping.wholeInput) {
            return "more than the session lifetime (" + grouping.sessionLifetime + ", " + WindowOptions.SESSION_LIFETIME.key()
                    + ") behind event time";
        }
        if (grouping.type == Grouping.Type.COUNT && !bounded) {
            return "event time had passed it (" + WindowOptions.OUT_OF_ORDERNESS.key()
                    + "), so its stream's count windows were already cut around it";
        }
        return "its window had already closed (" + WindowOptions.OUT_OF_ORDERNESS.key() + ")";
    }

    /** The {@code sequences} format: each input line is a whole sequence, parsed and masked by one operator. */
    private static Sequences parsedSequences(List<DataStream<RawLine>> lines, boolean keepMessages, Vocabulary unseenOnly) {
        List<DataStream<LogSequence>> seqs = new ArrayList<>();
        List<DataStream<DeadLetter>> dead = new ArrayList<>();
        List<DataStream<Map<String, Long>>> counts = new ArrayList<>();
        for (DataStream<RawLine> in : lines) {
            SingleOutputStreamOperator<LogSequence> one = CountsAtEnd.process(in, "parse-sequences",
                    new ParseSequences(keepMessages, unseenOnly), TypeInformation.of(LogSequence.class))
                    .setParallelism(in.getParallelism());
            SingleOutputStreamOperator<LogSequence> counted = countSequences(one, false);
            seqs.add(counted);
            dead.add(one.getSideOutput(ParseAndMask.DEAD_LETTERS));
            counts.add(one.getSideOutput(CountsAtEnd.TAG));
            counts.add(counted.getSideOutput(CountsAtEnd.TAG));
        }
        return new Sequences(unionOf(seqs), unionOf(dead), unionOf(counts), false);
    }

    /** The streams as one, by a single union (null for none). */
    @SuppressWarnings("unchecked")
    static <T> DataStream<T> unionOf(List<DataStream<T>> streams) {
        if (streams.isEmpty()) {
            return null;
        }
        return streams.size() == 1 ? streams.get(0)
                : streams.get(0).union(streams.subList(1, streams.size()).toArray(new DataStream[0]));
    }

    /**
     * Stages 6-8: sequences (and label corrections) in, verdicts out. Evaluation judges its test
     * sequences with this.
     *
     * @param corrections label corrections for the verdict cache, or null for none
     */
    public static DataStream<Verdict> judge(DataStream<LogSequence> sequences, DataStream<LabelCorrection> corrections,
                                            ReadableConfig conf, Models models, boolean bounded) {
        return judged(sequences, corrections, conf, models, bounded).verdicts();
    }

    private static Judged judged(DataStream<LogSequence> sequences, DataStream<LabelCorrection> corrections,
                                 ReadableConfig conf, Models models, boolean bounded) {
        boolean cache = conf.get(CacheOptions.CACHE_ENABLED);
        Duration ttl = bounded ? null : conf.get(CacheOptions.CACHE_TTL);
        KeyedStream<LabelCorrection, Long> fixes = corrections == null ? null : corrections.keyBy(c -> c.sequenceId);
        DataStream<LogSequence> toJudge = sequences;
        if (models.llmVotes()) {
            DataStream<LogSequence> misses = sequences;
            DataStream<LogSequence> answeredByCache = null;
            if (cache) {
                Duration recheck = bounded ? null : min(conf.get(CacheOptions.CACHE_RECHECK), ttl);
                KeyedStream<LogSequence, Long> byId = sequences.keyBy(Pipeline::sequenceId);
                CacheGate gate = new CacheGate(recheck);
                SingleOutputStreamOperator<LogSequence> gated = (fixes == null ? byId.process(new CacheGate.WithoutCorrections(gate))
                        : byId.connect(fixes).process(gate)).name("verdict-cache").uid("verdict-cache");
                misses = gated;
                answeredByCache = gated.getSideOutput(CacheGate.SKIP_LLM);
            }
            DataStream<LogSequence> scored = AsyncDataStream.unorderedWait(misses, new LlmStage(models.path(), conf),
                            conf.get(LlmOptions.LLM_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS,
                            conf.get(LlmOptions.LLM_CAPACITY))
                    .name("llm").uid("llm");
            toJudge = answeredByCache == null ? scored : scored.union(answeredByCache);
        }
        JudgeFunction judge = new JudgeFunction(models.path(), models.selected(), cache, ttl);
        KeyedStream<LogSequence, Long> byId = toJudge.keyBy(Pipeline::sequenceId);
        SingleOutputStreamOperator<Verdict> verdicts = (fixes == null
                ? CountsAtEnd.process(byId, "judge", new JudgeFunction.WithoutCorrections(judge), TypeInformation.of(Verdict.class))
                : byId.connect(fixes).process(judge).name("judge")).uid("judge");
        DataStream<Map<String, Long>> counts = verdicts.getSideOutput(CountsAtEnd.TAG);
        if (bounded) {
            return new Judged(verdicts, counts); // every sequence is judged once: its verdict is revision 1 and final
        }
        double minChange = conf.getOptional(RevisionOptions.MIN_SCORE_CHANGE).orElse(Double.POSITIVE_INFINITY);
        return new Judged(verdicts.keyBy(v -> v.key).process(new Revisions(minChange)).name("revisions").uid("revisions"),
                counts);
    }

    /** The key of stages 6-8: the hash of the template-id sequence. */
    static long sequenceId(LogSequence s) {
        return SequenceIds.of(s.templateIds);
    }


    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
