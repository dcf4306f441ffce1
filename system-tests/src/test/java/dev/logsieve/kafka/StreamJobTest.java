package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.testing.Await;
import dev.logsieve.testing.TestBundles;
import dev.logsieve.window.WindowOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job against a real (in-process, KRaft) Kafka broker on a MiniCluster with RocksDB
 * and checkpoints: per session, revisions 1..n without gaps and one final verdict through an
 * operator failure, a TaskManager loss and a stop-with-savepoint restored at another parallelism;
 * bad records land byte for byte in the dead-letter topic; a partition that gets its lines after
 * another moved event time on loses none; a label correction changes the next identical
 * sequence's verdict.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StreamJobTest {
    private static final DateTimeFormatter HDFS_TIME = DateTimeFormatter.ofPattern("yyMMdd HHmmss");
    private static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(flinkConfig())
            .build());

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Path bundle;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        bundle = TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 400, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void cancelJobs(@InjectMiniCluster MiniCluster mini) throws Exception {
        for (var job : mini.listJobs().get()) {
            if (!job.getJobState().isGloballyTerminalState()) {
                mini.cancelJob(job.getJobId()).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everySessionGetsGaplessRevisionsAndOneFinalVerdictThroughFailuresAndRescaling(@InjectMiniCluster MiniCluster mini)
            throws Exception {
        String in = "lines", out = "verdicts", dead = "dead-letters";
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 1);
        kafka.createTopic(dead, 1);
        Map<String, String> labels = new HashMap<>();
        List<String> lines = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(7).withBlocks(240)
                .withAnomalyFraction(0.1).withBlockLifetime(Duration.ofMinutes(2)).withBlocksPerSecond(0.2))
                .lines(l -> labels.put(l.blockId(), l.label())).toList(); // 20 minutes of event time
        int n = lines.size();
        Map<String, byte[]> poisonSent = new HashMap<>(); // "partition@offset" -> bytes

        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            Configuration conf = jobConfig(kafka.bootstrap(), dir, in, out, dead, null, "eo");
            // Run 1, parallelism 2: a map stage that throws once after the first checkpoint.
            send(producer, in, lines.subList(0, n / 5));
            FailOnce.ARMED.set(true);
            JobClient run1 = submit(conf, 2, true);
            await("a first checkpoint", () -> FailOnce.CHECKPOINTS.get() > 0);
            send(producer, in, lines.subList(n / 5, n / 2));
            poisonSent.putAll(sendPoison(producer, in, 0));
            await("the injected failure", FailOnce.FAILED::get);
            int afterFailure = awaitMoreVerdicts(out, 0);

            // A TaskManager is lost; a new one takes over and the job restarts from its checkpoint.
            mini.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            mini.startTaskManager();
            send(producer, in, lines.subList(n / 2, 3 * n / 4));
            poisonSent.putAll(sendPoison(producer, in, 1));
            int afterTmLoss = awaitMoreVerdicts(out, afterFailure);

            // Stop with a savepoint (no drain: open sessions stay open) and go on at parallelism 1.
            String savepoint = run1.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
            Configuration restored = new Configuration(conf);
            restored.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient run2 = submit(restored, 1, false);
            send(producer, in, lines.subList(3 * n / 4, n));
            poisonSent.putAll(sendPoison(producer, in, 0));
            sendTicks(producer, in, 2, "081110 000000");
            await("a final verdict for every block", () -> finalKeys(out).containsAll(labels.keySet()));
            Thread.sleep(1500); // a few more checkpoints: any duplicate would be committed by now
            run2.cancel().get(30, TimeUnit.SECONDS);
            assertThat(afterTmLoss).isGreaterThan(afterFailure);
        }

        // Per block, in the order they were committed: revisions 1..n, no gap, no repeat, the last final.
        Map<String, List<JsonNode>> revisions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(out)) {
            JsonNode v = JSON.readTree(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(v.get("key").asText());
            String key = v.get("key").asText();
            if (labels.containsKey(key) || !key.startsWith("blk_999")) { // not a tick
                revisions.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            }
        }
        assertThat(revisions.keySet()).isEqualTo(labels.keySet());
        revisions.forEach((key, list) -> {
            for (int i = 0; i < list.size(); i++) {
                assertThat(list.get(i).get("revision").asInt()).as(key + " revision " + (i + 1)).isEqualTo(i + 1);
                assertThat(list.get(i).get("final").asBoolean()).as(key + " final only last").isEqualTo(i == list.size() - 1);
            }
        });

        Map<String, byte[]> deadLetters = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(dead)) {
            String where = header(r, DeadLetterRecords.PARTITION) + "@" + header(r, DeadLetterRecords.OFFSET);
            assertThat(header(r, DeadLetterRecords.TOPIC)).isEqualTo(in);
            assertThat(header(r, DeadLetterRecords.REASON)).isNotBlank();
            assertThat(deadLetters.put(where, r.value())).as("dead letter " + where + " once").isNull();
        }
        assertThat(deadLetters.keySet()).isEqualTo(poisonSent.keySet());
        poisonSent.forEach((where, bytes) -> assertThat(deadLetters.get(where)).as(where).isEqualTo(bytes));
    }

    @Test
    void aPartitionWhoseLinesArriveAfterTheJobStartedAndAnotherPartitionMovedOnLosesNoLine() throws Exception {
        String in = "s-lines", out = "s-verdicts", dead = "s-dead-letters";
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 1);
        kafka.createTopic(dead, 1);
        // An hour of blocks; partition 0 gets the blocks of the whole hour first, partition 1 its
        // blocks (of the same hour) only after that, as a producer that starts late.
        Map<String, String> labels = new HashMap<>();
        List<String> lines = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(5).withBlocks(120)
                .withAnomalyFraction(0.1).withBlockLifetime(Duration.ofMinutes(2)).withBlocksPerSecond(0.04))
                .lines(l -> labels.put(l.blockId(), l.label())).toList();
        List<List<String>> byPartition = List.of(new ArrayList<>(), new ArrayList<>());
        for (String l : lines) {
            Matcher m = BLOCK.matcher(l);
            m.find();
            byPartition.get(Math.floorMod(m.group().hashCode(), 2)).add(l);
        }
        Configuration conf = jobConfig(kafka.bootstrap(), dir, in, out, dead, null, "start");
        conf.removeConfig(WindowOptions.SESSION_LIFETIME); // the format's own (hdfs: a day)
        conf.set(WindowOptions.IDLENESS, Duration.ofSeconds(1));
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            JobClient job = submit(conf, 1, false);
            Thread.sleep(3000); // both partitions empty: idle
            sendTo(producer, in, 0, byPartition.get(0));
            await("event time moved on with partition 0", () -> !kafka.readCommitted(out).isEmpty());
            sendTo(producer, in, 1, byPartition.get(1));
            sendTicks(producer, in, 2, "081111 000000");
            await("a final verdict for every block", () -> finalKeys(out).containsAll(labels.keySet()));
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertThat(kafka.readCommitted(dead)).extracting(r -> header(r, DeadLetterRecords.REASON)).isEmpty();
    }

    @Test
    void aCorrectionChangesTheVerdictOfTheNextIdenticalSequence() throws Exception {
        String in = "c-lines", out = "c-verdicts", dead = "c-dead-letters", fixes = "c-corrections";
        for (String t : List.of(in, out, dead, fixes)) {
            kafka.createTopic(t, 1);
        }
        // One normal block, replayed later under new ids with the same messages.
        Map<String, String> labels = new HashMap<>();
        List<String> all = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(11).withBlocks(40)
                .withAnomalyFraction(0.0).withBlockLifetime(Duration.ofMinutes(2)))
                .lines(l -> labels.put(l.blockId(), l.label())).toList();
        String block = labels.keySet().iterator().next();
        List<String> blockLines = all.stream().filter(l -> l.contains(block + " ") || l.endsWith(block)).toList();

        Configuration conf = jobConfig(kafka.bootstrap(), dir, in, out, dead, fixes, "fix");
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            JobClient job = submit(conf, 1, false);
            JsonNode first = judgeCopy(producer, in, out, blockLines, block, 1);
            int label = first.get("label").asInt();
            int flipped = 1 - label;

            send(producer, fixes, List.of("{\"this is\": not json",
                    "{\"sequenceId\": " + first.get("sequenceId").asLong() + ", \"label\": " + flipped
                            + ", \"who\": \"ops\", \"when\": 1700000000000}"));
            JsonNode corrected = null;
            for (int copy = 2; copy < 12 && (corrected == null || corrected.get("label").asInt() != flipped); copy++) {
                corrected = judgeCopy(producer, in, out, blockLines, block, copy);
            }
            assertThat(corrected.get("sequenceId").asLong()).isEqualTo(first.get("sequenceId").asLong());
            assertThat(corrected.get("label").asInt()).isEqualTo(flipped);
            assertThat(corrected.get("cached").asBoolean()).isTrue();

            await("the bad correction in the dead letters", () -> kafka.readCommitted(dead).stream()
                    .anyMatch(r -> header(r, DeadLetterRecords.REASON).startsWith("bad label correction")));
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void streamWithAlertsPrintsEachRaisedAlertWithItsEvidenceAndEveryMembersReason() throws Exception {
        String in = "p-lines", out = "p-verdicts", dead = "p-dead-letters";
        for (String t : List.of(in, out, dead)) {
            kafka.createTopic(t, 1);
        }
        List<String> lines = new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(21).withBlocks(80)
                .withAnomalyFraction(0.25).withBlockLifetime(Duration.ofMinutes(2))).lines(l -> { }).toList();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            send(producer, in, lines);
        }
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        int code;
        java.io.StringWriter err = new java.io.StringWriter();
        try {
            System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            code = dev.logsieve.cli.Commands.execute(new dev.logsieve.cli.JobMain(), new java.io.PrintWriter(new java.io.StringWriter()),
                    new java.io.PrintWriter(err), "stream", "--kafka", kafka.bootstrap(), "--input-topic", in,
                    "--output-topic", out, "--dead-letter-topic", dead, "--models", bundle.toString(), "--bounded",
                    "--alerts", "--starting-offsets", "EARLIEST", "--group-id", "test-alerts",
                    "--transactional-id-prefix", "test-alerts", "--session-gap", "3min", "--parallelism", "1",
                    "--checkpoint-interval", "1s", "--checkpoints", dir.resolve("checkpoints-alerts").toString());
        } finally {
            System.setOut(original);
        }
        assertThat(code).as(err.toString()).isZero();
        String console = printed.toString(StandardCharsets.UTF_8);
        Set<String> raised = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(out)) {
            JsonNode v = readJson(r.value());
            if ("raised".equals(v.path("alert").asText())) {
                raised.add(v.get("key").asText() + " revision " + v.get("revision").asInt());
            }
        }
        List<String> printedAlerts = console.lines().filter(l -> l.startsWith("ALERT "))
                .map(l -> l.split(" ")[2] + " revision " + l.split("revision ")[1].split("[ (]")[0]).toList();
        assertThat(raised).as("alerts on the verdict topic").isNotEmpty();
        assertThat(printedAlerts).as("each raised alert printed once").containsExactlyInAnyOrderElementsOf(raised);
        List<String> consoleLines = console.lines().toList();
        for (int i = 0; i < consoleLines.size(); i++) {
            if (!consoleLines.get(i).startsWith("ALERT ")) {
                continue;
            }
            int next = i + 1;
            while (next < consoleLines.size() && consoleLines.get(next).startsWith("    line ")) {
                next++;
            }
            if (next < consoleLines.size() && consoleLines.get(next).startsWith("    ... and ")) {
                next++;
            }
            assertThat(next).as("evidence lines under " + consoleLines.get(i)).isGreaterThan(i + 1);
            assertThat(consoleLines.subList(next, next + 3)).as("a reason per member under " + consoleLines.get(i))
                    .satisfiesExactly(l -> assertThat(l).startsWith("    dt "), l -> assertThat(l).startsWith("    knn "),
                            l -> assertThat(l).startsWith("    mlp "));
        }
    }

    /** Sends block {@code block} again as copy {@code k} (new id, {@code 2k} hours later) and returns its verdict. */
    private static JsonNode judgeCopy(KafkaProducer<byte[], byte[]> producer, String in, String out,
                                      List<String> blockLines, String block, int k) throws Exception {
        String id = "blk_" + (7_000_000L + k);
        List<String> copy = new ArrayList<>();
        for (String l : blockLines) {
            copy.add(shift(l, 2L * k).replace(block, id));
        }
        send(producer, in, copy);
        sendTicks(producer, in, 1, HDFS_TIME.format(LocalDateTime.parse("2008-11-09T22:00:00").plusHours(2L * k)));
        JsonNode[] found = new JsonNode[1];
        await("the verdict of " + id, () -> {
            for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(out)) {
                if (new String(r.key(), StandardCharsets.UTF_8).equals(id)) {
                    found[0] = readJson(r.value());
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static String shift(String line, long hours) {
        LocalDateTime t = LocalDateTime.parse(line.substring(0, 13), HDFS_TIME).plusHours(hours);
        return HDFS_TIME.format(t) + line.substring(13);
    }

    private static JobClient submit(Configuration conf, int parallelism, boolean failOnce) throws Exception {
        Configuration all = StreamSettings.withDefaults(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(all);
        env.configure(all);
        env.setParallelism(parallelism);
        StreamJob job = StreamJob.kafka(all);
        if (failOnce) {
            job = job.withLines(new FailOnce(job.lines()));
        }
        job.build(env, all, bundle.toString());
        return env.executeAsync("logsieve stream (test)");
    }

    /**
     * The streaming job between Kafka topics with short sessions (3-minute gap, 10-minute lifetime),
     * checkpoints every 300 ms under {@code dir} and restarts for the failures these tests inject.
     */
    static Configuration jobConfig(String bootstrap, Path dir, String in, String out, String dead, String fixes, String name) {
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(WindowOptions.SESSION_GAP, Duration.ofMinutes(3));
        conf.set(WindowOptions.SESSION_LIFETIME, Duration.ofMinutes(10));
        conf.set(WindowOptions.OUT_OF_ORDERNESS, Duration.ofMinutes(1));
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(KafkaOptions.INPUT_TOPIC, in);
        conf.set(KafkaOptions.OUTPUT_TOPIC, out);
        conf.set(KafkaOptions.DEAD_LETTER_TOPIC, dead);
        if (fixes != null) {
            conf.set(KafkaOptions.CORRECTIONS_TOPIC, fixes);
        }
        conf.set(KafkaOptions.GROUP_ID, "test-" + name);
        conf.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "test-" + name);
        conf.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartFrom.EARLIEST);
        conf.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(2));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints-" + name).toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }

    private static Configuration flinkConfig() {
        Configuration c = new Configuration();
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
        return c;
    }

    /** Lines keyed by their first block id, so each block stays in order on one partition. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<String> lines) throws Exception {
        for (String l : lines) {
            Matcher m = BLOCK.matcher(l);
            byte[] key = m.find() ? m.group().getBytes(StandardCharsets.UTF_8) : null;
            producer.send(new ProducerRecord<>(topic, key, l.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** Lines to one partition, in order. */
    private static void sendTo(KafkaProducer<byte[], byte[]> producer, String topic, int partition, List<String> lines)
            throws Exception {
        for (String l : lines) {
            producer.send(new ProducerRecord<>(topic, partition, null, l.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** Binary junk, a 200 kB line, invalid UTF-8 and a line of another format, to one partition. */
    private static Map<String, byte[]> sendPoison(KafkaProducer<byte[], byte[]> producer, String topic, int partition)
            throws Exception {
        byte[] huge = new byte[200_000];
        Arrays.fill(huge, (byte) 'a');
        byte[] header = "081109 203531 145 INFO x: blk_1 ".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(header, 0, huge, 0, header.length);
        byte[][] poison = {
            {0, 1, 2, 3, (byte) 0xff, (byte) 0x80, 0x7f},
            huge,
            "081109 203531 145 INFO dfs.DataNode: caf\u00e9 ".getBytes(StandardCharsets.ISO_8859_1),
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO x"
                    .getBytes(StandardCharsets.UTF_8),
        };
        Map<String, byte[]> sent = new HashMap<>();
        for (byte[] p : poison) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, partition, null, p)).get();
            sent.put(md.partition() + "@" + md.offset(), p);
        }
        return sent;
    }

    /** A line far ahead in event time on every partition: it closes every session before it. */
    static void sendTicks(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, String time)
            throws Exception {
        for (int p = 0; p < partitions; p++) {
            String line = time + " 1 INFO dfs.DataNode: tick blk_999" + p + time.replace(" ", "");
            producer.send(new ProducerRecord<>(topic, p, null, line.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static int awaitMoreVerdicts(String topic, int before) throws Exception {
        int[] now = new int[1];
        await("more than " + before + " verdicts", () -> (now[0] = kafka.readCommitted(topic).size()) > before);
        return now[0];
    }

    private static Set<String> finalKeys(String topic) {
        Set<String> keys = new HashSet<>();
        kafka.readCommitted(topic).forEach(r -> {
            if (readJson(r.value()).get("final").asBoolean()) {
                keys.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(60), condition);
    }
}
