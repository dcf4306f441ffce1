package dev.logsieve.training;

import dev.logsieve.eval.Confusion;
import dev.logsieve.eval.Report;
import java.util.Locale;
import java.util.Map;

/**
 * The lines of an evaluate report that compare each member's own vote with the ensemble's verdict on
 * the test part, plain and de-duplicated, and name the vote rule training chose and why, and the
 * semantic fallback's threshold.
 */
final class MemberTable {
    private MemberTable() {}

    /**
     * Each member's own vote on the test part: member -> {"plain": confusion, "dedup": confusion}, in
     * voting order; empty when the report holds no member scores.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Confusion>> scores(Report report) {
        Object scores = report.details.get("member_scores");
        return scores instanceof Map ? (Map<String, Map<String, Confusion>>) scores : Map.of();
    }

    /** The table, or an empty string when the report holds no member scores. */
    @SuppressWarnings("unchecked")
    static String of(Report report) {
        Map<String, Map<String, Confusion>> scores = scores(report);
        if (scores.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-22s %9s %9s %9s %12s%n", "test part", "precision", "recall", "F1",
                "dedup F1"));
        for (Map.Entry<String, Map<String, Confusion>> e : scores.entrySet()) {
            sb.append(row("member " + e.getKey(), e.getValue().get("plain"), e.getValue().get("dedup")));
        }
        Object vote = report.details.get("vote");
        String rule = vote instanceof Map ? String.valueOf(((Map<String, Object>) vote).get("rule")) : "majority";
        sb.append(row("ensemble (" + rule + ")", report.plain(), report.dedupConfusion()));
        if (vote instanceof Map && ((Map<String, Object>) vote).get("reason") != null) {
            sb.append("vote: ").append(rule).append(", ").append(((Map<String, Object>) vote).get("reason"))
                    .append(System.lineSeparator());
        }
        Object fallback = report.details.get("fallback");
        sb.append("semantic fallback for new templates: ").append(fallback instanceof Map
                ? "cosine similarity >= " + ((Map<String, Object>) fallback).get("threshold") + ", "
                        + ((Map<String, Object>) fallback).get("reason")
                : "off").append(System.lineSeparator());
        return sb.toString();
    }

    private static String row(String what, Confusion plain, Confusion dedup) {
        return String.format(Locale.ROOT, "%-22s %9.4f %9.4f %9.4f %12.4f%n", what, plain.precision(), plain.recall(),
                plain.f1(), dedup.f1());
    }
}
