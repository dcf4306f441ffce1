package dev.logsieve.eval;

import dev.logsieve.event.Labels;
import dev.logsieve.event.Verdict;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.CountsAtEnd;
import dev.logsieve.metrics.JobCounter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes verdicts through and counts them against their true labels, plainly and de-duplicated
 * (leaving out sequences whose id is among the training sequences), for the verdict and for each
 * member's own vote (a member that could not answer is not counted). Verdicts without a true label
 * are not counted.
 */
public class ScoreVerdicts extends ProcessFunction<Verdict, Verdict> implements CountsAtEnd.Counted {
    private static final long serialVersionUID = 1L;
    private static final String[] CELLS = {"tp", "fp", "fn", "tn"};
    private static final String MEMBER = "score-member-";

    /** Sorted ids of the training sequences, for the de-duplicated counts. */
    private final long[] trainingIds;
    private transient Counts counts;
    private transient JobCounter.Count[] plain;
    private transient JobCounter.Count[] dedup;
    /** Per member: its plain cells then its de-duplicated cells, opened when the member first votes. */
    private transient Map<String, JobCounter.Count[]> members;

    public ScoreVerdicts(long[] trainingSequenceIds) {
        this.trainingIds = trainingSequenceIds.clone();
        Arrays.sort(this.trainingIds);
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new Counts(getRuntimeContext());
        plain = new JobCounter.Count[4];
        dedup = new JobCounter.Count[4];
        for (int i = 0; i < 4; i++) {
            plain[i] = counts.open("score-" + CELLS[i]);
            dedup[i] = counts.open("score-dedup-" + CELLS[i]);
        }
        members = new HashMap<>();
    }

    @Override
    public Counts counts() {
        return counts;
    }

    @Override
    public void processElement(Verdict v, Context ctx, Collector<Verdict> out) {
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
                JobCounter.Count[] c = members.computeIfAbsent(v.members[m], this::memberCounters);
                int mc = cell(v.votes[m] == Labels.ANOMALOUS, actual);
                c[mc].add(1);
                if (unseen) {
                    c[4 + mc].add(1);
                }
            }
        }
        out.collect(v);
    }

    private JobCounter.Count[] memberCounters(String member) {
        JobCounter.Count[] c = new JobCounter.Count[8];
        for (int i = 0; i < 4; i++) {
            c[i] = counts.open(MEMBER + member + "-" + CELLS[i]);
            c[4 + i] = counts.open(MEMBER + member + "-dedup-" + CELLS[i]);
        }
        return c;
    }

    /**
     * Each member's own counts in a finished job, plain then de-duplicated, by member name in the
     * order of first appearance; empty when no verdict carried votes.
     */
    public static Map<String, Confusion[]> members(Map<String, Object> acc) {
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
    public static Confusion plain(Map<String, Object> accumulators) {
        return read(accumulators, "score-");
    }

    /** The de-duplicated counts of a finished job. */
    public static Confusion dedup(Map<String, Object> accumulators) {
        return read(accumulators, "score-dedup-");
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
