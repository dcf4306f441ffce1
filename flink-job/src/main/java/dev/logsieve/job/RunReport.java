package dev.logsieve.job;

import dev.logsieve.eval.Confusion;
import dev.logsieve.eval.Report;
import dev.logsieve.eval.ScoreVerdicts;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.InputBounds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded run's {@link Report} from its counts: the accumulators a waiting client reads from the
 * finished job, or the same totals gathered inside the job by {@link ReportSink}. One function for
 * both, so a report written by the job equals the one a client builds.
 */
public final class RunReport {
    private RunReport() {}

    /** The report of a finished detection job, from its accumulator results (or the job's own totals). */
    public static Report of(Map<String, Object> counts, double seconds) {
        Report r = new Report(JobCounter.JUDGED.in(counts), ScoreVerdicts.plain(counts),
                ScoreVerdicts.dedup(counts), JobCounter.LINES_READ.in(counts), seconds);
        // The accounting a user can check at a glance: lines = lines_used + dead_letters (late_lines
        // found at the grouping are among the lines used; those found at parsing among the dead letters).
        r.with("lines_used", JobCounter.LINES_PARSED.in(counts))
                .with("dead_letters", JobCounter.DEAD_LETTERS.in(counts))
                .with("late_lines", JobCounter.LATE_LINES.in(counts))
                .with("invalid_utf8_lines", JobCounter.INVALID_UTF8.in(counts))
                .with("anomalies", JobCounter.ANOMALIES.in(counts))
                .with("lines_in_sequences", JobCounter.SEQUENCED_LINES.in(counts))
                .with("verdict_cache_hits", JobCounter.CACHE_HITS.in(counts))
                .with("degraded", JobCounter.DEGRADED.in(counts));
        Map<String, Confusion[]> members = ScoreVerdicts.members(counts);
        if (!members.isEmpty()) {
            Map<String, Object> each = new LinkedHashMap<>();
            members.forEach((name, c) -> each.put(name, Map.of("plain", c[0], "dedup", c[1])));
            r.with("member_scores", each);
        }
        long scored = JobCounter.LLM_SCORED.in(counts);
        long unscored = JobCounter.LLM_UNSCORED.in(counts);
        if (scored + unscored > 0) {
            long looked = JobCounter.LLM_MESSAGES.in(counts);
            long encoded = JobCounter.LLM_ENCODED.in(counts);
            r.with("llm_scored", scored).with("llm_unscored", unscored)
                    .with("llm_messages_looked_up", looked)
                    .with("llm_messages_encoded", encoded)
                    .with("llm_embedding_cache_share", looked == 0 ? 0.0 : 1.0 - (double) encoded / looked);
        }
        return r;
    }

    /**
     * The same, with the sequences near the input's bounds and the warning when many of them may be
     * cut off (sessions over a whole input only).
     *
     * @param gap the session gap: what counts as near a bound
     * @param trainingAnomalousShare the bundle's share of anomalous training sequences
     */
    public static Report of(Map<String, Object> counts, double seconds, Duration gap, double trainingAnomalousShare) {
        Report report = of(counts, seconds);
        InputBounds.Counts bounds = InputBounds.of(counts, gap);
        if (bounds != null) {
            report.with("sequences_near_input_start", bounds.nearStart()).with("sequences_near_input_end", bounds.nearEnd());
            String warning = bounds.warning(JobCounter.ANOMALIES.in(counts), trainingAnomalousShare);
            if (warning != null) {
                report.warnings.add(warning);
            }
        }
        return report;
    }
}
