package dev.logsieve.eval;

import dev.logsieve.event.SessionLabel;
import dev.logsieve.event.Verdict;
import dev.logsieve.format.SessionLabels;
import dev.logsieve.io.LineFileFormat;
import dev.logsieve.io.Locations;
import dev.logsieve.io.RawLine;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each verdict of a bounded run the true label of its sequence key from a session-labels file
 * (HDFS's {@code anomaly_label.csv}), where the file knows the key; a label the lines carried
 * themselves is kept otherwise.
 *
 * <p>Such a file has a row for every session of the input, so it grows with the input (3.7 million
 * rows for 35 million HDFS lines). It is therefore read as a second input and joined by key, not
 * loaded into every task: in a bounded run Flink sorts both inputs by key (spilling to disk beyond
 * its managed memory) and this function holds one key's label and verdicts at a time. A verdict
 * that comes before its key's label waits for it in keyed state; one whose key the file does not
 * list goes on unchanged when its key ends.
 *
 * <p>Where a run's sequences are sessions over the whole input, the rows go to the sessions instead
 * ({@code window.WholeInputSessions.Labeled}), which are keyed by session already: there the labels
 * travel with the sequences and the verdicts need no shuffle of their own. This join is for the
 * other groupings.
 */
public class KeyedLabels extends KeyedCoProcessFunction<String, Verdict, SessionLabel, Verdict> {
    private static final long serialVersionUID = 1L;

    /** Longest labels-file line read whole (a key and a label are far shorter). */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private transient ValueState<SessionLabel> known;
    private transient ListState<Verdict> waiting;

    /**
     * The rows of the labels file at {@code labelsPath} (a path or a URI of a file system Flink has),
     * read by one reader; a bad row fails the run, naming the file and line.
     */
    public static DataStream<SessionLabel> rows(StreamExecutionEnvironment env, String labelsPath) {
        String file = Locations.files(List.of(labelsPath)).get(0);
        FileSource<RawLine> source = FileSource.forRecordStreamFormat(new LineFileFormat(file, MAX_LINE_BYTES), new Path(file))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "read labels " + new Path(file).getName())
                .setParallelism(1)
                .flatMap(new Rows()).name("evaluation: label rows").setParallelism(1);
    }

    /** The verdicts with the labels of {@code rows} ({@link #rows}) joined by key. */
    public static DataStream<Verdict> join(DataStream<Verdict> verdicts, DataStream<SessionLabel> rows) {
        return verdicts.keyBy(v -> v.key).connect(rows.keyBy(r -> r.key)).process(new KeyedLabels())
                .name("evaluation: labels").uid("evaluation-labels");
    }

    @Override
    public void open(OpenContext openContext) {
        known = getRuntimeContext().getState(new ValueStateDescriptor<>("label", SessionLabel.class));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("verdicts-before-label", Verdict.class));
    }

    @Override
    public void processElement1(Verdict v, Context ctx, Collector<Verdict> out) throws Exception {
        SessionLabel label = known.value();
        if (label != null) {
            v.trueLabel = label.label;
            out.collect(v);
        } else {
            waiting.add(v);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the key's end: no label is coming
        }
    }

    @Override
    public void processElement2(SessionLabel row, Context ctx, Collector<Verdict> out) throws Exception {
        SessionLabel before = known.value();
        if (before != null) {
            SessionLabel.agree(before, row); // fails when the two rows disagree
            return;
        }
        known.update(row);
        for (Verdict v : waiting.get()) {
            v.trueLabel = row.label;
            out.collect(v);
        }
        waiting.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Verdict> out) throws Exception {
        for (Verdict v : waiting.get()) {
            out.collect(v); // the file does not list the key: the label the lines carried, if any, stays
        }
        waiting.clear();
    }

    /** Each row of the labels file as a {@link SessionLabel}; a bad row fails the run, naming the file and line. */
    static final class Rows implements FlatMapFunction<RawLine, SessionLabel> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(RawLine line, Collector<SessionLabel> out) throws Exception {
            String name = new Path(line.source).getName();
            SessionLabels.Row row = SessionLabels.parse(line.text, line.lineNumber, name);
            if (row != null) {
                out.collect(new SessionLabel(row.key(), row.label(), name, line.lineNumber));
            }
        }
    }
}
