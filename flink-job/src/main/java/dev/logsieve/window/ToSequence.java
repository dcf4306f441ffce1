package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.SessionLabels;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.util.Collector;

/**
 * Emits one {@link LogSequence} per fired window. When a session-labels file is given (HDFS's
 * {@code anomaly_label.csv}), the sequence takes its key's label from it.
 */
public class ToSequence<W extends Window> extends ProcessWindowFunction<KeyedLine, LogSequence, String, W> {
    private static final long serialVersionUID = 1L;

    /** Accumulator: sequences emitted. */
    public static final String SEQUENCES = "sequences";
    /** Accumulator: keyed lines that ended up in a sequence. */
    public static final String SEQUENCED_LINES = "sequenced-lines";

    private final String labelsPath;
    private transient Map<String, Integer> labels;
    private transient LongCounter sequences;
    private transient LongCounter sequencedLines;

    /** @param labelsPath a session-labels file, or null */
    public ToSequence(String labelsPath) {
        this.labelsPath = labelsPath;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        labels = labelsPath == null ? Map.of() : SessionLabels.read(Paths.get(labelsPath));
        sequences = getRuntimeContext().getLongCounter(SEQUENCES);
        sequencedLines = getRuntimeContext().getLongCounter(SEQUENCED_LINES);
    }

    @Override
    public void process(String key, Context context, Iterable<KeyedLine> lines, Collector<LogSequence> out) {
        LogSequence seq = SequenceBuilder.build(key, lines, labels.getOrDefault(key, Labels.UNKNOWN));
        sequences.add(1);
        sequencedLines.add(seq.length());
        out.collect(seq);
    }
}
