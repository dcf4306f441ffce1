package dev.logsieve.eval;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import dev.logsieve.format.SessionLabels;
import dev.logsieve.io.Locations;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Gives each verdict the true label of its sequence key from a session-labels file (HDFS's
 * {@code anomaly_label.csv}), where the file knows the key; a label the lines carried themselves is
 * kept otherwise, reading the whole file into each task: for small files as the demo's, whose
 * streamed verdicts it labels as they come. Bounded runs join the labels by key instead
 * ({@link KeyedLabels}), since there the file grows with the input. The streaming job never reads labels.
 */
public class JoinLabels extends RichMapFunction<Verdict, Verdict> {
    private static final long serialVersionUID = 1L;

    private final String labelsPath;
    private transient Map<String, Integer> labels;

    /** @param labelsPath a session-labels file ({@code BlockId,Label}) */
    public JoinLabels(String labelsPath) {
        this.labelsPath = labelsPath;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        labels = SessionLabels.read(Locations.local(labelsPath));
    }

    @Override
    public Verdict map(Verdict v) {
        int label = labels.getOrDefault(v.key, Labels.UNKNOWN);
        if (label != Labels.UNKNOWN) {
            v.trueLabel = label;
        }
        return v;
    }
}
