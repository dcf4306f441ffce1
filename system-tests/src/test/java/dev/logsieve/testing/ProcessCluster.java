package dev.logsieve.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka broker and a standalone Flink session cluster, each process in its own JVM, as an
 * operator runs them: the broker from Kafka's own entry point (KRaft, its storage formatted first),
 * the JobManager and TaskManagers from Flink's ({@code StandaloneSessionClusterEntrypoint},
 * {@code TaskManagerRunner}, with the memory settings Flink's scripts compute through
 * {@code BashJavaUtils}), jobs submitted with Flink's CLI ({@code CliFrontend}) or through its REST
 * API ({@code /jars/upload}, {@code /jars/<id>/run}). The Flink
 * processes get Flink's jars only ({@code flink-cluster/target/classpath.txt}), so a job jar must
 * bring what it needs. Every process logs to a file under the working directory; {@link #close()}
 * stops every process started, forcibly when it does not stop by itself.
 */
public final class ProcessCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Flink's cluster classpath, written by the flink-cluster module. */
    public static final Path CLASSPATH = Path.of("..", "flink-cluster", "target", "classpath.txt");
    private static final List<String> OPENS = List.of("java.base/java.util", "java.base/java.lang", "java.base/java.nio",
            "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang.reflect", "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic", "java.base/java.net", "java.base/java.text", "java.base/java.time",
            "java.base/java.math", "java.sql/java.sql");

    private final Path dir;
    private final Path conf;
    private final String flinkClasspath;
    private final int kafkaPort;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> taskManagers = new ArrayList<>();
    private int started;

    private ProcessCluster(Path dir) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close)); // even when the test JVM is ended
        this.dir = dir;
        this.conf = Files.createDirectories(dir.resolve("conf"));
        this.flinkClasspath = Files.readString(CLASSPATH).trim();
        this.kafkaPort = Ports.free();
        this.restPort = Ports.free();
    }

    /** Starts the broker, a JobManager and {@code taskManagers} TaskManagers, and waits until all are up. */
    public static ProcessCluster start(Path dir, int taskManagers) throws Exception {
        ProcessCluster c = new ProcessCluster(dir);
        try {
            c.startKafka();
            c.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                c.startTaskManager();
            }
            c.awaitTaskManagers(taskManagers);
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String rest() {
        return "http://127.0.0.1:" + restPort;
    }

    /** What the processes wrote: their logs are here. */
    public Path dir() {
        return dir;
    }

    private void startKafka() throws Exception {
        int controller = Ports.free();
        Path props = Files.writeString(dir.resolve("kafka.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + kafkaPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("kafka-data"),
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "transaction.max.timeout.ms=900000",
                "group.initial.rebalance.delay.ms=0",
                // The verdicts carry their sequences' event time (2008 for the HDFS sample) as Kafka timestamp:
                // with the default 7-day retention the broker's first retention pass, 30 s after it starts,
                // deletes every segment of them it can roll, which reads exactly like lost verdicts.
                "log.retention.ms=-1",
                ""));
        String cp = testClasspath();
        Process format = java("kafka-format", cp, List.of("-Xmx256m"), "kafka.tools.StorageTool",
                List.of("format", "--config", props.toString(), "--cluster-id", clusterId(), "--standalone"));
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw failed("formatting Kafka's storage", "kafka-format");
        }
        java("kafka", cp, List.of("-Xmx384m"), "kafka.Kafka", List.of(props.toString()));
        Await.until("the Kafka broker on port " + kafkaPort + " (its output: " + dir.resolve("kafka.out") + ")",
                Duration.ofSeconds(60), () -> listening(kafkaPort));
    }

    /**
     * A new Kafka cluster id. Kafka's own generator, which never starts one with '-': the storage
     * tool would read such an id as an option and stop ("--cluster-id: expected one argument"), as
     * one in 64 ids drawn from plain random bytes did.
     */
    static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    /** A helper process that failed: the message names its output file and ends with its last lines. */
    private IllegalStateException failed(String what, String name) {
        Path out = dir.resolve(name + ".out");
        String tail;
        try {
            List<String> lines = Files.readAllLines(out);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            tail = "(unreadable: " + e.getMessage() + ")";
        }
        return new IllegalStateException(what + " failed; see " + out + ", which ends:\n" + tail);
    }

    private void startJobManager() throws Exception {
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + Ports.free(),
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "jobmanager.memory.process.size: 768m",
                "taskmanager.memory.process.size: 1344m",
                "taskmanager.memory.managed.size: 128m",
                // A backfill beside the streaming job: every blocking result partition a running batch
                // task writes holds taskmanager.network.sort-shuffle.min-buffers (512 x 32 KB, 16 MB),
                // and a task with a side output (late lines, dead letters) writes one per output. Flink's 64 MB
                // minimum ran out with two sessions tasks and a reader on one TaskManager ("Insufficient
                // number of network buffers"), and so did 128 MB once; docs/operations.md, "Run a backfill".
                "taskmanager.memory.network.min: 256m",
                "taskmanager.numberOfTaskSlots: 2",
                "parallelism.default: 2",
                // A subtask on every TaskManager, so that killing any one of them fails the job over.
                "taskmanager.load-balance.mode: SLOTS",
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 10000",
                ""));
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""));
        flink("jobmanager", List.of("-Xmx512m"), "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", conf.toString()));
        Await.until("the JobManager's REST API on port " + restPort, Duration.ofSeconds(60), () -> get("/overview") != null);
    }

    /** Starts one more TaskManager with the memory settings Flink's scripts would give it. */
    public void startTaskManager() throws Exception {
        Process utils = flink("bash-java-utils-" + started, List.of("-Xmx128m"), "org.apache.flink.runtime.util.bash.BashJavaUtils",
                List.of("GET_TM_RESOURCE_PARAMS", "--configDir", conf.toString()));
        if (!utils.waitFor(60, TimeUnit.SECONDS) || utils.exitValue() != 0) {
            throw failed("BashJavaUtils", "bash-java-utils-" + started);
        }
        List<String> results = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("bash-java-utils-" + started + ".out"))) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim());
            }
        }
        List<String> jvm = Arrays.asList(results.get(0).split(" "));
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        args.addAll(Arrays.asList(results.get(1).split(" ")));
        taskManagers.add(flink("taskmanager-" + started, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args));
        started++;
    }

    /** Kills the {@code i}-th TaskManager started with SIGKILL, as {@code kill -9} does; returns its pid. */
    public long killTaskManager(int i) throws InterruptedException {
        Process p = taskManagers.get(i);
        long pid = p.pid();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        return pid;
    }

    /** Waits until the JobManager counts {@code n} registered TaskManagers. */
    public void awaitTaskManagers(int n) throws InterruptedException {
        Pattern count = Pattern.compile("\"taskmanagers\":(\\d+)");
        Await.until(n + " TaskManagers registered (logs in " + dir + ")", Duration.ofSeconds(90), () -> {
            String o = get("/overview");
            Matcher m = o == null ? null : count.matcher(o);
            return m != null && m.find() && Integer.parseInt(m.group(1)) == n;
        });
    }

    /** Submits a jar with Flink's CLI, detached ({@code flink run -d}); returns the job id it printed. */
    public String submit(Path jar, String entryClass, List<String> jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-c", entryClass, jar.toString()));
        args.addAll(jobArgs);
        Process cli = flink("flink-run", List.of("-Xmx256m"), "org.apache.flink.client.cli.CliFrontend", args);
        if (!cli.waitFor(120, TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw failed("flink run", "flink-run");
        }
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(Files.readString(dir.resolve("flink-run.out")));
        if (!m.find()) {
            throw new IllegalStateException("flink run printed no JobID; see " + dir.resolve("flink-run.out"));
        }
        return m.group(1);
    }

    /** Runs a jar with Flink's CLI, attached ({@code flink run}): waits for the program to end; returns what it printed. */
    public String runAttached(Path jar, String entryClass, List<String> jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-c", entryClass, jar.toString()));
        args.addAll(jobArgs);
        Process cli = flink("flink-run-attached", List.of("-Xmx384m"), "org.apache.flink.client.cli.CliFrontend", args);
        if (!cli.waitFor(180, TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw failed("flink run", "flink-run-attached");
        }
        return Files.readString(dir.resolve("flink-run-attached.out"));
    }

    /**
     * Submits a jar the way the web UI and many deployment tools do: uploads it ({@code POST
     * /jars/upload}) and runs it ({@code POST /jars/<id>/run}); the program's {@code main} runs inside
     * the JobManager. Returns the job id from the answer.
     */
    public String submitThroughRest(Path jar, String entryClass, List<String> programArgs) throws Exception {
        String boundary = "logsieve-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest() + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail))).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"filename\":\"[^\"]*/([^/\"]+)\"").matcher(uploaded.body());
        if (uploaded.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("uploading the jar failed: " + uploaded.statusCode() + " " + uploaded.body());
        }
        String body = JSON.writeValueAsString(Map.of("entryClass", entryClass, "programArgsList", programArgs));
        HttpResponse<String> run = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest() + "/jars/" + id.group(1) + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher job = Pattern.compile("\"jobid\":\"([0-9a-f]{32})\"").matcher(run.body());
        if (run.statusCode() != 200 || !job.find()) {
            throw new IllegalStateException("running the jar failed: " + run.statusCode() + " " + run.body()
                    + "; see " + dir.resolve("jobmanager.log"));
        }
        return job.group(1);
    }

    /** The job's state as the REST API gives it (RUNNING, CANCELED, ...). */
    public String jobState(String jobId) {
        String s = get("/jobs/" + jobId);
        Matcher m = s == null ? null : Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(s);
        return m != null && m.find() ? m.group(1) : "UNKNOWN";
    }

    /** How often the job restarted (its {@code numRestarts} metric), or -1 when the REST API does not say. */
    public long restarts(String jobId) {
        String s = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        Matcher m = s == null ? null : Pattern.compile("\"value\":\"(\\d+)\"").matcher(s);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Cancels a job through the REST API. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest() + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A REST GET's body, or null when the JobManager does not answer. */
    public String get(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Process flink(String name, List<String> jvm, String main, List<String> args) throws IOException {
        List<String> options = new ArrayList<>(jvm);
        for (String o : OPENS) {
            options.add("--add-opens=" + o + "=ALL-UNNAMED");
        }
        options.add("-Dlog.file=" + dir.resolve(name + ".log"));
        options.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        return java(name, flinkClasspath, options, main, args);
    }

    private Process java(String name, String classpath, List<String> jvm, String main, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add(main);
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile());
        // The classpath through the environment: a long -cp makes the command line long (see ./logsieve).
        b.environment().put("CLASSPATH", classpath);
        b.environment().put("FLINK_CONF_DIR", conf.toString());
        Process p = b.start();
        processes.add(p);
        return p;
    }

    /** The test JVM's classpath (Kafka's broker is on it). */
    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }


    /** Stops every process started, TaskManagers first, the broker last. */
    @Override
    public void close() {
        List<Process> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (Process p : reversed) {
            p.destroy();
        }
        for (Process p : reversed) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** The last lines of a process's output, for a failure message. */
    public String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }
}
