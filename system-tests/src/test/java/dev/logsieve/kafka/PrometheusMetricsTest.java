package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.testing.Await;
import dev.logsieve.testing.Ports;
import dev.logsieve.testing.TestBundles;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code .ci/run} installs;
 * the test skips with a message where it is absent) scrapes the Prometheus reporter of a running
 * streaming job, configured as {@code docs/metrics.md} says, and the test asks Prometheus's HTTP
 * API for every series that page documents for the stages this job runs: each is there, on the
 * operator the page names, and {@code linesIn} summed over subtasks reaches the number of lines
 * sent. The stages only the LLM member adds ({@code verdict-cache}, {@code llm}) are left out: the
 * bundle here has dt, knn and mlp.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrometheusMetricsTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path METRICS_DOC = Path.of("..", "docs", "metrics.md");
    /** What the Prometheus reporter makes of a metric in an operator's scope. */
    private static final String PREFIX = "flink_taskmanager_job_task_operator_";
    private static final Set<String> ONLY_WITH_THE_LLM_MEMBER = Set.of("llm", "verdict-cache");
    private static final int REPORTER_PORT = Ports.free();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(flinkConfig())
            .build());

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Process prometheus;
    static int prometheusPort;

    private static final String SKIPPED = "no Prometheus server at " + PROMETHEUS
            + " (Debian package 'prometheus', which .ci/run installs): PrometheusMetricsTest is skipped";

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            System.err.println(SKIPPED);
            return;
        }
        kafka = EmbeddedKafka.start();
        prometheusPort = Ports.free();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "scrape_configs:",
                "  - job_name: logsieve",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + REPORTER_PORT + "']",
                ""));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await("Prometheus to be ready (its log: " + dir.resolve("prometheus.log") + ")", () -> {
            try {
                return get("/-/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void prometheusScrapesEveryDocumentedSeriesOfTheRunningJob() throws Exception {
        Assumptions.assumeTrue(prometheus != null, SKIPPED);
        Map<String, Set<String>> documented = documentedMetrics();
        documented.values().removeIf(ops -> ONLY_WITH_THE_LLM_MEMBER.containsAll(ops));
        assertThat(documented).as("docs/metrics.md, read").containsKeys("linesIn", "deadLetters", "invalidUtf8Lines",
                "verdictsAnomalous", "ensembleJudgeMicros", "correctionsIn");

        for (String t : List.of("lines", "verdicts", "dead", "fixes")) {
            kafka.createTopic(t, 1);
        }
        List<String> lines = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(5).withBlocks(60)
                .withBlockLifetime(Duration.ofMinutes(2))).lines(l -> { }).toList();
        Path bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 300, 1);
        JobClient job = submit(bundle);
        try {
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (String l : lines) {
                    producer.send(new ProducerRecord<>("lines", l.getBytes(StandardCharsets.UTF_8)));
                }
                producer.send(new ProducerRecord<>("lines", "not a log line".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>("fixes", "{\"broken\"".getBytes(StandardCharsets.UTF_8)));
            }
            long sent = lines.size() + 1;
            await("Prometheus to show linesIn = " + sent, () -> sum("linesIn") == sent);
            await("Prometheus to show one dead letter", () -> sum("deadLetters") == 1);

            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Set<String>> m : documented.entrySet()) {
                Set<String> operators = new TreeSet<>();
                for (JsonNode series : query("{__name__=~\"" + PREFIX + m.getKey() + "(_count|_sum)?\"}")) {
                    operators.add(series.path("metric").path("operator_name").asText());
                }
                // The reporter writes label values with characters other than [a-zA-Z0-9_:] as '_'.
                boolean onItsOperator = operators.stream().anyMatch(o -> m.getValue().stream()
                        .anyMatch(d -> o.startsWith(d.replaceAll("[^a-zA-Z0-9_:]", "_"))));
                if (!onItsOperator) {
                    missing.add(m.getKey() + " (documented on " + m.getValue() + ", found on " + operators + ")");
                }
            }
            assertThat(missing).as("documented series missing from Prometheus").isEmpty();
            System.out.printf("Prometheus %s scraped %d documented series of the running job; linesIn %d%n",
                    version(), documented.size(), (long) sum("linesIn"));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Metric name -> the operators docs/metrics.md names for it, from its table. */
    static Map<String, Set<String>> documentedMetrics() throws IOException {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String row : Files.readAllLines(METRICS_DOC)) {
            String[] cells = row.split("\\|");
            if (!row.startsWith("| `") || cells.length < 5) {
                continue;
            }
            Set<String> operators = new TreeSet<>();
            for (Matcher o = code.matcher(cells[3]); o.find(); ) {
                operators.add(o.group(1));
            }
            for (Matcher n = code.matcher(cells[1]); n.find(); ) {
                metrics.put(n.group(1), operators);
            }
        }
        return metrics;
    }

    private static JobClient submit(Path bundle) throws Exception {
        Configuration conf = StreamJobTest.jobConfig(kafka.bootstrap(), dir, "lines", "verdicts", "dead", "fixes", "metrics");
        Configuration all = StreamSettings.withDefaults(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(all);
        env.configure(all);
        env.setParallelism(2);
        StreamJob.kafka(all).build(env, all, bundle.toString());
        return env.executeAsync("logsieve stream (metrics test)");
    }

    /** The reporter as docs/metrics.md configures it, on a free port. */
    private static Configuration flinkConfig() {
        Configuration c = new Configuration();
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
        c.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", String.valueOf(REPORTER_PORT));
        return c;
    }

    /** The sum over subtasks of an operator metric, as Prometheus has it now (-1 while it has none). */
    private static double sum(String metric) {
        try {
            JsonNode result = query("sum(" + PREFIX + metric + ")");
            return result.isEmpty() ? -1 : result.get(0).path("value").get(1).asDouble();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(promql + ": " + r.body()).isEqualTo("success");
        return body.path("data").path("result");
    }

    private static String version() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/status/buildinfo").body()).path("data").path("version").asText();
    }

    private static HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }


    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(90), condition);
    }
}
