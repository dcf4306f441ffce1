package dev.logsieve.training;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LLM member's training examples, each distinct sequence once (FlexLog trains and evaluates on
 * distinct sequences; repeats teach the classifier nothing new and cost time). A sequence that
 * occurs under both labels keeps the label most of its occurrences carry, and both only on a tie:
 * once repeats are dropped, one example under each label would make a rare label as likely as a
 * common one.
 *
 * <p>Why it matters: streaming judges a session's prefixes, so training learns them too ({@link
 * Prefixes}), and a prefix can equal a whole sequence of the other label. In the demo's generated
 * logs, 3,235 normal blocks have a four-line prefix (the block allocated, three replicas receiving)
 * that 16 abandoned blocks, anomalous, hold whole. Learned once under each label, with the anomalous
 * class oversampled, the prefix scored 0.95 and the member was of no use on a stream (BENCHMARKS.md,
 * "The LLM member kept as validation judged it"). The decision tree, which counts every occurrence,
 * reads it as normal.
 */
final class DistinctExamples {
    private DistinctExamples() {}

    /**
     * @param sequences   the training sequences, prefixes included
     * @param maxMessages how many first messages the classifier reads: sequences equal in those are one
     * @return the distinct sequences (the first occurrence of each, with the label chosen), in first-seen order
     */
    static Result of(List<LogSequence> sequences, int maxMessages) {
        Map<String, Seen> distinct = new LinkedHashMap<>();
        for (LogSequence s : sequences) {
            String key = Arrays.toString(Arrays.copyOf(s.templateIds, Math.min(maxMessages, s.templateIds.length)));
            distinct.computeIfAbsent(key, k -> new Seen(s)).count(s.label);
        }
        List<LogSequence> out = new ArrayList<>(distinct.size());
        int conflicting = 0;
        int tied = 0;
        for (Seen d : distinct.values()) {
            if (d.normal > 0 && d.anomalous > 0) {
                conflicting++;
            }
            if (d.normal == d.anomalous) {
                tied++;
                out.add(labeled(d.first, Labels.NORMAL));
                out.add(labeled(d.first, Labels.ANOMALOUS));
            } else {
                out.add(labeled(d.first, d.anomalous > d.normal ? Labels.ANOMALOUS : Labels.NORMAL));
            }
        }
        return new Result(out, conflicting, tied);
    }

    /** A distinct sequence: its first occurrence, and how often it occurred under each label. */
    private static final class Seen {
        final LogSequence first;
        int normal;
        int anomalous;

        Seen(LogSequence first) {
            this.first = first;
        }

        void count(int label) {
            if (label == Labels.ANOMALOUS) {
                anomalous++;
            } else {
                normal++;
            }
        }
    }

    private static LogSequence labeled(LogSequence s, int label) {
        if (s.label == label) {
            return s;
        }
        LogSequence copy = new LogSequence(s.key, s.start, s.end, s.templateIds, s.messages, label);
        copy.times = s.times;
        return copy;
    }

    /**
     * @param sequences   the examples
     * @param conflicting distinct sequences that occurred under both labels
     * @param tied        of those, the ones with as many occurrences of each label (kept once under each)
     */
    record Result(List<LogSequence> sequences, int conflicting, int tied) {}
}
