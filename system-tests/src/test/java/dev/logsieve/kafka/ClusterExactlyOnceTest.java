package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.cli.JobMain;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.testing.Await;
import dev.logsieve.testing.ProcessCluster;
import dev.logsieve.testing.ReportJson;
import dev.logsieve.testing.TestBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on a real multi-process deployment: a Kafka broker in its own JVM, a Flink
 * session cluster of a JobManager and two TaskManagers each in its own JVM with Flink's jars only,
 * and the shaded job jar submitted with Flink's CLI. Mid-stream one TaskManager is killed with
 * SIGKILL and another started; the job restores from its last checkpoint. Read with
 * {@code isolation.level=read_committed}, every block then has revisions 1..n without a gap or a
 * repeat and exactly one final verdict, and each final verdict counts every line its block had.
 * Then a backfill runs on the same cluster, submitted through the REST API, and its report (written
 * by the job) must equal the same backfill's run in this JVM.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterExactlyOnceTest {
    private static final Path JOB_JAR = Path.of("..", "flink-job", "target", "logsieve-flink-job-0.1.0-SNAPSHOT-job.jar");
    private static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept when the test fails: the processes' logs are in its cluster/ folder. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killingATaskManagerLosesAndDoublesNothing() throws Exception {
        Assumptions.assumeTrue(Files.exists(ProcessCluster.CLASSPATH) && Files.exists(JOB_JAR),
                "the cluster classpath and the job jar are built by 'mvn verify' from the root; not there, so skipped");
        Path bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 400, 1);
        Map<String, Integer> linesPerBlock = new HashMap<>();
        List<String> lines = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(21).withBlocks(200)
                .withAnomalyFraction(0.1).withBlockLifetime(Duration.ofMinutes(2)).withBlocksPerSecond(0.2))
                .lines(l -> { }).toList();
        for (String l : lines) {
            Matcher m = BLOCK.matcher(l);
            if (m.find()) {
                linesPerBlock.merge(m.group(), 1, Integer::sum);
            }
        }

        try (ProcessCluster cluster = ProcessCluster.start(Files.createDirectories(dir.resolve("cluster")), 2)) {
            EmbeddedKafka kafka = EmbeddedKafka.at(cluster.kafkaBootstrap());
            kafka.createTopic("lines", 2);
            kafka.createTopic("verdicts", 1);
            kafka.createTopic("dead", 1);
            String job = cluster.submit(JOB_JAR, StreamJob.class.getName(), List.of(
                    "-Dlogsieve.models=" + bundle.toAbsolutePath(),
                    "-Dlogsieve.format=hdfs",
                    "-Dlogsieve.kafka.bootstrap-servers=" + cluster.kafkaBootstrap(),
                    "-Dlogsieve.kafka.input-topic=lines",
                    "-Dlogsieve.kafka.output-topic=verdicts",
                    "-Dlogsieve.kafka.dead-letter-topic=dead",
                    "-Dlogsieve.kafka.starting-offsets=EARLIEST",
                    "-Dlogsieve.kafka.transaction-timeout=2min",
                    "-Dlogsieve.window.session-gap=3min",
                    "-Dlogsieve.window.session-lifetime=10min",
                    "-Dlogsieve.watermark.out-of-orderness=1min",
                    "-Dexecution.checkpointing.interval=1s",
                    "-Dexecution.checkpointing.dir=" + dir.resolve("checkpoints").toUri(),
                    "-Drestart-strategy.type=fixed-delay",
                    "-Drestart-strategy.fixed-delay.attempts=20",
                    "-Drestart-strategy.fixed-delay.delay=1s"));
            System.out.printf("cluster: Kafka broker, JobManager and 2 TaskManagers, each its own JVM (logs in %s); job %s%n",
                    cluster.dir(), job);

            int n = lines.size();
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                StreamJobTest.send(producer, "lines", lines.subList(0, n / 2));
                Await.until("first committed verdicts (job " + cluster.jobState(job) + ")", Duration.ofSeconds(120),
                        () -> !kafka.readCommitted("verdicts").isEmpty());
                long pid = cluster.killTaskManager(0);
                System.out.printf("killed TaskManager 1 (pid %d) with SIGKILL after %d committed verdicts%n", pid,
                        kafka.readCommitted("verdicts").size());
                cluster.startTaskManager();
                cluster.awaitTaskManagers(2);
                StreamJobTest.send(producer, "lines", lines.subList(n / 2, n));
                StreamJobTest.sendTicks(producer, "lines", 2, "081110 000000");
                Await.until("a final verdict for every block", Duration.ofSeconds(150),
                        () -> finals(kafka).keySet().containsAll(linesPerBlock.keySet()));
                Thread.sleep(3000); // a few more checkpoints: any duplicate would be committed by now
                // The killed TaskManager ran subtasks (one slot on each), so the job failed over; the REST
                // API's metrics lag by up to metrics.fetcher.update-interval (10 s).
                Await.until("numRestarts > 0 through the REST API", Duration.ofSeconds(30), () -> cluster.restarts(job) > 0);
                System.out.printf("the job restarted %d time(s) after the kill and is %s%n", cluster.restarts(job),
                        cluster.jobState(job));
            } finally {
                cluster.cancel(job);
            }

            Map<String, List<JsonNode>> revisions = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("verdicts")) {
                JsonNode v = JSON.readTree(r.value());
                if (linesPerBlock.containsKey(v.get("key").asText())) {
                    revisions.computeIfAbsent(v.get("key").asText(), k -> new ArrayList<>()).add(v);
                }
            }
            assertThat(revisions.keySet()).isEqualTo(linesPerBlock.keySet());
            long verdicts = 0;
            for (Map.Entry<String, List<JsonNode>> e : revisions.entrySet()) {
                List<JsonNode> list = e.getValue();
                verdicts += list.size();
                for (int i = 0; i < list.size(); i++) {
                    assertThat(list.get(i).get("revision").asInt()).as(e.getKey() + " revision " + (i + 1)).isEqualTo(i + 1);
                    assertThat(list.get(i).get("final").asBoolean()).as(e.getKey() + " final only last").isEqualTo(i == list.size() - 1);
                }
                assertThat(list.get(list.size() - 1).get("length").asInt()).as(e.getKey() + " lines in its final verdict")
                        .isEqualTo(linesPerBlock.get(e.getKey()));
            }
            System.out.printf("checked: %,d lines sent, %,d blocks, each with revisions 1..n and one final verdict "
                    + "counting all its lines (%,d verdicts committed, none doubled)%n", n, revisions.size(), verdicts);

            backfillThroughRestWritesTheSameReportAsInProcess(cluster, bundle);
        }
    }

    /**
     * A backfill on the same cluster, its jar uploaded and run through the REST API as the web UI
     * does: {@code main} runs inside the JobManager, where no client can wait for the job's result,
     * so the job writes {@code report.json} itself. It must finish, leave the JobManager up, and say
     * what the same backfill run in this JVM says.
     */
    private void backfillThroughRestWritesTheSameReportAsInProcess(ProcessCluster cluster, Path bundle) throws Exception {
        Path log = dir.resolve("backfill.log");
        Path labels = dir.resolve("backfill-labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(22).withBlocks(150).withAnomalyFraction(0.1))
                .write(log, labels);
        Path onCluster = dir.resolve("backfill-rest");
        Path inProcess = dir.resolve("backfill-local");
        String job = cluster.submitThroughRest(JOB_JAR, JobMain.class.getName(), backfill(bundle, log, labels, onCluster));
        Await.until("the backfill submitted through REST to end (job " + job + ")", Duration.ofSeconds(120),
                () -> List.of("FINISHED", "FAILED", "CANCELED").contains(cluster.jobState(job)));
        assertThat(cluster.jobState(job)).as("backfill job " + job + "; see " + cluster.dir()).isEqualTo("FINISHED");
        assertThat(cluster.get("/overview")).as("the JobManager still answers after the program's main ended").isNotNull();
        assertThat(onCluster.resolve("report.json")).as("written by the job itself").exists();

        JobMain.main(backfill(bundle, log, labels, inProcess).toArray(String[]::new));
        JsonNode fromCluster = ReportJson.withoutTimes(JSON.readTree(onCluster.resolve("report.json").toFile()));
        JsonNode local = ReportJson.withoutTimes(JSON.readTree(inProcess.resolve("report.json").toFile()));
        assertThat(fromCluster).isEqualTo(local);

        // Attached through Flink's CLI, the program waits for the job and prints its summary.
        Path attached = dir.resolve("backfill-attached");
        String printed = cluster.runAttached(JOB_JAR, JobMain.class.getName(), backfill(bundle, log, labels, attached));
        assertThat(printed).contains("sequences").contains("all sequences").contains("wrote ");
        assertThat(ReportJson.withoutTimes(JSON.readTree(attached.resolve("report.json").toFile()))).isEqualTo(local);
        assertThat(fromCluster.get("sequences").asInt()).isEqualTo(150);
        System.out.printf("backfill submitted through REST (job %s) finished, the JobManager still up; its report.json "
                + "(%d sequences, %d lines, F1 %.3f) equals the in-process run's and an attached flink run's, apart from times%n", job,
                fromCluster.get("sequences").asInt(), fromCluster.get("lines").asInt(), fromCluster.get("f1").asDouble());
    }

    private static List<String> backfill(Path bundle, Path log, Path labels, Path out) {
        return List.of("backfill", "--models", bundle.toAbsolutePath().toString(), "--logs", log.toAbsolutePath().toString(),
                "--labels", labels.toAbsolutePath().toString(), "--parallelism", "2", "--out", out.toAbsolutePath().toString());
    }

    /** The final verdicts committed so far, by key. */
    private static Map<String, JsonNode> finals(EmbeddedKafka kafka) {
        Map<String, JsonNode> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("verdicts")) {
            try {
                JsonNode v = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
                if (v.get("final").asBoolean()) {
                    out.put(v.get("key").asText(), v);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
