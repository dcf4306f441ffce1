package dev.logsieve.training;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Training examples of what streaming judges: a streaming session is judged after every quiet
 * spell of {@code gap} event time, on all its lines so far, so besides whole sequences the members
 * see their prefixes, cut where the same gap falls between consecutive lines of the training data.
 * The label a prefix gets is the {@link Policy}'s choice: an incomplete normal sequence is normal,
 * but the prefix of an anomalous one may not yet hold its evidence.
 */
public final class Prefixes {
    private Prefixes() {}

    /** Which prefixes join the training set. */
    public enum Policy {
        /** Whole sequences only. */
        NONE,
        /** Prefixes of normal sequences, as normal. */
        NORMAL,
        /**
         * Those of {@link #NORMAL}, and prefixes of anomalous sequences, as anomalous, that already
         * hold a template no normal training sequence has (evidence a stream can see).
         */
        EVIDENCE,
        /** Prefixes of every sequence, each with its sequence's label. */
        ALL
    }

    /**
     * The sequences followed by the prefixes the policy adds. A sequence without line times (not
     * collected for training) adds none.
     *
     * @param gapMillis streaming's session gap: a prefix ends where the next line is more than this later
     */
    public static List<LogSequence> expand(List<LogSequence> sequences, Policy policy, long gapMillis) {
        List<LogSequence> out = new ArrayList<>(sequences);
        if (policy == Policy.NONE) {
            return out;
        }
        Set<Long> normalTemplates = new HashSet<>();
        for (LogSequence s : sequences) {
            if (s.label == Labels.NORMAL) {
                for (long id : s.templateIds) {
                    normalTemplates.add(id);
                }
            }
        }
        for (LogSequence s : sequences) {
            boolean normal = s.label == Labels.NORMAL;
            if (s.times == null || (policy == Policy.NORMAL && !normal)) {
                continue;
            }
            for (int end : cuts(s.times, gapMillis)) {
                if (normal || policy == Policy.ALL || hasUnseen(s.templateIds, end, normalTemplates)) {
                    out.add(prefix(s, end));
                }
            }
        }
        return out;
    }

    private static boolean hasUnseen(long[] ids, int length, Set<Long> known) {
        for (int i = 0; i < length; i++) {
            if (!known.contains(ids[i])) {
                return true;
            }
        }
        return false;
    }

    /** The lengths of the prefixes a stream would judge: after each line followed by a gap. */
    static List<Integer> cuts(long[] times, long gapMillis) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i + 1 < times.length; i++) {
            if (times[i + 1] - times[i] > gapMillis) {
                ends.add(i + 1);
            }
        }
        return ends;
    }

    private static LogSequence prefix(LogSequence s, int length) {
        LogSequence p = new LogSequence(s.key + "@" + length, s.start, s.times[length - 1],
                Arrays.copyOf(s.templateIds, length), s.messages == null ? null : Arrays.copyOf(s.messages, length),
                s.label);
        p.times = Arrays.copyOf(s.times, length);
        return p;
    }
}
