package dev.logsieve.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
     * report.html reads a large verdicts file in parts at once, one a core: the page must be the one
     * that reading it whole gives, the list of the most anomalous sequences included where many tie.
     */
    @Test
    void aVerdictsFileReadInPartsGivesThePageReadWhole(@TempDir java.nio.file.Path dir) throws Exception {
        java.util.Random random = new java.util.Random(11);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            int label = random.nextInt(10) == 0 ? 1 : 0;
            ObjectNode v = verdict(T0 + 60_000L * random.nextInt(90), 1 + random.nextInt(30), random.nextInt(3), label);
            v.put("key", "blk_" + i).put("score", label == 1 ? (random.nextBoolean() ? 1.0 : 0.9) : random.nextInt(50) / 100.0)
                    .put("length", 5 + random.nextInt(3));
            v.withArray("votes").set(0, random.nextInt(2));
            if (label == 1) {
                long template = random.nextInt(40);
                v.putObject("evidence").putArray("lines").addObject().put("position", 2).put("templateId", template)
                        .put("why", "unseen").put("text", "template " + template + " seen at " + i);
            }
            lines.append(JSON.writeValueAsString(v)).append('\n');
        }
        java.nio.file.Path verdicts = Files.writeString(dir.resolve("verdicts.jsonl"), lines);
        java.nio.file.Path report = Files.writeString(dir.resolve("report.json"), report().toString());

        String whole = page(report, verdicts, dir.resolve("whole.html"), 1);
        for (int parts : new int[] {2, 3, 7}) {
            assertThat(LineFileParts.boundaries(new Path(verdicts.toUri()), parts, 1024)).hasSize(parts + 1);
            assertThat(page(report, verdicts, dir.resolve(parts + ".html"), parts)).as("%d parts", parts).isEqualTo(whole);
        }
        assertThat(whole).contains("The 20 highest-scoring of 3,000 verdicts");
    }

    private static String page(java.nio.file.Path report, java.nio.file.Path verdicts, java.nio.file.Path html, int parts)
            throws Exception {
        ReportPage.write(new Path(report.toUri()), new Path(verdicts.toUri()), new Path(html.toUri()), 0.01, parts, 1024);
        return Files.readString(html);
    }
}
