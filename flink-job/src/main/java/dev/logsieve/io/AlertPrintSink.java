package dev.logsieve.io;

import dev.logsieve.event.EvidenceLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.MemberReason;
import dev.logsieve.event.Verdict;
import java.io.PrintStream;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints each alert to standard output as it arrives, with each member's vote and, under it, its
 * first evidence lines (the lines whose templates training says are unusual) and each member's
 * reason in one line: the demo's alert
 * console. An alert is a verdict revision that {@linkplain Verdict#RAISED raised} or
 * {@linkplain Verdict#RESOLVED resolved} one; revisions that change nothing for the operator are
 * not printed.
 */
public class AlertPrintSink implements Sink<Verdict> {
    private static final long serialVersionUID = 1L;
    /** Evidence lines shown under an alert. */
    static final int SHOWN = 3;
    /** A member's one-line reason is cut to this many characters. */
    static final int REASON_WIDTH = 240;

    @Override
    public SinkWriter<Verdict> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private final PrintStream out = System.out;

            @Override
            public void write(Verdict v, Context ctx) {
                if (v.alert != null) {
                    out.println(format(v));
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /**
     * {@code ALERT 2008-11-09T20:35:31Z blk_123  revision 2  14 lines  votes dt=1.00 knn=1.00 mlp=0.00  majority score 0.67 ...},
     * or {@code RESOLVED ...} when a later revision found the sequence normal again.
     */
    public static String format(Verdict v) {
        StringBuilder sb = new StringBuilder(Verdict.RESOLVED.equals(v.alert) ? "RESOLVED " : "ALERT ");
        sb.append(Instant.ofEpochMilli(v.end)).append(' ').append(v.key)
                .append(String.format("  revision %d%s  %d lines  votes", v.revision, v.finalRevision ? " (final)" : "",
                        v.length));
        for (int i = 0; i < v.members.length; i++) {
            sb.append(' ').append(v.members[i]).append('=');
            if (v.scores != null && !Double.isNaN(v.scores[i])) {
                sb.append(String.format(java.util.Locale.ROOT, "%.2f", v.scores[i]));
            } else {
                sb.append(v.votes[i] == Verdict.NO_VOTE ? "n/a" : String.valueOf(v.votes[i]));
            }
        }
        sb.append(String.format(java.util.Locale.ROOT, "  %s score %.2f", v.rule == null ? "majority" : v.rule, v.score));
        if (v.rule != null && !"majority".equals(v.rule)) {
            sb.append(String.format(java.util.Locale.ROOT, " (threshold %.2f)", v.threshold));
        }
        if (v.unseenTemplates > 0) {
            sb.append("  unseen templates ").append(v.unseenTemplates);
        }
        if (v.cached) {
            sb.append("  (cached)");
        }
        if (v.trueLabel != Labels.UNKNOWN) {
            sb.append(v.trueLabel == Labels.ANOMALOUS ? "  [injected fault]" : "  [false alarm]");
        }
        if (v.evidence != null && !Verdict.RESOLVED.equals(v.alert)) {
            EvidenceLine[] lines = v.evidence.lines == null ? new EvidenceLine[0] : v.evidence.lines;
            for (int i = 0; i < Math.min(SHOWN, lines.length); i++) {
                sb.append(System.lineSeparator()).append("    ").append(evidence(lines[i]));
            }
            if (lines.length > SHOWN) {
                sb.append(System.lineSeparator()).append("    ... and ").append(lines.length - SHOWN)
                        .append(" more unusual templates (verdicts.jsonl: evidence)");
            }
            if (v.evidence.members != null) {
                for (MemberReason r : v.evidence.members) {
                    sb.append(System.lineSeparator()).append("    ").append(cut(r.summary, REASON_WIDTH));
                }
            }
        }
        return sb.toString();
    }

    /** {@code line 7 (x2) only in anomalous training sequences (41): Exception in receiveBlock for block blk_<*> ...}. */
    static String evidence(EvidenceLine e) {
        String why = switch (e.why) {
            case EvidenceLine.UNSEEN -> "never seen in training";
            case EvidenceLine.ONLY_ANOMALOUS -> "only in anomalous training sequences (" + e.trainingAnomalous + ")";
            case EvidenceLine.MOSTLY_ANOMALOUS -> "mostly in anomalous training sequences (" + e.trainingAnomalous + " of "
                    + e.trainingSequences + ")";
            case EvidenceLine.RARE -> "rare: in " + e.trainingSequences + " training sequences";
            case EvidenceLine.COUNT -> "occurs " + times(e.occurrences) + ", where normal training sequences have it "
                    + times(e.usualCount);
            default -> String.format(java.util.Locale.ROOT, "no unusual template; this one is the most often anomalous "
                    + "in training (%d of %d)", e.trainingAnomalous, e.trainingSequences);
        };
        String text = cut(e.text == null ? "template " + Long.toHexString(e.templateId) : e.text, 160);
        boolean counted = EvidenceLine.COUNT.equals(e.why); // its why says how often
        return "line " + e.position + (e.occurrences > 1 && !counted ? " (x" + e.occurrences + ")" : "") + " " + why + ": " + text;
    }

    private static String cut(String s, int width) {
        return s.length() > width ? s.substring(0, width - 3) + "..." : s;
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
