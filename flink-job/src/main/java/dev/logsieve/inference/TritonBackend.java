package dev.logsieve.inference;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc;
import dev.logsieve.inference.proto.ModelConfigRequest;
import dev.logsieve.inference.proto.ModelInferRequest.InferInputTensor;
import dev.logsieve.inference.proto.ModelInferRequest.InferRequestedOutputTensor;
import dev.logsieve.inference.proto.ModelInferRequest;
import dev.logsieve.inference.proto.ModelInferResponse.InferOutputTensor;
import dev.logsieve.inference.proto.ModelInferResponse;
import dev.logsieve.inference.proto.ModelMetadataRequest;
import dev.logsieve.inference.proto.ModelMetadataResponse;
import dev.logsieve.inference.proto.ModelReadyRequest;
import dev.logsieve.inference.proto.ServerLiveRequest;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link LlmBackend} on a Triton Inference Server (or any KServe v2 gRPC server) that serves
 * {@code logllm_encoder} and {@code logllm_classifier} (DESIGN section 6).
 *
 * <p>{@link #open} connects, checks that the server is live, that both models are ready, and
 * that their metadata matches the contract ({@link ModelContract}); it fails with an
 * {@link IOException} that says what to check otherwise. Messages are tokenized here, with the
 * encoder's tokenizer, and sent as INT64 {@code input_ids}, {@code attention_mask} and
 * {@code token_type_ids} in little-endian {@code raw_input_contents}; a list longer than the
 * model's {@code max_batch_size} goes out as several requests at once.
 *
 * <p>Calls never block: each returns a future that completes on one of the backend's threads.
 * A call has {@link TritonSettings#deadline()} in all; a failure with {@code UNAVAILABLE} (server
 * down or restarting) is retried with exponential backoff while retries and time are left;
 * every other failure, and the last one, fails the future with a {@link TritonException}.
 *
 * <p>Thread-safe. {@link #close()} shuts the channel down (waiting a few seconds for calls in
 * flight), fails calls that are still waiting for a retry, and stops the backend's threads (all
 * named {@value #THREAD_PREFIX}-*), so a restarted Flink task leaks none.
 */
public final class TritonBackend implements LlmBackend {

    /** Name prefix of the backend's threads. */
    public static final String THREAD_PREFIX = "logsieve-triton";

    /** Used when the server does not implement ModelConfig (a KServe v2 server other than Triton). */
    static final int FALLBACK_MAX_BATCH = 64;

    private final TritonSettings settings;
    private final MessageTokenizer tokenizer;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    private EventLoopGroup eventLoop;
    private ExecutorService callbacks;
    private ScheduledExecutorService retries;
    private ManagedChannel channel;
    private GRPCInferenceServiceFutureStub stub;
    private int dimension;
    private int encoderMaxBatch;
    private int classifierMaxBatch;
    private boolean context;
    private volatile boolean closed;

    private TritonBackend(TritonSettings settings, MessageTokenizer tokenizer) {
        this.settings = settings;
        this.tokenizer = tokenizer;
    }

    /**
     * Connects to the server and checks it and both models.
     *
     * @param settings where the server is and how to call it
     * @param tokenizer the encoder's tokenizer; owned (closed) by the backend from now on, also
     *     when opening fails
     * @throws IOException the server is not reachable, not live, a model is not ready, or a model
     *     does not match the contract; the message names what and what to check
     */
    public static TritonBackend open(TritonSettings settings, MessageTokenizer tokenizer) throws IOException {
        TritonBackend b = new TritonBackend(settings, tokenizer);
        try {
            b.connect();
            return b;
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private void connect() throws IOException {
        eventLoop = new MultiThreadIoEventLoopGroup(1, new NamedThreads(THREAD_PREFIX + "-io"), NioIoHandler.newFactory());
        callbacks = Executors.newFixedThreadPool(2, new NamedThreads(THREAD_PREFIX + "-callback"));
        retries = Executors.newSingleThreadScheduledExecutor(new NamedThreads(THREAD_PREFIX + "-retry"));
        ChannelCredentials credentials = InsecureChannelCredentials.create();
        if (settings.tls()) {
            TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
            if (settings.caCertFile() != null) {
                try {
                    tls.trustManager(settings.caCertFile().toFile());
                } catch (IOException e) {
                    throw new IOException("cannot read the CA certificate file " + settings.caCertFile()
                            + " (PEM) for TLS to Triton at " + settings.target() + ": " + e.getMessage(), e);
                }
            }
            credentials = tls.build();
        }
        channel = NettyChannelBuilder.forAddress(settings.host(), settings.port(), credentials)
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .executor(callbacks)
                .offloadExecutor(callbacks)
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                .userAgent("logsieve")
                .build();
        Channel calls = settings.bearerToken() == null
                ? channel
                : ClientInterceptors.intercept(channel, new BearerToken(settings.bearerToken()));
        stub = GRPCInferenceServiceGrpc.newFutureStub(calls)
                .withMaxOutboundMessageSize(settings.maxOutboundMessageBytes());
        checkServer(GRPCInferenceServiceGrpc.newBlockingStub(calls)
                .withMaxOutboundMessageSize(settings.maxOutboundMessageBytes()));
    }

    /** The health check at start: live, both models ready, their metadata as the contract says. */
    private void checkServer(GRPCInferenceServiceBlockingStub blocking) throws IOException {
        String server = "Triton at " + settings.target();
        String version = settings.modelVersion();
        List<String> models = List.of(settings.encoderModel(), settings.classifierModel());
        try {
            if (!withDeadline(blocking).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()) {
                throw new IOException(server + " answers but says it is not live; see the server's log");
            }
            for (String m : models) {
                if (!withDeadline(blocking).modelReady(ModelReadyRequest.newBuilder().setName(m).setVersion(version)
                        .build()).getReady()) {
                    throw new IOException("model '" + m + "'" + (version.isEmpty() ? "" : " version " + version)
                            + " is not ready on " + server + ": check the server's log and that its model repository"
                            + " holds " + m + "/config.pbtxt and " + m + "/1/model.onnx (triton-models/README.md)");
                }
            }
            ModelMetadataResponse encoder = withDeadline(blocking).modelMetadata(
                    ModelMetadataRequest.newBuilder().setName(models.get(0)).setVersion(version).build());
            ModelMetadataResponse classifier = withDeadline(blocking).modelMetadata(
                    ModelMetadataRequest.newBuilder().setName(models.get(1)).setVersion(version).build());
            dimension = ModelContract.check(server, encoder, classifier);
            context = ModelContract.takesContext(classifier);
            encoderMaxBatch = maxBatch(blocking, models.get(0));
            classifierMaxBatch = maxBatch(blocking, models.get(1));
        } catch (StatusRuntimeException e) {
            throw new IOException(startFailure(e.getStatus()), e);
        }
    }

    private int maxBatch(GRPCInferenceServiceBlockingStub blocking, String model) throws IOException {
        int max;
        try {
            max = withDeadline(blocking).modelConfig(ModelConfigRequest.newBuilder().setName(model)
                    .setVersion(settings.modelVersion()).build()).getConfig().getMaxBatchSize();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            return FALLBACK_MAX_BATCH;
        }
        if (max <= 0) {
            throw new IOException("model '" + model + "' on Triton at " + settings.target() + " has max_batch_size "
                    + max + "; the contract needs batching (max_batch_size > 0, DESIGN section 6)");
        }
        return max;
    }

    private GRPCInferenceServiceBlockingStub withDeadline(GRPCInferenceServiceBlockingStub s) {
        return s.withDeadlineAfter(settings.deadline().toNanos(), TimeUnit.NANOSECONDS);
    }

    private String startFailure(Status s) {
        String server = "Triton at " + settings.target();
        String detail = s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription())
                + (s.getCause() == null ? "" : " (" + s.getCause() + ")");
        return switch (s.getCode()) {
            case UNAVAILABLE -> "cannot reach " + server + " over gRPC [" + detail + "]. Check that the server is"
                    + " running, that " + settings.target() + " is its gRPC port (Triton: 8001; 8000 is HTTP, 8002"
                    + " metrics), that the network lets it through, and that TLS is "
                    + (settings.tls() ? "on" : "off") + " on the server too";
            case DEADLINE_EXCEEDED -> server + " did not answer within " + settings.deadline() + " [" + detail
                    + "]: check the server's load and the network, or raise the deadline";
            case UNAUTHENTICATED, PERMISSION_DENIED -> server + " refused the call [" + detail + "]: check the"
                    + " bearer token (" + (settings.bearerToken() == null ? "none set" : "one is set") + ")";
            case NOT_FOUND -> server + " does not serve a model Logsieve needs [" + detail + "]; expected "
                    + settings.encoderModel() + " and " + settings.classifierModel();
            default -> server + " failed the start-up check [" + detail + "]";
        };
    }

    /** Settings in use. */
    public TritonSettings settings() {
        return settings;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The encoder's {@code max_batch_size}: messages per request at most. */
    public int encoderMaxBatch() {
        return encoderMaxBatch;
    }

    /** The classifier's {@code max_batch_size}: sequences per request at most. */
    public int classifierMaxBatch() {
        return classifierMaxBatch;
    }

    @Override
    public CompletableFuture<float[][]> embed(List<String> messages) {
        try {
            checkOpen();
            int n = messages.size();
            if (n == 0) {
                return CompletableFuture.completedFuture(new float[0][]);
            }
            List<CompletableFuture<float[][]>> parts = new ArrayList<>();
            for (int from = 0; from < n; from += encoderMaxBatch) {
                parts.add(embedBatch(tokenizer.tokenize(messages.subList(from, Math.min(n, from + encoderMaxBatch)))));
            }
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
                float[][] out = new float[n][];
                int at = 0;
                for (CompletableFuture<float[][]> p : parts) {
                    float[][] rows = p.join();
                    System.arraycopy(rows, 0, out, at, rows.length);
                    at += rows.length;
                }
                return out;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<float[][]> embedBatch(MessageTokenizer.TokenBatch t) {
        List<Long> shape = List.of((long) t.batch(), (long) t.length());
        ModelInferRequest.Builder r = request(settings.encoderModel(), ModelContract.ENCODER_OUTPUT);
        long[][] values = {t.inputIds(), t.attentionMask(), t.tokenTypeIds()};
        for (int i = 0; i < ModelContract.ENCODER_INPUTS.size(); i++) {
            r.addInputs(input(ModelContract.ENCODER_INPUTS.get(i), "INT64", shape)).addRawInputContents(TensorCodec.int64(values[i]));
        }
        String model = settings.encoderModel();
        return infer(model, r.build()).thenApply(resp -> {
            float[] flat = output(model, resp, ModelContract.ENCODER_OUTPUT, t.batch(), dimension);
            float[][] rows = new float[t.batch()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * dimension, (i + 1) * dimension);
            }
            return rows;
        });
    }

    @Override
    public boolean takesContext() {
        return context;
    }

    @Override
    public CompletableFuture<float[]> classify(float[] embeddings, long[] mask, int batch, int messages, Context ctx) {
        try {
            checkOpen();
            if (batch < 0 || messages <= 0 || embeddings.length != (long) batch * messages * dimension
                    || mask.length != (long) batch * messages) {
                throw new IllegalArgumentException("classify: embeddings must be [" + batch + ", " + messages + ", "
                        + dimension + "] and mask [" + batch + ", " + messages + "], got " + embeddings.length
                        + " and " + mask.length + " values");
            }
            if (context != (ctx != null)) {
                throw new IllegalArgumentException("model '" + settings.classifierModel() + "' on " + settings.target()
                        + (context ? " takes retrieved context, and none was given (a knowledge file, --context)"
                        : " takes no retrieved context; it was trained without --context"));
            }
            if (ctx != null && (ctx.contexts() <= 0 || ctx.embeddings().length != (long) batch * ctx.contexts() * dimension
                    || ctx.mask().length != (long) batch * ctx.contexts())) {
                throw new IllegalArgumentException("classify: context embeddings must be [" + batch + ", "
                        + ctx.contexts() + ", " + dimension + "] and context mask [" + batch + ", " + ctx.contexts()
                        + "] with at least one slot, got " + ctx.embeddings().length + " and " + ctx.mask().length
                        + " values");
            }
            List<CompletableFuture<float[]>> parts = new ArrayList<>();
            for (int from = 0; from < batch; from += classifierMaxBatch) {
                int rows = Math.min(batch, from + classifierMaxBatch) - from;
                int cells = rows * messages;
                Context part = ctx == null ? null : new Context(
                        Arrays.copyOfRange(ctx.embeddings(), from * ctx.contexts() * dimension,
                                (from + rows) * ctx.contexts() * dimension),
                        Arrays.copyOfRange(ctx.mask(), from * ctx.contexts(), (from + rows) * ctx.contexts()), ctx.contexts());
                parts.add(classifyBatch(
                        Arrays.copyOfRange(embeddings, from * messages * dimension, (from * messages + cells) * dimension),
                        Arrays.copyOfRange(mask, from * messages, from * messages + cells), rows, messages, part));
            }
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
                float[] out = new float[batch];
                int at = 0;
                for (CompletableFuture<float[]> p : parts) {
                    float[] rows = p.join();
                    System.arraycopy(rows, 0, out, at, rows.length);
                    at += rows.length;
                }
                return out;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<float[]> classifyBatch(float[] embeddings, long[] mask, int batch, int messages, Context ctx) {
        String model = settings.classifierModel();
        ModelInferRequest.Builder request = request(model, ModelContract.CLASSIFIER_OUTPUT)
                .addInputs(input(ModelContract.CLASSIFIER_INPUTS.get(0), "FP32", List.of((long) batch, (long) messages, (long) dimension)))
                .addRawInputContents(TensorCodec.fp32(embeddings))
                .addInputs(input(ModelContract.CLASSIFIER_INPUTS.get(1), "INT64", List.of((long) batch, (long) messages)))
                .addRawInputContents(TensorCodec.int64(mask));
        if (ctx != null) {
            long c = ctx.contexts();
            request.addInputs(input(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0), "FP32", List.of((long) batch, c, (long) dimension)))
                    .addRawInputContents(TensorCodec.fp32(ctx.embeddings()))
                    .addInputs(input(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(1), "INT64", List.of((long) batch, c)))
                    .addRawInputContents(TensorCodec.int64(ctx.mask()));
        }
        return infer(model, request.build()).thenApply(resp -> output(model, resp, ModelContract.CLASSIFIER_OUTPUT, batch, 1));
    }

    private ModelInferRequest.Builder request(String model, String output) {
        return ModelInferRequest.newBuilder()
                .setModelName(model)
                .setModelVersion(settings.modelVersion())
                .addOutputs(InferRequestedOutputTensor.newBuilder().setName(output));
    }

    private static InferInputTensor input(String name, String datatype, List<Long> shape) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addAllShape(shape).build();
    }

    /** The FP32 output {@code name}, which must have the shape [rows, cols]. */
    private float[] output(String model, ModelInferResponse resp, String name, int rows, int cols) {
        for (int i = 0; i < resp.getOutputsCount(); i++) {
            InferOutputTensor out = resp.getOutputs(i);
            if (!out.getName().equals(name)) {
                continue;
            }
            List<Long> expected = List.of((long) rows, (long) cols);
            if (!out.getDatatype().equals("FP32") || !out.getShapeList().equals(expected)) {
                throw answerBroken(model, "output '" + name + "' is " + out.getDatatype() + " " + out.getShapeList()
                        + ", expected FP32 " + expected);
            }
            float[] values = resp.getRawOutputContentsCount() > 0
                    ? TensorCodec.toFp32(i < resp.getRawOutputContentsCount() ? resp.getRawOutputContents(i) : ByteString.EMPTY)
                    : toArray(out.getContents().getFp32ContentsList());
            if (values.length != rows * cols) {
                throw answerBroken(model, "output '" + name + "' holds " + values.length + " values, expected "
                        + rows * cols);
            }
            return values;
        }
        throw answerBroken(model, "the answer has no output '" + name + "'");
    }

    private static float[] toArray(List<Float> list) {
        float[] a = new float[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private TritonException answerBroken(String model, String what) {
        return new TritonException("Triton at " + settings.target() + ", model '" + model + "': " + what,
                Status.Code.INTERNAL, null);
    }

    /** One ModelInfer call with the deadline and retries of the settings. */
    private CompletableFuture<ModelInferResponse> infer(String model, ModelInferRequest request) {
        CompletableFuture<ModelInferResponse> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        Deadline deadline = Deadline.after(settings.deadline().toNanos(), TimeUnit.NANOSECONDS);
        attempt(model, request, 1, deadline, result);
        return result;
    }

    private void attempt(String model, ModelInferRequest request, int attempt, Deadline deadline,
            CompletableFuture<ModelInferResponse> result) {
        if (closed) {
            result.completeExceptionally(closedException());
            return;
        }
        ListenableFuture<ModelInferResponse> call = stub.withDeadline(deadline).modelInfer(request);
        Futures.addCallback(call, new FutureCallback<>() {
            @Override
            public void onSuccess(ModelInferResponse r) {
                result.complete(r);
            }

            @Override
            public void onFailure(Throwable t) {
                Status s = Status.fromThrowable(t);
                long backoff = backoffNanos(attempt);
                if (s.getCode() == Status.Code.UNAVAILABLE && attempt <= settings.maxRetries() && !closed
                        && deadline.timeRemaining(TimeUnit.NANOSECONDS) > backoff) {
                    try {
                        retries.schedule(() -> {
                            // our backoff paces reconnecting, not gRPC's own (which grows to 2 minutes)
                            channel.resetConnectBackoff();
                            attempt(model, request, attempt + 1, deadline, result);
                        }, backoff, TimeUnit.NANOSECONDS);
                        return;
                    } catch (RejectedExecutionException closing) {
                        // closed meanwhile: fail below
                    }
                }
                result.completeExceptionally(new TritonException("Triton at " + settings.target() + ", model '"
                        + model + "': " + s.getCode() + (s.getDescription() == null ? "" : " (" + s.getDescription() + ")")
                        + " after " + attempt + (attempt == 1 ? " attempt" : " attempts") + " (deadline "
                        + settings.deadline() + ", at most " + (settings.maxRetries() + 1) + " attempts)", s.getCode(), t));
            }
        }, MoreExecutors.directExecutor());
    }

    /** Wait before retry number {@code attempt}: initial * 2^(attempt-1), at most the maximum, +-20 % jitter. */
    private long backoffNanos(int attempt) {
        long base = settings.backoffInitial().toNanos();
        long max = settings.backoffMax().toNanos();
        long b = attempt >= 31 ? max : Math.min(max, base << Math.min(attempt - 1, 30));
        return Math.max(1, Math.min(max, (long) (b * ThreadLocalRandom.current().nextDouble(0.8, 1.2))));
    }

    private void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private TritonException closedException() {
        return new TritonException("the Triton backend for " + settings.target() + " is closed", Status.Code.CANCELLED, null);
    }

    @Override
    public String describe() {
        return "triton " + settings.target() + (settings.tls() ? " (TLS)" : "");
    }

    /** Shuts the channel down (calls in flight get 5 s), fails waiting retries, stops the threads, closes the tokenizer. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (channel != null) {
                channel.shutdown();
                try {
                    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                        channel.shutdownNow();
                        channel.awaitTermination(2, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    channel.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
            if (retries != null) {
                retries.shutdownNow();
            }
            for (CompletableFuture<?> f : List.copyOf(pending)) {
                f.completeExceptionally(closedException());
            }
            if (callbacks != null) {
                callbacks.shutdown();
                try {
                    if (!callbacks.awaitTermination(2, TimeUnit.SECONDS)) {
                        callbacks.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    callbacks.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
            if (eventLoop != null) {
                eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        } finally {
            tokenizer.close();
        }
    }
}
