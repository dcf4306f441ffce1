package dev.logsieve.eval;

import dev.logsieve.event.Verdict;
import java.io.Serializable;
import dev.logsieve.metrics.CountsAtEnd;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * What a labeled bounded run (backfill, evaluate, the demo) adds after the verdicts: the true labels
 * from a labels file, then the counts of {@link ScoreVerdicts}. The streaming job has none.
 */
public final class Evaluation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String labelsPath;
    private final long[] trainingSequenceIds;

    /**
     * @param labelsPath a session-labels file, or null when the lines carry their labels (or there are none)
     * @param trainingSequenceIds ids of the training sequences, for the de-duplicated scores
     */
    public Evaluation(String labelsPath, long[] trainingSequenceIds) {
        this.labelsPath = labelsPath;
        this.trainingSequenceIds = trainingSequenceIds.clone();
    }

    /**
     * The verdicts with labels joined and counted; the verdicts themselves pass through unchanged.
     * The counts also come out on {@link CountsAtEnd#TAG} when the input ends.
     */
    public SingleOutputStreamOperator<Verdict> attach(DataStream<Verdict> verdicts) {
        DataStream<Verdict> labeled = labelsPath == null ? verdicts : KeyedLabels.join(verdicts, labelsPath);
        return CountsAtEnd.process(labeled, "evaluation: score", new ScoreVerdicts(trainingSequenceIds), labeled.getType())
                .uid("evaluation-score");
    }
}
