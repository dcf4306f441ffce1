package dev.logsieve.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.BackfillJob;
import dev.logsieve.testing.TestBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} of a labeled backfill, opened in a real headless Chromium (Debian's
 * {@code chromium}, which {@code .ci/run} installs; skipped, saying so, where it is absent): every
 * section renders with its content, the page asks the network for nothing (Chromium's own network
 * log of the visit has no request the page made; a control page with one outside image shows the
 * check catches one), and a screenshot is kept at
 * {@code system-tests/target/report-page.png}.
 */
class ReportPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void everySectionRendersAndThePageMakesNoNetworkRequest() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "no /usr/bin/chromium (Debian's chromium package, which .ci/run installs): the browser test is skipped");
        Path bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 600, 1);
        Path log = dir.resolve("test.log");
        Path labels = dir.resolve("labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(9).withBlocks(400).withAnomalyFraction(0.1)).write(log, labels);
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(EvalOptions.LABELS, labels.toString());
        Path out = dir.resolve("out");
        new BackfillJob(List.of(log), bundle, out, conf, 2).run(null);
        Path page = out.resolve(ReportPage.FILE);
        assertThat(page).exists();

        Path netLog = dir.resolve("netlog.json");
        String dom = chromium(List.of("--log-net-log=" + netLog, "--dump-dom", page.toUri().toString()));
        Document d = Jsoup.parse(dom);
        for (String id : ReportPage.SECTIONS) {
            Element section = d.getElementById(id);
            assertThat(section).as("section " + id).isNotNull();
            assertThat(section.selectFirst("h2")).as(id + " heading").isNotNull();
            assertThat(section.text().length()).as(id + " has content").isGreaterThan(section.selectFirst("h2").text().length());
        }
        assertThat(d.select("#threshold svg polyline")).as("precision and recall lines").hasSize(2);
        assertThat(d.select("#anomalies-over-time svg rect")).as("anomaly bars").isNotEmpty();
        assertThat(d.select("#unseen-over-time svg polyline")).hasSize(1);
        assertThat(d.select("#top-sequences tr")).as("anomalous sequences listed").hasSizeGreaterThan(5);
        assertThat(d.select("#anomalous-templates td.text").text()).contains("exception");
        assertThat(d.select("#agreement th").eachText()).contains("dt", "knn", "mlp");
        assertThat(d.select("script, link, img, iframe, object, embed")).as("nothing that loads anything").isEmpty();

        assertThat(pageRequests(netLog)).as("requests the page made, from Chromium's network log").isEmpty();
        // The check catches a page that does load something: one image from elsewhere.
        Path control = Files.writeString(dir.resolve("control.html"), "<html><body><img src=\"http://example.invalid/x.png\"></body></html>");
        Path controlLog = dir.resolve("control-netlog.json");
        chromium(List.of("--log-net-log=" + controlLog, "--dump-dom", control.toUri().toString()));
        assertThat(pageRequests(controlLog)).containsExactly("http://example.invalid/x.png");

        Path screenshot = Path.of("target", "report-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(List.of("--window-size=1280,4200", "--screenshot=" + screenshot, page.toUri().toString()));
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
        System.out.printf("report.html: %d sections rendered by %s, no request made by the page, screenshot %s%n",
                ReportPage.SECTIONS.size(), CHROMIUM, screenshot);
    }

    /** Runs headless Chromium with the flags that keep it off the network by itself; returns what it printed. */
    private String chromium(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium's exit code; its output: " + dir.resolve("chromium.err")).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The URLs a page asked for, from a Chromium network log ({@code --log-net-log}): requests with
     * an initiator. Chromium's own requests (its clock, account and update checks, which this
     * machine refuses) have none ("not an origin").
     */
    private static List<String> pageRequests(Path netLog) throws java.io.IOException {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        int startJob = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
        List<String> out = new ArrayList<>();
        for (JsonNode e : log.path("events")) {
            JsonNode params = e.path("params");
            if (e.path("type").asInt() == startJob && params.has("initiator")
                    && !params.get("initiator").asText().equals("not an origin") && !params.path("url").asText().startsWith("file:")) {
                out.add(params.path("url").asText());
            }
        }
        return out;
    }
}
