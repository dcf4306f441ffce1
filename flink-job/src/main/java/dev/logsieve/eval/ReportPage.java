package dev.logsieve.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.event.ProtoCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * {@code report.html}: a run's report for people, one self-contained file (inline CSS and SVG, no
 * script, font or address of anything outside it), from {@code report.json} and the verdicts. Its
 * sections: the summary, the confusion matrix, precision and recall against the threshold,
 * anomalies over time, the unseen-template rate over time (the drift signal, with the share from
 * which retraining is advised), the templates most often named by anomalous verdicts' evidence,
 * agreement between the members, and the most anomalous sequences with their evidence. The verdicts
 * are read once, as they come; only their sums and the top sequences are kept.
 */
public final class ReportPage {
    public static final String FILE = "report.html";
    /** The sections, by their element id, in order. */
    public static final List<String> SECTIONS = List.of("summary", "confusion", "threshold", "anomalies-over-time",
            "unseen-over-time", "anomalous-templates", "agreement", "top-sequences");
    private static final int TOP = 20;
    private static final int BUCKETS = 60;
    /** A stretch of time with fewer lines says too little about drift to advise retraining. */
    static final int MIN_LINES_TO_ADVISE = 500;
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode report;
    private final double retrainShare;
    /** Verdict scores in hundredths, by true label: [0] normal, [1] anomalous. */
    private final long[][] scores = new long[2][101];
    /** Per minute of the sequences' ends: sequences, anomalous, lines, lines of unseen templates. */
    private final TreeMap<Long, long[]> minutes = new TreeMap<>();
    private final Map<Long, long[]> templateCounts = new HashMap<>();
    private final Map<Long, String> templateTexts = new HashMap<>();
    /**
     * The most anomalous verdicts. Ties in score and length go by key: the verdicts file's order
     * changes from run to run with the order the job's tasks finish in, and the page should not.
     */
    private final PriorityQueue<Line> top = new PriorityQueue<>(Comparator.comparingDouble((Line v) -> v.score)
            .thenComparingLong(v -> v.length).thenComparing(v -> v.key == null ? "" : v.key));
    private String[] members;
    private long[][] agreement;
    private long[] anomalousVotes;
    private long verdicts;
    private String rule;
    private double threshold = Double.NaN;

    /**
     * @param report the run's {@code report.json}
     * @param retrainShare the share of lines of unseen templates from which retraining is advised
     */
    public ReportPage(JsonNode report, double retrainShare) {
        this.report = report;
        this.retrainShare = retrainShare;
    }

    /**
     * Writes {@code report.html} into a run's output directory (a path or file system URI) from the
     * {@code report.json} and the verdicts ({@code verdicts.jsonl} or {@code verdicts.pb}) there.
     */
    public static void writeIn(String dir, double retrainShare) throws IOException {
        Path jsonl = new Path(dir, "verdicts.jsonl");
        Path pb = new Path(dir, "verdicts.pb");
        Path verdicts = jsonl.getFileSystem().exists(jsonl) ? jsonl : pb.getFileSystem().exists(pb) ? pb : null;
        write(new Path(dir, "report.json"), verdicts, new Path(dir, FILE), retrainShare);
    }

    /**
     * Writes the page of {@code report} (a {@code report.json}) and {@code verdicts} (JSON lines, or
     * length-delimited protobuf when the name ends in {@code .pb}; null for none) to {@code html}.
     */
    public static void write(Path report, Path verdicts, Path html, double retrainShare) throws IOException {
        ReportPage page;
        try (InputStream in = open(report)) {
            page = new ReportPage(JSON.readTree(in), retrainShare);
        }
        if (verdicts != null && verdicts.getName().endsWith(".pb")) {
            try (InputStream in = open(verdicts)) {
                for (dev.logsieve.proto.Verdict v; (v = dev.logsieve.proto.Verdict.parseDelimitedFrom(in)) != null; ) {
                    page.add(JSON.convertValue(ProtoCodec.fromProto(v), Line.class));
                }
            }
        } else if (verdicts != null) {
            try (InputStream in = open(verdicts);
                    MappingIterator<Line> lines = JSON.readerFor(Line.class).readValues(in)) {
                while (lines.hasNext()) {
                    page.add(lines.next());
                }
            }
        }
        try (OutputStream os = html.getFileSystem().create(html, FileSystem.WriteMode.OVERWRITE)) {
            os.write(page.html().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static InputStream open(Path p) throws IOException {
        return p.getFileSystem().open(p);
    }

    /** Takes one verdict (as written to {@code verdicts.jsonl}) into the sums. */
    public void add(JsonNode v) {
        try {
            add(JSON.treeToValue(v, Line.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a verdict: " + v, e);
        }
    }

    private void add(Line v) {
        verdicts++;
        boolean anomalous = v.label == 1;
        if (v.trueLabel >= 0) {
            scores[v.trueLabel == 1 ? 1 : 0][(int) Math.round(Math.max(0, Math.min(1, v.score)) * 100)]++;
        }
        if (rule == null && v.rule != null) {
            rule = v.rule;
            threshold = v.threshold;
        }
        if (v.end > 0) {
            long[] m = minutes.computeIfAbsent(Math.floorDiv(v.end, 60_000L), k -> new long[4]);
            m[0]++;
            m[1] += anomalous ? 1 : 0;
            m[2] += v.length;
            m[3] += v.unseenTemplates;
        }
        for (JsonNode e : v.evidence("lines")) {
            long id = e.path("templateId").asLong();
            templateCounts.computeIfAbsent(id, k -> new long[1])[0]++;
            if (e.hasNonNull("text")) {
                templateTexts.putIfAbsent(id, e.get("text").asText());
            }
        }
        addVotes(v.members, v.votes);
        if (anomalous) {
            top.add(v);
            if (top.size() > TOP) {
                top.poll();
            }
        }
    }

    private void addVotes(String[] names, int[] votes) {
        if (names == null || names.length == 0) {
            return;
        }
        if (members == null) {
            members = names.clone();
            agreement = new long[members.length][members.length];
            anomalousVotes = new long[members.length + 1];
        }
        int n = Math.min(members.length, votes == null ? 0 : votes.length);
        int yes = 0;
        for (int i = 0; i < n; i++) {
            yes += votes[i] == 1 ? 1 : 0;
            for (int j = 0; j < n; j++) {
                agreement[i][j] += votes[i] == votes[j] ? 1 : 0;
            }
        }
        anomalousVotes[yes]++;
    }

    /**
     * The fields of a verdict that the page reads. Jackson binds them and skips the rest of each
     * line, where a tree of every line cost most of the page's time on a large backfill.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Line {
        public String key;
        public int label;
        public int trueLabel = -1;
        public double score;
        public String rule;
        public double threshold;
        public long end;
        public long length;
        public long unseenTemplates;
        public String[] members;
        public int[] votes;
        /** Null for most verdicts: only anomalous ones carry evidence. */
        public JsonNode evidence;

        /** The evidence's array {@code field}, empty when there is none. */
        Iterable<JsonNode> evidence(String field) {
            return evidence == null ? List.of() : evidence.path(field);
        }
    }

    /** The page. */
    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Logsieve report</title><style>"
                + "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}table{border-collapse:collapse;margin:.5em 0}"
                + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f2f2f2}"
                + "td.text{text-align:left;font-family:monospace}section{margin-bottom:2em}.note{color:#555}"
                + "</style></head><body>\n<h1>Logsieve report</h1>\n");
        summary(sb);
        confusion(sb);
        threshold(sb);
        overTime(sb);
        templates(sb);
        agreement(sb);
        topSequences(sb);
        return sb.append("</body></html>\n").toString();
    }

    private static void open(StringBuilder sb, String id, String title) {
        sb.append("<section id=\"").append(id).append("\"><h2>").append(title).append("</h2>\n");
    }

    private void summary(StringBuilder sb) {
        open(sb, "summary", "Summary");
        sb.append("<table>");
        for (String f : List.of("lines", "sequences", "precision", "recall", "f1", "seconds", "lines_per_second")) {
            if (report.has(f)) {
                row(sb, f.replace('_', ' '), report.get(f));
            }
        }
        report.path("details").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                row(sb, e.getKey().replace('_', ' '), e.getValue());
            }
        });
        sb.append("</table>\n");
        for (JsonNode w : report.path("warnings")) {
            sb.append("<p class=\"note\">Warning: ").append(escape(w.asText())).append("</p>\n");
        }
        sb.append("</section>\n");
    }

    private static void row(StringBuilder sb, String name, JsonNode value) {
        String shown = value.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble())
                : String.format(Locale.ROOT, "%,d", value.asLong());
        sb.append("<tr><th>").append(escape(name)).append("</th><td>").append(shown).append("</td></tr>");
    }

    private void confusion(StringBuilder sb) {
        open(sb, "confusion", "Confusion matrix");
        if (!report.has("tp")) {
            sb.append("<p class=\"note\">No labels: nothing to score. Give the run labels (--labels) to see it.</p></section>\n");
            return;
        }
        sb.append(String.format(Locale.ROOT, "<table><tr><th></th><th>flagged anomalous</th><th>judged normal</th></tr>"
                + "<tr><th>anomalous</th><td>%,d</td><td>%,d</td></tr><tr><th>normal</th><td>%,d</td><td>%,d</td></tr></table>%n",
                report.get("tp").asLong(), report.get("fn").asLong(), report.get("fp").asLong(), report.get("tn").asLong()));
        JsonNode dedup = report.path("dedup");
        if (dedup.has("f1")) {
            sb.append(String.format(Locale.ROOT, "<p>De-duplicated (sequences that training never saw): %,d sequences, "
                    + "F1 %.4f.</p>%n", dedup.path("sequences").asLong(), dedup.get("f1").asDouble()));
        }
        sb.append("</section>\n");
    }

    private void threshold(StringBuilder sb) {
        open(sb, "threshold", "Precision and recall against the threshold");
        long anomalous = sum(scores[1]);
        if (anomalous == 0) {
            sb.append("<p class=\"note\">No anomalous sequence with a known label: nothing to draw.</p></section>\n");
            return;
        }
        List<String> labels = new ArrayList<>();
        double[] precision = new double[51];
        double[] recall = new double[51];
        for (int t = 0; t <= 50; t++) {
            long tp = 0;
            long fp = 0;
            for (int s = t * 2; s <= 100; s++) {
                tp += scores[1][s];
                fp += scores[0][s];
            }
            precision[t] = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
            recall[t] = (double) tp / anomalous;
            labels.add(String.format(Locale.ROOT, "%.2f", t / 50.0));
        }
        sb.append(Svg.lines("precision and recall for a verdict at or above each score", labels,
                List.of(new Svg.Series("precision", precision), new Svg.Series("recall", recall)), 1.0, Double.NaN, ""));
        sb.append(String.format(Locale.ROOT, "<p>A sequence is flagged when the vote's score reaches the threshold; this "
                + "run's rule: %s, threshold %.2f. x: threshold, y: share.</p></section>%n", escape(rule == null ? "?" : rule),
                threshold));
    }

    private void overTime(StringBuilder sb) {
        open(sb, "anomalies-over-time", "Anomalies over time");
        if (minutes.isEmpty()) {
            sb.append("<p class=\"note\">The sequences carry no time.</p></section>\n");
            open(sb, "unseen-over-time", "Unseen templates over time");
            sb.append("<p class=\"note\">The sequences carry no time.</p></section>\n");
            return;
        }
        long first = minutes.firstKey();
        long width = Math.max(1, (minutes.lastKey() - first) / BUCKETS + 1);
        int n = (int) ((minutes.lastKey() - first) / width + 1);
        long[][] buckets = new long[n][4];
        minutes.forEach((minute, c) -> {
            long[] b = buckets[(int) ((minute - first) / width)];
            for (int i = 0; i < 4; i++) {
                b[i] += c[i];
            }
        });
        List<String> labels = new ArrayList<>();
        double[] anomalies = new double[n];
        double[] unseen = new double[n];
        String retrainFrom = null;
        for (int i = 0; i < n; i++) {
            Instant at = Instant.ofEpochSecond((first + i * width) * 60);
            labels.add(TIME.format(at));
            anomalies[i] = buckets[i][1];
            unseen[i] = buckets[i][2] == 0 ? 0 : (double) buckets[i][3] / buckets[i][2];
            if (retrainFrom == null && unseen[i] > retrainShare && buckets[i][2] >= MIN_LINES_TO_ADVISE) {
                retrainFrom = at.toString();
            }
        }
        sb.append(Svg.bars("anomalous sequences per " + width + " min", labels, anomalies));
        sb.append(String.format(Locale.ROOT, "<p>Anomalous sequences by when they ended, per %d min (UTC).</p></section>%n",
                width));
        open(sb, "unseen-over-time", "Unseen templates over time");
        double max = 0;
        for (double u : unseen) {
            max = Math.max(max, u);
        }
        sb.append(Svg.lines("share of lines whose template training never saw", labels,
                List.of(new Svg.Series("unseen share", unseen)), max, retrainShare,
                String.format(Locale.ROOT, "retraining advised above %.1f %%", retrainShare * 100)));
        sb.append(retrainFrom == null
                ? String.format(Locale.ROOT, "<p>The share of lines of unseen templates stays below %.1f %% (wherever %,d lines "
                        + "or more tell): the logs look like what the models were trained on.</p>", retrainShare * 100,
                        MIN_LINES_TO_ADVISE)
                : String.format(Locale.ROOT, "<p><b>Retraining advised</b>: from %s on, more than %.1f %% of the lines have "
                        + "templates training never saw (logsieve.report.retrain-unseen-share).</p>", retrainFrom, retrainShare * 100));
        sb.append("</section>\n");
    }

    private void templates(StringBuilder sb) {
        open(sb, "anomalous-templates", "Templates most often named by anomalous verdicts");
        if (templateCounts.isEmpty()) {
            sb.append("<p class=\"note\">No evidence: no anomalous verdict, or a bundle without template counts.</p></section>\n");
            return;
        }
        sb.append("<table><tr><th>verdicts</th><th>template</th></tr>");
        // Ties go by template id, so that the order does not depend on the order the verdicts were read in.
        templateCounts.entrySet().stream().sorted(Map.Entry.<Long, long[]>comparingByValue(Comparator.comparingLong(c -> -c[0]))
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(15).forEach(e -> sb.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td class=\"text\">%s</td></tr>",
                        e.getValue()[0], escape(templateTexts.getOrDefault(e.getKey(), Long.toHexString(e.getKey()))))));
        sb.append("</table></section>\n");
    }

    private void agreement(StringBuilder sb) {
        open(sb, "agreement", "Agreement between members");
        if (members == null) {
            sb.append("<p class=\"note\">The verdicts carry no votes.</p></section>\n");
            return;
        }
        long all = sum(anomalousVotes);
        sb.append("<table><tr><th></th>");
        for (String m : members) {
            sb.append("<th>").append(escape(m)).append("</th>");
        }
        sb.append("</tr>");
        for (int i = 0; i < members.length; i++) {
            sb.append("<tr><th>").append(escape(members[i])).append("</th>");
            for (int j = 0; j < members.length; j++) {
                sb.append(String.format(Locale.ROOT, "<td>%.1f %%</td>", 100.0 * agreement[i][j] / Math.max(1, all)));
            }
            sb.append("</tr>");
        }
        sb.append("</table><p>Share of verdicts on which two members voted the same. Members voting anomalous: ");
        for (int k = 0; k < anomalousVotes.length; k++) {
            sb.append(String.format(Locale.ROOT, "%s%d: %,d", k == 0 ? "" : ", ", k, anomalousVotes[k]));
        }
        sb.append(" verdicts.</p></section>\n");
    }

    private void topSequences(StringBuilder sb) {
        open(sb, "top-sequences", "Most anomalous sequences");
        if (top.isEmpty()) {
            sb.append("<p class=\"note\">No anomalous verdict.</p></section>\n");
            return;
        }
        List<Line> sorted = new ArrayList<>(top);
        sorted.sort(top.comparator().reversed());
        sb.append("<table><tr><th>sequence</th><th>score</th><th>lines</th><th>evidence</th><th>members</th></tr>");
        for (Line v : sorted) {
            StringBuilder ev = new StringBuilder();
            for (JsonNode e : v.evidence("lines")) {
                ev.append("line ").append(e.path("position").asInt()).append(" (").append(escape(e.path("why").asText()))
                        .append("): ").append(escape(e.path("text").asText(""))).append("<br>");
            }
            StringBuilder why = new StringBuilder();
            for (JsonNode r : v.evidence("members")) {
                why.append(escape(r.path("summary").asText(""))).append("<br>");
            }
            sb.append(String.format(Locale.ROOT, "<tr><td class=\"text\">%s</td><td>%.2f</td><td>%d</td><td class=\"text\">%s</td>"
                    + "<td class=\"text\">%s</td></tr>", escape(v.key == null ? "" : v.key), v.score, v.length, ev, why));
        }
        sb.append(String.format(Locale.ROOT, "</table><p>The %d highest-scoring of %,d verdicts.</p></section>%n", sorted.size(),
                verdicts));
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    /** Text made safe to put inside HTML. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
