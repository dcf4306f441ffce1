package dev.logsieve.eval;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes verdicts through and counts them against their true labels, plainly and de-duplicated
 * (leaving out sequences whose id is among the training sequences), for the verdict and for each
 * member's own vote (a member that could not answer is not counted). Verdicts without a true label
 * are not counted.
 */
public class ScoreVerdicts extends RichMapFunction<Verdict, Verdict> {
    private static final long serialVersionUID = 1L;
    private static final String[] CELLS = {"tp", "fp", "fn", "tn"};
    private static final String MEMBER = "score-member-";

    /** Sorted ids of the training sequences, for the de-duplicated counts. */
    private final long[] trainingIds;
    private transient LongCounter[] plain;
    private transient LongCounter[] dedup;
    /** Per member: its plain cells then its de-duplicated cells, opened when the member first votes. */
    private transient Map<String, LongCounter[]> members;

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
        members = new HashMap<>();
    }

    @Override
    public Verdict map(Verdict v) {
        if (v.trueLabel != Labels.UNKNOWN) {
            boolean actual = v.trueLabel == Labels.ANOMALOUS;
            boolean unseen = Arrays.binarySearch(trainingIds, v.sequenceId) < 0;
            int cell = cell(v.label == Labels.ANOMALOUS, actual);
            plain[cell].add(1);
            if (unseen) {
                dedup[cell].add(1);
            }
            for (int m = 0; v.members != null && m < v.members.length; m++) {
                if (v.votes[m] == Verdict.NO_VOTE) {
                    continue;
                }
                LongCounter[] c = members.computeIfAbsent(v.members[m], this::memberCounters);
                int mc = cell(v.votes[m] == Labels.ANOMALOUS, actual);
                c[mc].add(1);
                if (unseen) {
                    c[4 + mc].add(1);
                }
            }
        }
        return v;
    }

    private LongCounter[] memberCounters(String member) {
        LongCounter[] c = new LongCounter[8];
        for (int i = 0; i < 4; i++) {
            c[i] = getRuntimeContext().getLongCounter(MEMBER + member + "-" + CELLS[i]);
            c[4 + i] = getRuntimeContext().getLongCounter(MEMBER + member + "-dedup-" + CELLS[i]);
        }
        return c;
    }

    /**
     * Each member's own counts in a finished job, plain then de-duplicated, by member name in the
     * order of first appearance; empty when no verdict carried votes.
     */
    public static Map<String, Confusion[]> members(JobExecutionResult result) {
        Map<String, Object> acc = result.getAllAccumulatorResults();
        Map<String, Confusion[]> out = new java.util.TreeMap<>();
        for (String name : acc.keySet()) {
            if (name.startsWith(MEMBER) && name.endsWith("-dedup-tp")) {
                String member = name.substring(MEMBER.length(), name.length() - "-dedup-tp".length());
                out.put(member, new Confusion[] {read(acc, MEMBER + member + "-"), read(acc, MEMBER + member + "-dedup-")});
            }
        }
        return out;
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
