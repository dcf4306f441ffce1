package dev.logsieve.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.cache.CacheOptions;
import dev.logsieve.ensemble.Member;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.MemberReason;
import dev.logsieve.evidence.LeaveOut;
import dev.logsieve.event.Verdict;
import dev.logsieve.inference.InferenceServer;
import dev.logsieve.inference.proto.ModelInferRequest;
import dev.logsieve.job.LocalEnvironment;
import dev.logsieve.job.Models;
import dev.logsieve.job.Pipeline;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.mask.TemplateIds;
import dev.logsieve.testing.Await;
import io.grpc.ForwardingServerCallListener;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The LLM member in the job (the pipeline's verdict cache, Async I/O stage and judge) over real model files, in-process
 * and through a real gRPC server on loopback speaking Triton's protocol ({@link InferenceServer}),
 * including a server that is down at start and one that goes down mid-run and comes back.
 */
class LlmStageTest {

    @TempDir
    static Path dir;
    static Path bundle;
    static InferenceServer server;

    @BeforeAll
    static void writeBundle() throws Exception {
        bundle = LlmBundles.write(Files.createDirectories(dir.resolve("bundle")));
        server = InferenceServer.open(LlmFiles.repository(bundle), 1).start(0);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Configuration conf() {
        Configuration c = new Configuration();
        c.set(LlmOptions.LLM_BATCH_SIZE, 8);
        c.set(LlmOptions.LLM_BATCH_WAIT, Duration.ofMillis(5));
        return c;
    }

    private static Map<String, Verdict> run(Configuration conf, List<LogSequence> input, MapFunction<LogSequence, LogSequence> tap)
            throws Exception {
        return run(conf, input, tap, RuntimeExecutionMode.BATCH);
    }

    private static Map<String, Verdict> run(Configuration conf, List<LogSequence> input, MapFunction<LogSequence, LogSequence> tap,
            RuntimeExecutionMode mode) throws Exception {
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, mode, mode == RuntimeExecutionMode.BATCH ? 1 : 2);
        DataStream<LogSequence> seqs = env.fromData(input, TypeInformation.of(LogSequence.class));
        if (tap != null) {
            seqs = seqs.map(tap).returns(LogSequence.class);
        }
        Map<String, Verdict> out = new HashMap<>();
        try (CloseableIterator<Verdict> it = Pipeline.judge(seqs, null, conf, Models.open(bundle, conf), true).executeAndCollect()) {
            it.forEachRemaining(v -> out.put(v.key, v));
        }
        return out;
    }

    private static int llmVote(Verdict v) {
        assertThat(v.members).containsExactly("dt", "llm");
        return v.votes[1];
    }

    @Test
    void theLlmMemberVotesOnEverySequenceInProcess() throws Exception {
        Map<String, Verdict> verdicts = run(conf(), LlmBundles.sequences(100), null);
        assertThat(verdicts).hasSize(100);
        assertThat(verdicts.values()).allSatisfy(v -> {
            assertThat(v.degraded).isFalse();
            assertThat(llmVote(v)).isIn(Member.NORMAL, Member.ANOMALOUS);
        });
    }

    @Test
    void verdictsThroughTritonsProtocolEqualTheInProcessOnes() throws Exception {
        List<LogSequence> input = LlmBundles.sequences(120);
        Map<String, Verdict> local = run(conf(), input, null);
        Configuration grpc = conf();
        grpc.set(LlmOptions.LLM_TRITON, "127.0.0.1:" + server.port());
        Map<String, Verdict> remote = run(grpc, input, null);

        assertThat(remote.keySet()).isEqualTo(local.keySet());
        for (String key : local.keySet()) {
            assertThat(remote.get(key).votes).as(key).containsExactly(local.get(key).votes);
            assertThat(remote.get(key).label).as(key).isEqualTo(local.get(key).label);
            assertThat(remote.get(key).degraded).isFalse();
        }
        // the random classifier must not be trivially constant, or equality would prove little
        assertThat(local.values().stream().map(LlmStageTest::llmVote).distinct()).hasSize(2);
    }

    @Test
    void streamingThroughTritonGivesTheBackfillsVerdicts() throws Exception {
        List<LogSequence> input = LlmBundles.sequences(80);
        Map<String, Verdict> backfill = run(conf(), input, null);
        Configuration c = conf();
        c.set(LlmOptions.LLM_TRITON, "127.0.0.1:" + server.port());
        Map<String, Verdict> streaming = run(c, input, null, RuntimeExecutionMode.STREAMING);
        assertThat(streaming.keySet()).isEqualTo(backfill.keySet());
        for (String key : backfill.keySet()) {
            assertThat(streaming.get(key).votes).as(key).containsExactly(backfill.get(key).votes);
        }
    }

    @Test
    void aServerThatIsDownAtStartDegradesVerdictsButLosesNone() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Configuration c = conf();
        c.set(LlmOptions.LLM_TRITON, "127.0.0.1:" + closedPort);
        c.set(LlmOptions.LLM_DEADLINE, Duration.ofMillis(500));
        c.set(LlmOptions.LLM_RETRIES, 0);
        Map<String, Verdict> verdicts = run(c, LlmBundles.sequences(60), null);

        assertThat(verdicts).hasSize(60);
        assertThat(verdicts.values()).allSatisfy(v -> {
            assertThat(v.degraded).isTrue();
            assertThat(llmVote(v)).isEqualTo(Member.UNAVAILABLE);
            assertThat(v.votes[0]).isIn(Member.NORMAL, Member.ANOMALOUS); // the tree still judged it
        });
    }

    /** The classifier rows the shared server has been asked to score, counted across its restarts. */
    static final ClassifierRows ASKED = new ClassifierRows();

    /**
     * Stops the server before sequence {@value #DOWN} and starts it again before {@value #UP}. The
     * tap runs ahead of the LLM stage by what the stage and the buffers between them hold, so before
     * stopping the server it waits until the server has been asked to score every sequence before
     * {@value #DOWN}: the outage then begins at that sequence however far ahead the tap was.
     */
    static final class Outage implements MapFunction<LogSequence, LogSequence> {
        static final int DOWN = 100;
        static final int UP = 200;
        /** Rows the server had been asked for before this run. */
        private final long before = ASKED.rows.get();
        private int seen;

        @Override
        public LogSequence map(LogSequence s) throws Exception {
            if (seen == DOWN) {
                Await.until("the server asked to score the " + DOWN + " sequences before the outage", Duration.ofSeconds(60),
                        () -> ASKED.rows.get() - before >= DOWN);
                server.stop();
            } else if (seen == UP) {
                restart(server.port()); // the stage's client knows this port
                Thread.sleep(300); // longer than the breaker stays open: the next batch is a trial call
            }
            seen++;
            return s;
        }
    }

    /**
     * Serves again on {@code port} (0: a free one) with {@link #ASKED}. A port just given up can stay
     * taken for a moment: in one full build, starting again on the same port right after
     * {@link InferenceServer#stop()} failed with "Address already in use", and the tests after it
     * found no server. So this tries again for up to 10 s.
     */
    static void restart(int port) throws InterruptedException {
        IOException[] last = {null};
        try {
            Await.until("the server serving again on port " + port, Duration.ofSeconds(10), () -> {
                try {
                    server.start(port, InsecureServerCredentials.create(), List.of(ASKED));
                    return true;
                } catch (IOException e) {
                    last[0] = e;
                    return false;
                }
            });
        } catch (AssertionError e) {
            if (last[0] != null) {
                e.addSuppressed(last[0]);
            }
            throw e;
        }
    }

    @Test
    void aServerThatGoesDownMidRunDegradesOnlyTheSequencesJudgedWhileItWasDown() throws Exception {
        server.stop();
        restart(0); // a free port, with ASKED counting what the stage asks for
        Configuration c = conf();
        c.set(LlmOptions.LLM_TRITON, "127.0.0.1:" + server.port());
        c.set(LlmOptions.LLM_CAPACITY, 8); // back-pressure: the tap cannot restart the server before the stage has met the outage
        // Without the cache's gate (a keyed, and in BATCH mode blocking, stage) the LLM stage follows
        // the tap directly, so the outage happens while the stage is scoring; the sequences are all
        // distinct, so the cache would answer none of them anyway.
        c.set(CacheOptions.CACHE_ENABLED, false);
        c.set(LlmOptions.LLM_BATCH_SIZE, 4);
        c.set(LlmOptions.LLM_DEADLINE, Duration.ofSeconds(2));
        c.set(LlmOptions.LLM_BREAKER_FAILURES, 1);
        c.set(LlmOptions.LLM_BREAKER_OPEN, Duration.ofMillis(100));
        // Explaining anomalous votes slows the stage, so the tap runs further ahead of it (the outage waits for it).
        c.set(LlmOptions.LLM_EXPLAIN, false);
        int n = 320;
        Map<String, Verdict> verdicts = run(c, LlmBundles.sequences(n), new Outage());

        assertThat(verdicts).as("every sequence gets a verdict").hasSize(n);
        List<Integer> degraded = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Verdict v = verdicts.get("seq-" + i);
            assertThat(v.degraded).as("degraded exactly when the LLM member could not vote")
                    .isEqualTo(llmVote(v) == Member.UNAVAILABLE);
            if (v.degraded) {
                degraded.add(i);
            }
        }
        assertThat(degraded).as("sequences judged while the server was down").isNotEmpty();
        assertThat(degraded).allSatisfy(i -> assertThat(i).isBetween(Outage.DOWN - 8, Outage.UP + 8));
        for (int i = n - 60; i < n; i++) {
            assertThat(verdicts.get("seq-" + i).degraded).as("scored again after the server came back: seq-" + i).isFalse();
        }
    }

    /** Counts the sequences the classifier model is asked to score (the batch rows of its requests). */
    static final class ClassifierRows implements ServerInterceptor {
        final AtomicLong rows = new AtomicLong();

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, h)) {
                @Override
                public void onMessage(Q message) {
                    if (message instanceof ModelInferRequest r && r.getModelName().contains("classifier")) {
                        rows.addAndGet(r.getInputs(0).getShape(0));
                    }
                    super.onMessage(message);
                }
            };
        }
    }

    @ParameterizedTest
    @EnumSource(RuntimeExecutionMode.class)
    void aSequenceTheCacheAnswersNeverReachesTheLlmBackend(RuntimeExecutionMode mode) throws Exception {
        if (mode == RuntimeExecutionMode.AUTOMATIC) {
            return;
        }
        List<LogSequence> distinct = LlmBundles.sequences(30);
        List<LogSequence> input = new ArrayList<>();
        for (int copy = 0; copy < 5; copy++) {
            for (LogSequence s : distinct) {
                LogSequence c = s.copy();
                c.key = s.key + "-copy-" + copy;
                input.add(c);
            }
        }
        ClassifierRows counted = new ClassifierRows();
        InferenceServer counting = InferenceServer.open(LlmFiles.repository(bundle), 1)
                .start(0, InsecureServerCredentials.create(), List.of(counted));
        try {
            Configuration c = conf();
            c.set(LlmOptions.LLM_TRITON, "127.0.0.1:" + counting.port());
            c.set(LlmOptions.LLM_EXPLAIN, false); // count the rows that score sequences, not those that explain votes
            Map<String, Verdict> verdicts = run(c, input, null, mode);

            assertThat(verdicts).hasSize(150);
            assertThat(verdicts.values()).allSatisfy(v -> assertThat(v.degraded).isFalse());
            assertThat(counted.rows.get()).as("sequences the classifier scored: each distinct one once").isEqualTo(30);
            assertThat(verdicts.values().stream().filter(v -> v.cached).count()).as("repeats answered by the cache")
                    .isEqualTo(120);
            for (LogSequence s : input) {
                Verdict first = verdicts.get(s.key.substring(0, s.key.indexOf("-copy-")) + "-copy-0");
                assertThat(verdicts.get(s.key).votes).as(s.key).containsExactly(first.votes);
            }
        } finally {
            counting.close();
        }
    }

    @Test
    void outsideTheJobABoundMemberScoresItselfAsTheStageDoes() throws Exception {
        dev.logsieve.ensemble.Ensemble ensemble = ModelBundle.read(bundle).ensemble();
        dev.logsieve.llm.LlmMember llm = (dev.logsieve.llm.LlmMember) ensemble.members().get(1);
        List<LogSequence> input = LlmBundles.sequences(40);
        LogSequence first = input.get(0);
        assertThat(ensemble.judge(first.templateIds, first.messages).votes()[1])
                .as("not bound to its files and no score given: it cannot vote").isEqualTo(Member.UNAVAILABLE);

        Map<String, Verdict> job = run(conf(), input, null);
        llm.bind(bundle);
        try {
            for (LogSequence s : input) {
                assertThat(ensemble.judge(s.templateIds, s.messages).votes()).as(s.key).containsExactly(job.get(s.key).votes);
            }
        } finally {
            ensemble.close();
        }
    }

    @Test
    void anAnomalousVerdictNamesTheMessagesThatMovedTheLlmScore() throws Exception {
        dev.logsieve.ensemble.Ensemble ensemble = ModelBundle.read(bundle).ensemble();
        dev.logsieve.llm.LlmMember llm = (dev.logsieve.llm.LlmMember) ensemble.members().get(1);
        List<LogSequence> input = LlmBundles.sequences(80);
        List<LogSequence> twice = new ArrayList<>(input);
        for (LogSequence s : input) {
            LogSequence again = s.copy();
            again.key = "again-" + s.key;
            twice.add(again);
        }
        Map<String, Verdict> job = run(conf(), twice, null);
        Configuration quiet = conf();
        quiet.set(LlmOptions.LLM_EXPLAIN, false);
        Map<String, Verdict> unexplained = run(quiet, input, null);
        llm.bind(bundle);
        int checked = 0;
        try {
            for (LogSequence s : input) {
                Verdict v = job.get(s.key);
                if (v.label != Member.ANOMALOUS) {
                    assertThat(v.evidence).as("a normal verdict carries no evidence").isNull();
                    continue;
                }
                MemberReason reason = v.evidence.members[1];
                assertThat(reason.member).isEqualTo("llm");
                assertThat(reason.influences).as(s.key).isNotEmpty();
                // each drop is what the models say of the sequence without that template's lines
                for (MemberReason.Influence f : reason.influences) {
                    LeaveOut without = LeaveOut.of(s.templateIds, s.messages, llm.maxMessages()).stream()
                            .filter(l -> l.templateId() == f.templateId).findFirst().orElseThrow();
                    double alone = llm.score(without.templateIds(), without.messages(), Float.NaN, null);
                    assertThat(f.drop).as(s.key).isCloseTo(v.scores[1] - alone, org.assertj.core.api.Assertions.within(1e-3));
                    assertThat(f.text).isEqualTo(s.messages[f.position - 1]);
                }
                assertThat(reason.summary).startsWith("llm anomalous (").contains(" without '");
                Verdict again = job.get("again-" + s.key);
                assertThat(again.cached || v.cached).as("one of the two copies is answered by the verdict cache").isTrue();
                assertThat(again.evidence).as("the cache keeps the evidence, the LLM's reason included")
                        .usingRecursiveComparison().isEqualTo(v.evidence);
                MemberReason quietReason = unexplained.get(s.key).evidence.members[1];
                assertThat(quietReason.influences).as("logsieve.llm.explain false").isNull();
                assertThat(quietReason.summary).isEqualTo(String.format(java.util.Locale.ROOT, "llm anomalous (%.2f)", v.scores[1]));
                checked++;
            }
        } finally {
            ensemble.close();
        }
        assertThat(checked).as("anomalous verdicts checked").isGreaterThan(3);
    }

    @Test
    void linesOfKnownTemplatesReachTheLlmMemberWithoutTheirText() throws Exception {
        // A template's id is made from its text, so the bundle gives the LLM member the text back:
        // lines of the templates it knows need not carry theirs through the job's shuffles.
        Models models = Models.open(bundle, conf());
        assertThat(models.messagesOfUnseenOnly()).as("templates whose lines go without text").isNotNull();
        for (String template : LlmBundles.TEMPLATES) {
            assertThat(models.messagesOfUnseenOnly().index(TemplateIds.of(template))).as(template).isNotNegative();
        }

        List<LogSequence> input = LlmBundles.sequences(120);
        List<LogSequence> bare = new ArrayList<>();
        for (LogSequence s : input) {
            LogSequence b = s.copy();
            // as the readers send them: no messages at all, or only those of templates the bundle lacks
            b.messages = bare.size() % 2 == 0 ? null : new String[s.templateIds.length];
            bare.add(b);
        }
        Map<String, Verdict> withText = run(conf(), input, null);
        Map<String, Verdict> without = run(conf(), bare, null);

        assertThat(without.keySet()).isEqualTo(withText.keySet());
        int explained = 0;
        for (String key : withText.keySet()) {
            Verdict v = withText.get(key);
            Verdict w = without.get(key);
            assertThat(w.degraded).as(key).isFalse();
            assertThat(w.votes).as(key).containsExactly(v.votes);
            assertThat(w.label).as(key).isEqualTo(v.label);
            assertThat(w.scores[1]).as(key).isCloseTo(v.scores[1], org.assertj.core.api.Assertions.within(1e-5));
            if (v.label == Member.ANOMALOUS) {
                MemberReason r = v.evidence.members[1];
                MemberReason q = w.evidence.members[1];
                assertThat(q.summary).as(key).isEqualTo(r.summary);
                assertThat(q.influences).hasSameSizeAs(r.influences);
                for (int i = 0; i < r.influences.length; i++) {
                    assertThat(q.influences[i].text).as(key).isNotNull().isEqualTo(r.influences[i].text);
                }
                explained++;
            }
        }
        assertThat(withText.values().stream().map(LlmStageTest::llmVote).distinct()).hasSize(2);
        assertThat(explained).as("anomalous verdicts whose LLM reason was compared").isGreaterThan(3);
    }

    @Test
    void theBundlesModelFilesAreChecked() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("tampered"));
        try (var files = Files.walk(bundle)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(bundle.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.writeString(copy.resolve(LlmFiles.CLASSIFIER_WEIGHTS.replace("classifier.safetensors", "tokenizer.json")), "{}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelBundle.verifyModelFiles(copy))
                .hasMessageContaining("llm/tokenizer.json").hasMessageContaining("corrupt");
    }
}
