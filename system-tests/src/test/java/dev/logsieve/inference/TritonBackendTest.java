package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.inference.proto.ModelInferRequest.InferInputTensor;
import dev.logsieve.inference.proto.ModelInferRequest;
import dev.logsieve.llm.train.MiniLmEncoder;
import io.grpc.InsecureServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TritonBackend} against a real gRPC server on loopback ({@link InferenceServer} over a
 * real exported repository), observed and disturbed through {@link ServerHooks}.
 */
class TritonBackendTest {

    private static final List<String> MESSAGES = List.of(
            "Receiving block <*> src: <*> dest: <*>",
            "PacketResponder <*> for block <*> terminating",
            "Exception in receiveBlock for block <*> java.io.IOException: Connection reset by peer",
            "Verification succeeded for <*>",
            "error",
            "Deleting block <*> file <*>");

    private static Path repository;
    private static ServerHooks hooks;
    private static InferenceServer server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        repository = TestRepository.get();
        hooks = new ServerHooks();
        server = InferenceServer.open(repository, 1);
        serve(0);
        port = server.port();
    }

    private static void serve(int p) throws IOException {
        server.start(p, InsecureServerCredentials.create(), List.of(hooks));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetHooks() {
        hooks.reset();
    }

    @AfterEach
    void serveAgainIfATestStoppedTheServer() throws IOException {
        hooks.reset();
        try {
            serve(port);
        } catch (IllegalStateException alreadyServing) {
            // the usual case
        }
    }

    private static TritonSettings settings() {
        return TritonSettings.of("127.0.0.1", port);
    }

    private static TritonBackend open(TritonSettings s) throws IOException {
        return TritonBackend.open(s, MiniLmEncoder.tokenizer());
    }

    @Test
    void givesTheSameAnswersAsTheInProcessBackend() throws Exception {
        try (TritonBackend triton = open(settings());
                InProcessBackend local = InProcessBackend.open(repository, TestRepository.tokenizerJson(), 100, 1)) {
            assertThat(triton.dimension()).isEqualTo(local.dimension()).isEqualTo(384);
            assertThat(triton.describe()).isEqualTo("triton 127.0.0.1:" + port);

            float[][] remote = triton.embed(MESSAGES).get(60, TimeUnit.SECONDS);
            float[][] inProcess = local.embed(MESSAGES).join();
            assertThat(remote).hasDimensions(MESSAGES.size(), 384);
            for (int i = 0; i < MESSAGES.size(); i++) {
                for (int j = 0; j < 384; j++) {
                    assertThat(remote[i][j]).as("message %d, dimension %d", i, j).isCloseTo(inProcess[i][j], within(1e-5f));
                }
            }

            // 3 sequences of up to 4 messages, the last ones padded
            int batch = 3;
            int n = 4;
            float[] emb = new float[batch * n * 384];
            long[] mask = new long[batch * n];
            for (int s = 0; s < batch; s++) {
                for (int m = 0; m < n - s; m++) {
                    System.arraycopy(inProcess[(s + m) % MESSAGES.size()], 0, emb, (s * n + m) * 384, 384);
                    mask[s * n + m] = 1;
                }
            }
            float[] p = triton.classify(emb, mask, batch, n).get(60, TimeUnit.SECONDS);
            float[] q = local.classify(emb, mask, batch, n).join();
            assertThat(p).hasSize(batch);
            for (int s = 0; s < batch; s++) {
                assertThat(p[s]).isBetween(0f, 1f).isCloseTo(q[s], within(1e-5f));
            }
        }
    }

    @Test
    void sendsTheContractsTensorsAsLittleEndianRawContents() throws Exception {
        try (TritonBackend triton = open(settings()); MessageTokenizer tok = MiniLmEncoder.tokenizer()) {
            List<String> five = MESSAGES.subList(0, 5);
            triton.embed(five).get(60, TimeUnit.SECONDS);

            assertThat(hooks.requests).as("five messages, one request").hasSize(1);
            ModelInferRequest enc = hooks.requests.get(0);
            MessageTokenizer.TokenBatch expected = tok.tokenize(five);
            assertThat(enc.getModelName()).isEqualTo(ModelContract.ENCODER_MODEL);
            assertThat(enc.getInputsList()).extracting(InferInputTensor::getName)
                    .containsExactlyElementsOf(ModelContract.ENCODER_INPUTS);
            for (InferInputTensor t : enc.getInputsList()) {
                assertThat(t.getDatatype()).isEqualTo("INT64");
                assertThat(t.getShapeList()).containsExactly(5L, (long) expected.length());
            }
            assertThat(enc.getRawInputContentsList()).allSatisfy(b -> assertThat(b.size()).isEqualTo(5 * expected.length() * 8));
            assertThat(TensorCodec.toInt64(enc.getRawInputContents(0))).containsExactly(expected.inputIds());
            assertThat(TensorCodec.toInt64(enc.getRawInputContents(1))).containsExactly(expected.attentionMask());
            assertThat(enc.getOutputs(0).getName()).isEqualTo(ModelContract.ENCODER_OUTPUT);

            hooks.requests.clear();
            float[] emb = new float[2 * 3 * 384];
            emb[0] = 0.25f;
            triton.classify(emb, new long[] {1, 1, 0, 1, 0, 0}, 2, 3).get(60, TimeUnit.SECONDS);
            ModelInferRequest cls = hooks.requests.get(0);
            assertThat(cls.getModelName()).isEqualTo(ModelContract.CLASSIFIER_MODEL);
            assertThat(cls.getInputs(0).getName()).isEqualTo("message_embeddings");
            assertThat(cls.getInputs(0).getDatatype()).isEqualTo("FP32");
            assertThat(cls.getInputs(0).getShapeList()).containsExactly(2L, 3L, 384L);
            assertThat(TensorCodec.toFp32(cls.getRawInputContents(0))).containsExactly(emb);
            assertThat(cls.getInputs(1).getName()).isEqualTo("message_mask");
            assertThat(cls.getInputs(1).getDatatype()).isEqualTo("INT64");
            assertThat(cls.getInputs(1).getShapeList()).containsExactly(2L, 3L);
            assertThat(TensorCodec.toInt64(cls.getRawInputContents(1))).containsExactly(1, 1, 0, 1, 0, 0);
        }
    }

    @Test
    void splitsMoreMessagesThanMaxBatchSizeIntoSeveralRequests() throws Exception {
        try (TritonBackend triton = open(settings())) {
            assertThat(triton.encoderMaxBatch()).isEqualTo(64);
            List<String> seventy = IntStream.range(0, 70).mapToObj(i -> "message number " + i).toList();
            float[][] rows = triton.embed(seventy).get(60, TimeUnit.SECONDS);

            assertThat(rows).hasNumberOfRows(70);
            assertThat(hooks.requests).extracting(r -> r.getInputs(0).getShape(0)).containsExactlyInAnyOrder(64L, 6L);
            float[][] last = triton.embed(List.of("message number 69")).get(60, TimeUnit.SECONDS);
            for (int j = 0; j < 384; j++) {
                assertThat(rows[69][j]).isCloseTo(last[0][j], within(1e-5f));
            }
        }
    }

    @Test
    void sendsTheBearerTokenOnEveryCall() throws Exception {
        try (TritonBackend triton = open(settings().withBearerToken("s3cret"))) {
            triton.embed(List.of("x")).get(60, TimeUnit.SECONDS);
        }
        assertThat(hooks.headers).hasSizeGreaterThan(5) // the start-up checks and the call
                .allSatisfy(h -> assertThat(h.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer s3cret"));

        hooks.reset();
        try (TritonBackend triton = open(settings())) {
            triton.embed(List.of("x")).get(60, TimeUnit.SECONDS);
        }
        assertThat(hooks.headers).allSatisfy(h -> assertThat(h.containsKey(BearerToken.AUTHORIZATION)).isFalse());
    }

    @Test
    void aServerThatIsDownAtStartIsReportedWithItsAddress() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> open(TritonSettings.of("127.0.0.1", closed).withDeadline(Duration.ofSeconds(5))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot reach Triton at 127.0.0.1:" + closed)
                .hasMessageContaining("gRPC port");
        awaitNoThreadsNamed(TritonBackend.THREAD_PREFIX);
    }

    @Test
    void aSlowServerFailsTheCallWithDeadlineExceededWithoutRetrying() throws Exception {
        try (TritonBackend triton = open(settings().withDeadline(Duration.ofMillis(500)))) {
            hooks.delayMillis = 5_000;
            long start = System.nanoTime();
            CompletableFuture<float[][]> call = triton.embed(List.of("slow"));

            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(TritonException.class,
                            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED))
                    .hasMessageContaining("logllm_encoder");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("deadline 500 ms, generous slack")
                    .isLessThan(Duration.ofMillis(4_000));
            assertThat(hooks.inferCalls.get()).isEqualTo(1);
            hooks.delayMillis = 0;
        }
    }

    @Test
    void unavailableIsRetriedWithBackoffUntilTheRetriesAreSpent() throws Exception {
        TritonSettings s = settings().withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100));
        try (TritonBackend triton = open(s)) {
            hooks.failNext.set(2);
            assertThat(triton.embed(List.of("retried")).get(60, TimeUnit.SECONDS)).hasNumberOfRows(1);
            assertThat(hooks.inferCalls.get()).isEqualTo(3);

            hooks.inferCalls.set(0);
            hooks.failNext.set(5);
            assertThatThrownBy(() -> triton.embed(List.of("given up")).get(60, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(TritonException.class,
                            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
                    .hasMessageContaining("after 3 attempts");
            assertThat(hooks.inferCalls.get()).isEqualTo(3);
        }
    }

    @Test
    void aServerThatGoesDownFailsCallsAndServesAgainWhenBackOnTheSamePort() throws Exception {
        TritonSettings s = settings().withDeadline(Duration.ofSeconds(20))
                .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(100));
        try (TritonBackend triton = open(s)) {
            assertThat(triton.embed(List.of("before")).get(60, TimeUnit.SECONDS)).hasNumberOfRows(1);

            server.stop();
            assertThatThrownBy(() -> triton.embed(List.of("while down")).get(60, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(TritonException.class,
                            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));

            serve(port);
            assertThat(triton.embed(List.of("after")).get(60, TimeUnit.SECONDS)).hasNumberOfRows(1);
        }
    }

    @Test
    void aCallRetriesAcrossAServerRestart() throws Exception {
        TritonSettings s = settings().withDeadline(Duration.ofSeconds(30))
                .withRetries(100, Duration.ofMillis(100), Duration.ofMillis(300));
        try (TritonBackend triton = open(s)) {
            server.stop();
            CompletableFuture<float[][]> call = triton.embed(List.of("across the restart"));
            Thread.sleep(1_000);
            assertThat(call).isNotDone();
            serve(port);
            assertThat(call.get(60, TimeUnit.SECONDS)).hasNumberOfRows(1);
        }
    }

    @Test
    void closeLeavesNoThreadsBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < 3; i++) {
            try (TritonBackend triton = open(settings())) {
                triton.embed(List.of("cycle " + i)).get(60, TimeUnit.SECONDS);
                assertThat(threadsNamed(TritonBackend.THREAD_PREFIX)).isNotEmpty();
            }
        }
        awaitNoThreadsNamed(TritonBackend.THREAD_PREFIX);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> extra;
        do {
            extra = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t))
                    .map(Thread::getName)
                    .filter(n -> !n.startsWith(InferenceServer.THREAD_PREFIX)) // the server's, not the client's
                    .toList();
        } while (!extra.isEmpty() && System.nanoTime() < deadline && sleep());
        assertThat(extra).as("threads left by 3 open/close cycles").isEmpty();
    }

    @Test
    void closeCompletesACallInFlightAndLaterCallsFail() throws Exception {
        TritonBackend triton = open(settings());
        hooks.delayMillis = 1_000;
        CompletableFuture<float[][]> call = triton.embed(List.of("in flight"));
        triton.close();

        assertThat(call).isDone();
        assertThatThrownBy(() -> triton.embed(List.of("too late")).join())
                .hasCauseInstanceOf(TritonException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void aModelWithOtherTensorsIsReportedByModelTensorAndExpectation(@TempDir Path tmp) throws Exception {
        Path int32 = TestRepository.withEditedConfig(tmp, ModelContract.ENCODER_MODEL, "TYPE_INT64", "TYPE_INT32");
        try (InferenceServer other = InferenceServer.open(int32, 1).start(0)) {
            assertThatThrownBy(() -> open(TritonSettings.of("127.0.0.1", other.port())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("model 'logllm_encoder' on Triton at 127.0.0.1:" + other.port())
                    .hasMessageContaining("input 'input_ids' is INT32 [-1, -1], expected INT64 [-1, -1]");
        }
        Path d256 = TestRepository.withEditedConfig(tmp, ModelContract.CLASSIFIER_MODEL, "[ -1, 384 ]", "[ -1, 256 ]");
        try (InferenceServer other = InferenceServer.open(d256, 1).start(0)) {
            assertThatThrownBy(() -> open(TritonSettings.of("127.0.0.1", other.port())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("model 'logllm_classifier'")
                    .hasMessageContaining("input 'message_embeddings' has width 256")
                    .hasMessageContaining("D = 384");
        }
        awaitNoThreadsNamed(TritonBackend.THREAD_PREFIX);
    }

    @Test
    void talksTlsWhenTheServerDoes(@TempDir Path tmp) throws Exception {
        Path keystore = tmp.resolve("server.p12");
        Path ca = tmp.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", ca.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());

        try (InferenceServer tls = InferenceServer.open(repository, 1)
                .start(0, TlsServerCredentials.newBuilder().keyManager(kmf.getKeyManagers()).build(), List.of())) {
            try (TritonBackend triton = open(TritonSettings.of("localhost", tls.port()).withTls(ca))) {
                assertThat(triton.describe()).endsWith("(TLS)");
                assertThat(triton.embed(List.of("encrypted")).get(60, TimeUnit.SECONDS)).hasNumberOfRows(1);
            }
            assertThatThrownBy(() -> open(TritonSettings.of("localhost", tls.port()).withDeadline(Duration.ofSeconds(5))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("TLS is off");
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static void awaitNoThreadsNamed(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threadsNamed(prefix).isEmpty() && System.nanoTime() < deadline) {
            sleep();
        }
        assertThat(threadsNamed(prefix)).as("threads named %s-* after close", prefix).isEmpty();
    }

    private static boolean sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
