package dev.logsieve.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What report.html says, from a report and verdicts made up here (the browser test renders a real one). */
class ReportPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_226_262_000_000L; // 2008-11-09T20:20:00Z

    private static JsonNode report() throws Exception {
        return JSON.readTree("{\"sequences\": 3, \"tp\": 1, \"fp\": 0, \"fn\": 0, \"tn\": 2, \"f1\": 1.0, \"lines\": 1200}");
    }

    private static ObjectNode verdict(long end, int length, int unseen, int label) {
        ObjectNode v = JSON.createObjectNode();
        v.put("key", "blk_" + end).put("end", end).put("length", length).put("unseenTemplates", unseen).put("label", label)
                .put("trueLabel", label).put("score", label).put("rule", "majority").put("threshold", 0.5);
        v.putArray("members").add("dt").add("knn");
        v.putArray("votes").add(label).add(label);
        return v;
    }

    @Test
    void retrainingIsAdvisedWhereEnoughLinesHaveUnseenTemplates() throws Exception {
        ReportPage calm = new ReportPage(report(), 0.01);
        calm.add(verdict(T0, 600, 0, 0));
        calm.add(verdict(T0 + 3_600_000, 5, 3, 0)); // 60 % unseen, but of 5 lines: too few to tell
        assertThat(calm.html()).contains("stays below 1.0 %").doesNotContain("<b>Retraining advised</b>");

        ReportPage drifting = new ReportPage(report(), 0.01);
        drifting.add(verdict(T0, 600, 0, 0));
        drifting.add(verdict(T0 + 3_600_000, 600, 30, 0)); // 5 % of 600 lines
        assertThat(drifting.html()).contains("<b>Retraining advised</b>: from 2008-11-09T21:20:00Z");
    }

    @Test
    void everySectionIsThereAndTextFromTheLogsIsEscaped() throws Exception {
        ReportPage page = new ReportPage(report(), 0.01);
        ObjectNode bad = verdict(T0, 7, 1, 1);
        ObjectNode evidence = bad.putObject("evidence");
        evidence.putArray("lines").addObject().put("position", 3).put("templateId", 42).put("why", "unseen")
                .put("text", "<script>alert(1)</script> & more");
        evidence.putArray("members").addObject().put("member", "dt").put("summary", "dt anomalous (1.00): 'a <b>' x1 (> 0)");
        page.add(bad);
        page.add(verdict(T0 + 60_000, 9, 0, 0));
        String html = page.html();
        for (String id : ReportPage.SECTIONS) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
                .contains("dt anomalous (1.00): 'a &lt;b&gt;' x1 (&gt; 0)");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }
}
