package dev.logsieve.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.EvidenceLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.MemberReason;
import dev.logsieve.event.Verdict;
import dev.logsieve.event.VerdictEvidence;
import org.junit.jupiter.api.Test;

/** What the alert console prints for a raised alert: its evidence lines, then one line per member. */
class AlertPrintSinkTest {

    private static Verdict alert() {
        Verdict v = new Verdict();
        v.key = "blk_1";
        v.end = 1_226_263_331_000L;
        v.length = 5;
        v.label = Labels.ANOMALOUS;
        v.members = new String[] {"dt", "knn"};
        v.votes = new int[] {1, 0};
        v.scores = new double[] {0.98, 0.0};
        v.rule = "weighted";
        v.threshold = 0.4;
        v.score = 0.7;
        v.alert = Verdict.RAISED;
        EvidenceLine[] lines = new EvidenceLine[4];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = new EvidenceLine(i + 1, i, "line " + i + " <*>", EvidenceLine.UNSEEN, 0, 0, 1, 0);
        }
        v.evidence = new VerdictEvidence(lines, new MemberReason[] {
            new MemberReason("dt", "dt anomalous (0.98): leaf of 41 training sequences, 41 anomalous; 'x <*>' x1 (> 0)"),
            new MemberReason("knn", "knn normal (0.00): nearest training blk_7 (normal, distance 0.00)" + "!".repeat(400)),
        });
        return v;
    }

    @Test
    void underAnAlertComeItsFirstLinesThenEachMembersReason() {
        String[] out = AlertPrintSink.format(alert()).split(System.lineSeparator());

        assertThat(out[0]).startsWith("ALERT 2008-11-09T20:42:11Z blk_1  revision 1 (final)  5 lines  votes dt=0.98 knn=0.00");
        assertThat(out[1]).isEqualTo("    line 1 never seen in training: line 0 <*>");
        assertThat(out[3]).isEqualTo("    line 3 never seen in training: line 2 <*>");
        assertThat(out[4]).isEqualTo("    ... and 1 more unusual templates (verdicts.jsonl: evidence)");
        assertThat(out[5]).isEqualTo("    dt anomalous (0.98): leaf of 41 training sequences, 41 anomalous; 'x <*>' x1 (> 0)");
        assertThat(out[6]).startsWith("    knn normal (0.00): nearest training blk_7").endsWith("...")
                .hasSize(4 + AlertPrintSink.REASON_WIDTH);
        assertThat(out).hasSize(7);
    }

    @Test
    void aResolvedAlertPrintsNoEvidence() {
        Verdict v = alert();
        v.alert = Verdict.RESOLVED;
        assertThat(AlertPrintSink.format(v)).startsWith("RESOLVED ").doesNotContain(System.lineSeparator());
    }
}
