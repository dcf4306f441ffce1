package dev.logsieve.eval;

import dev.logsieve.event.SessionLabel;
import dev.logsieve.event.Verdict;
import java.io.Serializable;
import dev.logsieve.metrics.CountsAtEnd;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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

    /** The rows of the labels file, read in {@code env}; null when there is no file. */
    public DataStream<SessionLabel> labelRows(StreamExecutionEnvironment env) {
        return labelsPath == null ? null : KeyedLabels.rows(env, labelsPath);
    }

    /**
     * The verdicts with labels joined and counted; the verdicts themselves pass through unchanged.
     * The counts also come out on {@link CountsAtEnd#TAG} when the input ends.
     *
     * @param labelRows the {@link #labelRows} still to be joined to the verdicts by key, or null when
     *     the sequences carried them already (or there is no file)
     */
    public SingleOutputStreamOperator<Verdict> attach(DataStream<Verdict> verdicts, DataStream<SessionLabel> labelRows) {
        DataStream<Verdict> labeled = labelRows == null ? verdicts : KeyedLabels.join(verdicts, labelRows);
        return CountsAtEnd.process(labeled, "evaluation: score", new ScoreVerdicts(trainingSequenceIds), labeled.getType())
                .uid("evaluation-score");
    }
}
