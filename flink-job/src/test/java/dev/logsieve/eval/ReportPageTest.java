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

    /**
     * A backfill writes its verdicts in the order its tasks finish, which changes from run to run.
     * Many verdicts tie in score and length (every anomalous HDFS block copied 20 times does), and the
     * list of the most anomalous ones depended on which came first.
     */
    @Test
    void thePageDoesNotDependOnTheOrderOfTheVerdicts() throws Exception {
        java.util.Random random = new java.util.Random(11);
        java.util.List<ObjectNode> verdicts = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int label = random.nextInt(10) == 0 ? 1 : 0;
            ObjectNode v = verdict(T0 + 60_000L * random.nextInt(90), 5 + random.nextInt(3), random.nextInt(3), label);
            v.put("key", "blk_" + i).put("score", label == 1 ? (random.nextBoolean() ? 1.0 : 0.9) : random.nextInt(50) / 100.0);
            v.withArray("votes").set(0, random.nextInt(2));
            if (label == 1) {
                long template = random.nextInt(40);
                v.putObject("evidence").putArray("lines").addObject().put("position", 2).put("templateId", template)
                        .put("why", "unseen").put("text", "template " + template);
            }
            verdicts.add(v);
        }
        String inOrder = page(verdicts);
        for (int seed = 1; seed <= 3; seed++) {
            java.util.Collections.shuffle(verdicts, new java.util.Random(seed));
            assertThat(page(verdicts)).as("shuffled with seed %d", seed).isEqualTo(inOrder);
        }
        assertThat(inOrder).contains("The 20 highest-scoring of 3,000 verdicts");
    }

    private static String page(java.util.List<ObjectNode> verdicts) throws Exception {
        ReportPage page = new ReportPage(report(), 0.01);
        verdicts.forEach(page::add);
        return page.html();
    }
}
