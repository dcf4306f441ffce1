package dev.logsieve.kafka;

import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.testing.Ports;
import dev.logsieve.testing.TestBundles;
import dev.logsieve.window.WindowOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Load benchmark of {@code logsieve stream} (a test-scoped main, not a unit test): an in-process
 * Kafka broker, a bundle trained on generated HDFS logs, the exactly-once job on a local Flink.
 *
 * <ol>
 *   <li>Throughput: {@code lines} generated HDFS lines (default 1,000,000), rendered into records
 *       before the clock starts, are produced as fast as one producer thread sends them into the
 *       running job; reported is lines / (first line sent .. last final verdict
 *       committed), i.e. sustained end-to-end throughput including the exactly-once commit. The
 *       generated blocks live 2 minutes; sessions are judged after a {@link #GAP} and finally
 *       after a {@link #LIFETIME} of event time. Also reported: where the run's CPU went, by part of
 *       this one process ({@link ThreadCpu}): the broker, the benchmark's producer and reader, each
 *       stage of the job, and the JVM's own threads.</li>
 *   <li>Latency: another {@code latencyLines} lines (default 200,000) are produced at a fixed rate
 *       below capacity; for each block, the time from sending its last line to its first verdict
 *       (the revision judged after the gap, which holds all its lines) being readable with
 *       read_committed (p50, p99). That includes the wait for event time to pass the gap; so it
 *       also reports the latency after the session closes: from sending the line that moves event
 *       time (the least over the partitions) past the block's last line plus the gap and the
 *       out-of-orderness, to the verdict being readable. That latency is then split with the job's
 *       checkpoint history from Flink's REST API ({@link CheckpointTimeline}): the wait for the trigger of
 *       the checkpoint that committed the verdict, that checkpoint's own duration, and its commit.</li>
 * </ol>
 * Both follow a warm-up of {@code warmupLines} lines (default 300,000; 0 for none), earlier in
 * event time, whose verdicts are awaited first, so that what is measured is the running job, not
 * the JIT compiling it in a fresh JVM.
 * Arguments: {@code [lines] [latencyLines] [latencyRatePerSecond] [parallelism] [checkpointIntervalMs] [warmupLines]
 * [bundle]}: without a bundle directory, one is trained with dt, knn and mlp on 1,000 generated HDFS blocks
 * (seed 1); give one written by {@code logsieve train} (on HDFS logs) to measure other members, such as the
 * LLM member. Then any Flink setting for the job as {@code -D KEY=VALUE} (for example
 * {@code -D pipeline.auto-watermark-interval=50ms}).
 */
public final class StreamBenchmark {
    private static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");
    private static final Duration GAP = Duration.ofMinutes(3);
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final DateTimeFormatter HDFS_TIME = DateTimeFormatter.ofPattern("yyMMdd HHmmss");
    private static final String JOB = "job: ";
    /** A thread of a Flink task, named after the task and its subtask; group 1 is the task's first operator. */
    private static final Pattern TASK = Pattern.compile(
            "^(?:Source Data Fetcher for |OutputFlusher for |System Time Trigger for |Time Trigger for )?(?:Source: )?(.+?)(?=:| ->| \\().* \\(\\d+/\\d+\\)#\\d+$");

    public static void main(String[] all) throws Exception {
        // The positional arguments, then Flink settings for the job, read as StreamJob's main reads its own
        // (-Dkey=value, key=value, --key value), with a bare -D joined to the KEY=VALUE after it.
        int positional = 0;
        while (positional < all.length && !all[positional].startsWith("-") && !all[positional].contains("=")) {
            positional++;
        }
        String[] args = Arrays.copyOf(all, positional);
        List<String> flinkArgs = new ArrayList<>();
        for (int i = positional; i < all.length; i++) {
            flinkArgs.add(all[i].equals("-D") && i + 1 < all.length ? "-D" + all[++i] : all[i]);
        }
        Map<String, String> settings = StreamJob.parseArgs(flinkArgs.toArray(String[]::new));
        long lines = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long latencyLines = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        long checkpointMs = args.length > 4 ? Long.parseLong(args[4]) : 1000;
        long warmupLines = args.length > 5 ? Long.parseLong(args[5]) : 300_000;
        Path given = args.length > 6 ? Path.of(args[6]) : null;
        if (given != null && !Files.isDirectory(given)) {
            throw new IllegalArgumentException("bundle: " + given + " is not a directory; give one written by logsieve train");
        }
        Path dir = Files.createTempDirectory("logsieve-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("lines", parallelism);
            kafka.createTopic("verdicts", parallelism);
            kafka.createTopic("dead", 1);
            Path bundle = given != null ? given : TestBundles.hdfs(Files.createDirectories(dir.resolve("train")), 1000, 1);

            Configuration conf = new Configuration();
            conf.set(FormatSettings.FORMAT, "hdfs");
            conf.set(WindowOptions.SESSION_GAP, GAP);
            conf.set(WindowOptions.SESSION_LIFETIME, LIFETIME);
            conf.set(WindowOptions.OUT_OF_ORDERNESS, OUT_OF_ORDERNESS);
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrap());
            conf.set(KafkaOptions.INPUT_TOPIC, "lines");
            conf.set(KafkaOptions.OUTPUT_TOPIC, "verdicts");
            conf.set(KafkaOptions.DEAD_LETTER_TOPIC, "dead");
            conf.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartFrom.EARLIEST);
            conf.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(5));
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpointMs));
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
            // Flink's REST API on a free port, with every checkpoint of the run kept in its history: after the
            // latency run they say what each verdict's latency is made of.
            conf.set(RestOptions.BIND_PORT, Integer.toString(Ports.free()));
            conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
            conf.addAll(Configuration.fromMap(settings));
            if (!settings.isEmpty()) {
                System.out.println("job settings: " + settings);
            }
            StreamExecutionEnvironment env = StreamSettings.localEnvironment(conf);
            StreamJob.kafka(StreamSettings.withDefaults(conf)).build(env, StreamSettings.withDefaults(conf), bundle.toString());
            JobClient job = env.executeAsync("logsieve stream benchmark");

            Map<String, Long> verdictAt = new ConcurrentHashMap<>();
            AtomicLong verdicts = new AtomicLong();
            Thread reader = new Thread(() -> read(kafka.bootstrap(), verdictAt, verdicts), "verdict-reader");
            reader.setDaemon(true);
            reader.start();

            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                // 0. Warm-up: the JIT compiles the job's, the broker's and the clients' hot paths (in a fresh JVM
                // the compiler threads take most of a core for tens of seconds), RocksDB and the transactions start.
                if (warmupLines > 0) {
                    GeneratorOptions warm = GeneratorOptions.defaults().withSeed(2).withTargetLines(warmupLines)
                            .withBlockLifetime(Duration.ofMinutes(2)).withStart(LocalDateTime.parse("2008-11-08T00:00:00"));
                    long warmBlocks = countBlocks(warm);
                    long w0 = System.nanoTime();
                    records(new HdfsLogGenerator(warm).iterator()).forEach(producer::send);
                    tick(producer, parallelism, "081109 000000");
                    waitFor(verdicts, warmBlocks, Duration.ofMinutes(10));
                    System.out.printf("warm-up: %,d lines, %,d blocks in %.1f s%n", warmupLines, warmBlocks,
                            (System.nanoTime() - w0) / 1e9);
                }
                // 1. Throughput.
                GeneratorOptions gen = GeneratorOptions.defaults().withSeed(3).withTargetLines(lines)
                        .withBlockLifetime(Duration.ofMinutes(2));
                long blocks = countBlocks(gen);
                // Rendered before the clock starts: the generator is not what is measured, and it would take a core's share.
                List<ProducerRecord<byte[], byte[]>> records = records(new HdfsLogGenerator(gen).iterator());
                long before = verdicts.get();
                ThreadCpu cpu0 = ThreadCpu.now();
                long t0 = System.nanoTime();
                long sent = records.size();
                records.forEach(producer::send);
                producer.flush();
                tick(producer, parallelism, "081111 000000");
                long produced = System.nanoTime();
                long t1 = waitFor(verdicts, before + blocks, Duration.ofMinutes(20));
                ThreadCpu cpu1 = ThreadCpu.now();
                double secs = (t1 - t0) / 1e9;
                System.out.printf("dead letters so far: %,d%n", kafka.readCommitted("dead").size());
                System.out.printf("throughput: %,d lines, %,d blocks, produced in %.1f s, all verdicts committed after %.1f s: %,.0f lines/s end to end%n",
                        sent, blocks, (produced - t0) / 1e9, secs, sent / secs);
                System.out.println(cpuLines(cpu1, cpu0, secs, sent));

                // 2. Latency at a fixed rate.
                verdictAt.clear();
                GeneratorOptions gen2 = GeneratorOptions.defaults().withSeed(4).withTargetLines(latencyLines)
                        .withBlockLifetime(Duration.ofMinutes(2)).withStart(LocalDateTime.parse("2008-11-12T00:00:00"));
                long blocks2 = countBlocks(gen2);
                long beforeLatency = verdicts.get();
                Sent sent2 = new Sent(parallelism);
                produce(producer, new HdfsLogGenerator(gen2).iterator(), sent2, rate);
                tick(producer, parallelism, "081113 000000", sent2);
                waitFor(verdicts, beforeLatency + blocks2, Duration.ofMinutes(10));
                List<Long> lat = new ArrayList<>();
                List<Long> afterClose = new ArrayList<>();
                Map<String, Long> closedMillis = new HashMap<>();
                Map<String, Long> readableMillis = new HashMap<>();
                long nanosToMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000; // for Flink's wall-clock times
                sent2.lastSent.forEach((block, sentAt) -> {
                    Long at = verdictAt.get(block);
                    if (at != null) {
                        lat.add(at - sentAt);
                        // The session is judged once event time (the watermark, the least over the partitions of
                        // their latest line's time less the out-of-orderness) passes its last line plus the gap.
                        long closes = sent2.reached(sent2.lastEventTime.get(block) + GAP.toMillis() + OUT_OF_ORDERNESS.toMillis() + 1);
                        afterClose.add(at - closes);
                        closedMillis.put(block, closes / 1_000_000 + nanosToMillis);
                        readableMillis.put(block, at / 1_000_000 + nanosToMillis);
                    }
                });
                Collections.sort(lat);
                Collections.sort(afterClose);
                System.out.printf("latency (last line sent -> verdict readable, read_committed) over %,d blocks at %,d lines/s, "
                                + "session gap %s event time, checkpoint interval %d ms, parallelism %d: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        lat.size(), rate, GAP, checkpointMs, parallelism, pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1.0));
                System.out.printf("latency after the session closes (the line that moves event time past the block's last line + "
                                + "gap + out-of-orderness sent -> verdict readable): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        pct(afterClose, 0.50), pct(afterClose, 0.99), pct(afterClose, 1.0));
                String port = conf.get(RestOptions.BIND_PORT);
                try {
                    System.out.println(CheckpointTimeline.read(Integer.parseInt(port), job.getJobID()).split(closedMillis, readableMillis));
                } catch (IOException | NumberFormatException e) {
                    System.out.println("what it is made of: not known, the job's checkpoints could not be read from its REST API on port "
                            + port + ": " + e);
                }
            }
            job.cancel().get();
        }
        System.exit(0);
    }

    /**
     * Where the throughput run's CPU went: by part of this process (the broker, the benchmark's own producer and
     * reader, each stage of the job, the JVM's own threads), and the job's CPU per line.
     */
    private static String cpuLines(ThreadCpu end, ThreadCpu start, double secs, long lines) {
        Map<String, Double> parts = end.since(start, StreamBenchmark::partOf);
        double job = parts.entrySet().stream().filter(e -> e.getKey().startsWith(JOB)).mapToDouble(Map.Entry::getValue).sum();
        double compiling = end.compilingSince(start);
        return String.format(Locale.ROOT, "CPU over the throughput run (%.1f s of wall clock; %d cores, %.1f s available): %s%n"
                        + "the job's stages used %.1f s, %.1f µs a line%s",
                secs, Runtime.getRuntime().availableProcessors(), secs * Runtime.getRuntime().availableProcessors(),
                ThreadCpu.describe(parts), job, job / lines * 1e6,
                compiling < 0 ? "" : String.format(Locale.ROOT, "; the JIT compiler's threads compiled for %.1f s", compiling));
    }

    /**
     * The part of this process a thread works for, by its name: the benchmark's own threads (its producer is
     * Kafka's default {@code producer-N}), a stage of the job (Flink names a task's threads after the task and
     * its subtask, {@code judge (1/2)#0}; the Kafka writers' producers after their transactional ids), Flink's
     * checkpointing and coordination, and otherwise the Kafka broker.
     */
    static String partOf(String thread) {
        if (thread.equals("main") || thread.equals("verdict-reader") || thread.endsWith("| bench-reader")
                || thread.matches("kafka-producer-network-thread \\| producer-\\d+")) {
            return "benchmark's producer and reader";
        }
        Matcher task = TASK.matcher(thread);
        if (task.matches()) {
            return JOB + task.group(1);
        }
        if (thread.contains("| producer-logsieve-")) {
            return JOB + (thread.contains("dead-letters") ? "dead-letters" : "revisions");
        }
        if (thread.startsWith("Flink") || thread.startsWith("flink") || thread.startsWith("jobmanager")
                || thread.startsWith("AsyncOperations") || thread.startsWith("Checkpoint") || thread.startsWith("SourceCoordinator")) {
            return JOB + "checkpoints and coordination";
        }
        return "Kafka broker";
    }

    private static long countBlocks(GeneratorOptions gen) {
        long[] n = {0};
        Iterator<String> it = new HdfsLogGenerator(gen).iterator(b -> n[0]++);
        while (it.hasNext()) {
            it.next();
        }
        return n[0];
    }

    /** Every line as a record keyed by its block, so a block stays in order on one partition. */
    private static List<ProducerRecord<byte[], byte[]>> records(Iterator<String> lines) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (lines.hasNext()) {
            records.add(record(lines.next()));
        }
        return records;
    }

    private static ProducerRecord<byte[], byte[]> record(String line) {
        Matcher m = BLOCK.matcher(line);
        byte[] key = m.find() ? m.group().getBytes(StandardCharsets.UTF_8) : null;
        return new ProducerRecord<>("lines", key, line.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends every line at {@code rate} lines a second, noting when and where each was sent. */
    private static long produce(KafkaProducer<byte[], byte[]> producer, Iterator<String> lines, Sent sent, int rate) {
        long n = 0;
        long start = System.nanoTime();
        while (lines.hasNext()) {
            String line = lines.next();
            ProducerRecord<byte[], byte[]> keyed = record(line);
            // The partition Kafka's default partitioner picks for the key, named so that it is known here.
            int partition = keyed.key() == null ? 0 : Utils.toPositive(Utils.murmur2(keyed.key())) % sent.partitions;
            producer.send(new ProducerRecord<>("lines", partition, keyed.key(), keyed.value()));
            sent.add(keyed.key(), partition, line, System.nanoTime());
            n++;
            if (n % 100 == 0) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    producer.flush();
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return n;
                    }
                }
            }
        }
        producer.flush();
        return n;
    }

    /** What the latency run sent: each block's last line (when, and its event time), and each partition's lines in order. */
    private static final class Sent {
        final int partitions;
        final Map<String, Long> lastSent = new HashMap<>();
        final Map<String, Long> lastEventTime = new HashMap<>();
        /** Per partition, in sending order: the latest event time sent so far, and when each line was sent. */
        private final List<List<long[]>> timeline = new ArrayList<>();

        Sent(int partitions) {
            this.partitions = partitions;
            for (int p = 0; p < partitions; p++) {
                timeline.add(new ArrayList<>());
            }
        }

        void add(byte[] key, int partition, String line, long sentAt) {
            long eventTime = LocalDateTime.parse(line.substring(0, 13), HDFS_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            List<long[]> lines = timeline.get(partition);
            long latest = lines.isEmpty() ? eventTime : Math.max(eventTime, lines.get(lines.size() - 1)[0]);
            lines.add(new long[] {latest, sentAt});
            if (key != null) {
                String block = new String(key, StandardCharsets.UTF_8);
                lastSent.put(block, sentAt);
                lastEventTime.merge(block, eventTime, Math::max);
            }
        }

        /** When every partition had been sent a line at or after {@code eventTime} (event time could pass it then). */
        long reached(long eventTime) {
            long at = Long.MIN_VALUE;
            for (List<long[]> lines : timeline) {
                int lo = 0;
                int hi = lines.size();
                while (lo < hi) { // the first line whose latest event time is at least eventTime
                    int mid = (lo + hi) >>> 1;
                    if (lines.get(mid)[0] >= eventTime) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                at = Math.max(at, lo < lines.size() ? lines.get(lo)[1] : Long.MAX_VALUE);
            }
            return at;
        }
    }

    /** The session keys of the tick lines, told apart exactly (a real block id may start with 999 too). */
    private static final java.util.Set<String> TICKS = ConcurrentHashMap.newKeySet();

    private static void tick(KafkaProducer<byte[], byte[]> producer, int partitions, String time) {
        tick(producer, partitions, time, null);
    }

    /** A line far ahead in event time on every partition, which closes every open session; noted in {@code sent}. */
    private static void tick(KafkaProducer<byte[], byte[]> producer, int partitions, String time, Sent sent) {
        for (int p = 0; p < partitions; p++) {
            String key = "blk_999" + p + time.replace(" ", "");
            TICKS.add(key);
            String line = time + " 1 INFO dfs.DataNode: tick " + key;
            producer.send(new ProducerRecord<>("lines", p, null, line.getBytes(StandardCharsets.UTF_8)));
            if (sent != null) {
                sent.add(null, p, line, System.nanoTime());
            }
        }
        producer.flush();
    }

    private static void read(String bootstrap, Map<String, Long> verdictAt, AtomicLong verdicts) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "bench-reader");
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of("verdicts"));
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (!TICKS.contains(key)) {
                        verdictAt.putIfAbsent(key, System.nanoTime()); // the block's first revision
                        if (new String(r.value(), StandardCharsets.UTF_8).contains("\"final\":true")) {
                            verdicts.incrementAndGet(); // counts blocks: one final revision each
                        }
                    }
                }
            }
        }
    }

    /**
     * Waits until {@code target} final verdicts have arrived, or none has for 15 s (a block whose lines
     * were cut off by the generator's line target never closes); returns when the last one came.
     */
    private static long waitFor(AtomicLong count, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastCount = -1;
        long lastChange = System.nanoTime();
        long lastReport = System.nanoTime();
        while (count.get() < target && System.nanoTime() < deadline && System.nanoTime() - lastChange < 15_000_000_000L) {
            Thread.sleep(20);
            long c = count.get();
            if (c != lastCount) {
                lastCount = c;
                lastChange = System.nanoTime();
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                System.err.printf("  %,d / %,d verdicts%n", c, target);
                lastReport = System.nanoTime();
            }
        }
        if (count.get() < target) {
            System.err.printf("note: %,d of %,d blocks got a verdict%n", count.get(), target);
        }
        return count.get() >= target ? System.nanoTime() : lastChange;
    }

    /** The {@code q}-quantile of nanoseconds in {@code sorted}, in milliseconds; NaN when it is empty. */
    private static double pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : CheckpointTimeline.pct(sorted, q) / 1e6;
    }
}
