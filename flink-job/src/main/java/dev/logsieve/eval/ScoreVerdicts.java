package dev.logsieve.eval;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes verdicts through and counts them against their true labels, plainly and de-duplicated
 * (leaving out sequences whose id is among the training sequences). Verdicts without a true label
 * are not counted.
 */
public class ScoreVerdicts extends RichMapFunction<Verdict, Verdict> {
    private static final long serialVersionUID = 1L;
    private static final String[] CELLS = {"tp", "fp", "fn", "tn"};

    /** Sorted ids of the training sequences, for the de-duplicated counts. */
    private final long[] trainingIds;
    private transient LongCounter[] plain;
    private transient LongCounter[] dedup;

    public ScoreVerdicts(long[] trainingSequenceIds) {
        this.trainingIds = trainingSequenceIds.clone();
        Arrays.sort(this.trainingIds);
    }

    @Override
    public void open(OpenContext openContext) {
        plain = new LongCounter[4];
        dedup = new LongCounter[4];
        for (int i = 0; i < 4; i++) {
            plain[i] = getRuntimeContext().getLongCounter("score-" + CELLS[i]);
            dedup[i] = getRuntimeContext().getLongCounter("score-dedup-" + CELLS[i]);
        }
    }

    @Override
    public Verdict map(Verdict v) {
        if (v.trueLabel != Labels.UNKNOWN) {
            int cell = cell(v.label == Labels.ANOMALOUS, v.trueLabel == Labels.ANOMALOUS);
            plain[cell].add(1);
            if (Arrays.binarySearch(trainingIds, v.sequenceId) < 0) {
                dedup[cell].add(1);
            }
        }
        return v;
    }

    private static int cell(boolean predicted, boolean actual) {
        if (predicted) {
            return actual ? 0 : 1;
        }
        return actual ? 2 : 3;
    }

    /** The plain counts of a finished job. */
    public static Confusion plain(JobExecutionResult result) {
        return read(result.getAllAccumulatorResults(), "score-");
    }

    /** The de-duplicated counts of a finished job. */
    public static Confusion dedup(JobExecutionResult result) {
        return read(result.getAllAccumulatorResults(), "score-dedup-");
    }

    private static Confusion read(Map<String, Object> acc, String prefix) {
        long[] c = new long[4];
        for (int i = 0; i < 4; i++) {
            Object o = acc.get(prefix + CELLS[i]);
            c[i] = o == null ? 0 : ((Number) o).longValue();
        }
        return new Confusion(c[0], c[1], c[2], c[3]);
    }
}
