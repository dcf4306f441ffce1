package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.inference.proto.ModelInferRequest;
import dev.logsieve.inference.proto.ModelInferRequest.InferInputTensor;
import dev.logsieve.llm.train.ClassifierConfig;
import dev.logsieve.llm.train.ClassifierExport;
import dev.logsieve.llm.train.ClassifierRepository;
import dev.logsieve.llm.train.ClassifierWeights;
import dev.logsieve.llm.train.MiniLmEncoder;
import io.grpc.InsecureServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TritonBackend} against a real gRPC server ({@link InferenceServer}) over a repository whose
 * classifier takes retrieved context ({@code ClassifierConfig.defaults().withContext(4)}): the
 * context travels to the model, Triton's scores equal the in-process backend's, and a call without
 * context is refused.
 */
class TritonContextTest {

    /** Small, so that a batch of 5 sequences goes as 3 requests (2, 2, 1), each with its rows of context. */
    private static final int MAX_BATCH = 2;
    private static final int D = TestRepository.DIMENSION;

    private static final List<String> MESSAGES = List.of(
            "Receiving block <*> src: <*> dest: <*>",
            "PacketResponder <*> for block <*> terminating",
            "Exception in receiveBlock for block <*> java.io.IOException: Connection reset by peer",
            "Verification succeeded for <*>",
            "Deleting block <*> file <*>");
    private static final List<String> DESCRIPTIONS = List.of(
            "A DataNode receives a block from a client or another DataNode.",
            "A connection reset while receiving a block means the writer went away; the block is re-replicated.",
            "The block scanner verified a replica's checksum.",
            "The NameNode asked this DataNode to delete an over-replicated block.");

    @TempDir
    static Path tmp;
    private static Path repository;
    private static ServerHooks hooks;
    private static InferenceServer server;

    @BeforeAll
    static void startServer() throws Exception {
        repository = contextRepository(tmp.resolve("context-repo"));
        hooks = new ServerHooks();
        server = InferenceServer.open(repository, 1).start(0, InsecureServerCredentials.create(), List.of(hooks));
    }

    /** The shared repository's encoder and tokenizer (linked) with a classifier that takes up to 4 contexts. */
    private static Path contextRepository(Path dir) throws IOException {
        Path shared = TestRepository.get();
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve(ModelContract.ENCODER_MODEL), shared.resolve(ModelContract.ENCODER_MODEL));
        Files.createSymbolicLink(dir.resolve("tokenizer.json"), TestRepository.tokenizerJson());
        ClassifierConfig c = ClassifierConfig.defaults().withContext(4);
        ClassifierRepository.writeTritonModel(ClassifierExport.export(c, ClassifierWeights.random(c, 7)), D, dir, MAX_BATCH);
        return dir;
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetHooks() {
        hooks.reset();
    }

    private static TritonSettings settings(int port) {
        return TritonSettings.of("127.0.0.1", port);
    }

    private static TritonBackend open(TritonSettings s) throws IOException {
        return TritonBackend.open(s, MiniLmEncoder.tokenizer());
    }

    @Test
    void theRepositoryDeclaresTheContextInputs() throws Exception {
        assertThat(Files.readString(repository.resolve(ModelContract.CLASSIFIER_MODEL).resolve(ModelConfigs.FILE)))
                .isEqualTo(ClassifierRepository.tritonConfig(D, MAX_BATCH, true));
    }

    @Test
    void givesTheSameAnswersWithContextAsTheInProcessBackend() throws Exception {
        try (TritonBackend triton = open(settings(server.port()));
                InProcessBackend local = InProcessBackend.open(repository, TestRepository.tokenizerJson(), 100, 1)) {
            assertThat(triton.takesContext()).isTrue();
            assertThat(local.takesContext()).isTrue();
            assertThat(triton.classifierMaxBatch()).isEqualTo(MAX_BATCH);

            float[][] messages = local.embed(MESSAGES).join();
            float[][] descriptions = local.embed(DESCRIPTIONS).join();
            // 5 sequences of up to 4 messages (padded at the end), 3 context slots each with 3, 2, 1, 0 and 2 real
            int batch = 5;
            int n = 4;
            int slots = 3;
            float[] emb = new float[batch * n * D];
            long[] mask = new long[batch * n];
            float[] ctx = new float[batch * slots * D];
            long[] ctxMask = new long[batch * slots];
            int[] realContexts = {3, 2, 1, 0, 2};
            for (int s = 0; s < batch; s++) {
                for (int m = 0; m < n - s % n; m++) {
                    System.arraycopy(messages[(s + m) % messages.length], 0, emb, (s * n + m) * D, D);
                    mask[s * n + m] = 1;
                }
                for (int k = 0; k < slots; k++) {
                    // a masked slot holds a description too: only the mask says it is padding
                    System.arraycopy(descriptions[(s + k) % descriptions.length], 0, ctx, (s * slots + k) * D, D);
                    ctxMask[s * slots + k] = k < realContexts[s] ? 1 : 0;
                }
            }
            LlmBackend.Context context = new LlmBackend.Context(ctx, ctxMask, slots);

            float[] p = triton.classify(emb, mask, batch, n, context).get(60, TimeUnit.SECONDS);
            float[] q = local.classify(emb, mask, batch, n, context).join();
            assertThat(p).hasSize(batch);
            for (int s = 0; s < batch; s++) {
                assertThat(p[s]).as("sequence %d", s).isBetween(0f, 1f).isCloseTo(q[s], within(1e-5f));
            }

            // 3 requests, each carrying its own rows of the context
            assertThat(hooks.requests).hasSize(3);
            assertThat(hooks.requests).extracting(r -> r.getInputs(0).getShape(0)).containsExactlyInAnyOrder(2L, 2L, 1L);
            for (ModelInferRequest r : hooks.requests) {
                assertThat(r.getInputsList()).extracting(InferInputTensor::getName).containsExactly("message_embeddings",
                        "message_mask", "context_embeddings", "context_mask");
                long rows = r.getInputs(0).getShape(0);
                assertThat(r.getInputs(2).getDatatype()).isEqualTo("FP32");
                assertThat(r.getInputs(2).getShapeList()).containsExactly(rows, (long) slots, (long) D);
                assertThat(r.getInputs(3).getDatatype()).isEqualTo("INT64");
                assertThat(r.getInputs(3).getShapeList()).containsExactly(rows, (long) slots);
                int first = firstRow(r, emb, n);
                assertThat(TensorCodec.toFp32(r.getRawInputContents(2))).containsExactly(
                        Arrays.copyOfRange(ctx, first * slots * D, (first + (int) rows) * slots * D));
                assertThat(TensorCodec.toInt64(r.getRawInputContents(3))).containsExactly(
                        Arrays.copyOfRange(ctxMask, first * slots, (first + (int) rows) * slots));
            }

            // The context reaches the model: the same messages with the descriptions in another order score otherwise.
            float[] reordered = new float[ctx.length];
            for (int s = 0; s < batch; s++) {
                for (int k = 0; k < slots; k++) {
                    System.arraycopy(descriptions[(s + k + 1) % descriptions.length], 0, reordered, (s * slots + k) * D, D);
                }
            }
            float[] other = triton.classify(emb, mask, batch, n, new LlmBackend.Context(reordered, ctxMask, slots))
                    .get(60, TimeUnit.SECONDS);
            assertThat(Math.abs(other[0] - p[0])).as("sequence 0, other descriptions").isGreaterThan(1e-5f);
            assertThat(other[3]).as("sequence 3 has no real context").isCloseTo(p[3], within(1e-5f));
        }
    }

    @Test
    void aCallWithoutContextIsRefusedBeforeItIsSent() throws Exception {
        float[] emb = new float[2 * D];
        long[] mask = {1, 1};
        try (TritonBackend triton = open(settings(server.port()))) {
            assertThatThrownBy(() -> triton.classify(emb, mask, 1, 2).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model 'logllm_classifier' on 127.0.0.1:" + server.port())
                    .hasMessageContaining("takes retrieved context, and none was given");
            assertThat(hooks.inferCalls.get()).as("nothing sent").isZero();
        }
        try (InProcessBackend local = InProcessBackend.open(repository, TestRepository.tokenizerJson(), 100, 1)) {
            assertThatThrownBy(() -> local.classify(emb, mask, 1, 2).join())
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("trained with retrieved context and needs it");
        }
    }

    @Test
    void aServerWithoutContextRefusesContext() throws Exception {
        LlmBackend.Context context = new LlmBackend.Context(new float[D], new long[] {1}, 1);
        try (InferenceServer plain = InferenceServer.open(TestRepository.get(), 1).start(0);
                TritonBackend triton = open(settings(plain.port()))) {
            assertThat(triton.takesContext()).isFalse();
            assertThatThrownBy(() -> triton.classify(new float[2 * D], new long[] {1, 1}, 1, 2, context)
                    .get(60, TimeUnit.SECONDS))
                    .cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takes no retrieved context");
            assertThat(triton.classify(new float[2 * D], new long[] {1, 1}, 1, 2).get(60, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    /** The first sequence of {@code emb} (rows of [n, D]) that request {@code r} carries. */
    private static int firstRow(ModelInferRequest r, float[] emb, int n) {
        float[] sent = TensorCodec.toFp32(r.getRawInputContents(0));
        for (int s = 0; s * n * D < emb.length; s++) {
            if (Arrays.equals(sent, 0, n * D, emb, s * n * D, (s + 1) * n * D)) {
                return s;
            }
        }
        throw new AssertionError("request " + r.getId() + " carries no sequence of the batch");
    }
}
