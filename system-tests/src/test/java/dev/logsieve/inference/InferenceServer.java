package dev.logsieve.inference;

import ai.onnxruntime.OrtException;
import dev.logsieve.inference.proto.ModelConfig;
import dev.logsieve.llm.train.ClassifierExport;
import dev.logsieve.llm.train.EncoderExport;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A KServe v2 / Triton gRPC server ({@code GRPCInferenceService}) over a Triton model repository
 * written by {@link EncoderExport} and {@link ClassifierExport}, running both models with ONNX
 * Runtime on the CPU in this process. It reads each model's {@code config.pbtxt}, answers the
 * health, metadata and configuration calls as Triton does, and runs {@code ModelInfer} on
 * {@code raw_input_contents}, rejecting a wrong tensor name, datatype or shape with
 * {@code INVALID_ARGUMENT}.
 *
 * <p>It listens on the loopback address only. Uses: the tests of {@link TritonBackend} (a real
 * server, no mocks), and development without a GPU or a Triton image:
 *
 * <pre>
 * java -cp ... dev.logsieve.inference.InferenceServer bundle/triton 8001
 * </pre>
 *
 * <p>{@link #stop()} stops serving and keeps the models loaded, so the server can come back on
 * the same port with {@link #start(int)}; {@link #close()} also releases the models and threads
 * (named {@value #THREAD_PREFIX}-*). Tests may pass {@link ServerInterceptor}s to
 * {@link #start(int, ServerCredentials, List)} to observe calls, slow them down or fail them;
 * the server itself has no such switches.
 */
public final class InferenceServer implements AutoCloseable {

    /** Name prefix of the server's threads. */
    public static final String THREAD_PREFIX = "logsieve-inference-server";

    private final InferenceService service;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService executor;
    private Server server;
    private int port = -1;

    private InferenceServer(InferenceService service) {
        this.service = service;
        this.boss = new MultiThreadIoEventLoopGroup(1, new NamedThreads(THREAD_PREFIX + "-boss"), NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(2, new NamedThreads(THREAD_PREFIX + "-io"), NioIoHandler.newFactory());
        this.executor = Executors.newCachedThreadPool(new NamedThreads(THREAD_PREFIX + "-call"));
    }

    /**
     * Loads {@code <repository>/logllm_encoder} and {@code <repository>/logllm_classifier}
     * ({@code config.pbtxt} and {@code 1/model.onnx} each); serves nothing until {@link #start(int)}.
     *
     * @param intraOpThreads ONNX Runtime threads per inference
     */
    public static InferenceServer open(Path repository, int intraOpThreads) throws IOException {
        ModelConfig encoderConfig = ModelConfigs.read(repository, ModelContract.ENCODER_MODEL);
        ModelConfig classifierConfig = ModelConfigs.read(repository, ModelContract.CLASSIFIER_MODEL);
        Path encoderFile = InProcessBackend.model(repository, ModelContract.ENCODER_MODEL);
        Path classifierFile = InProcessBackend.model(repository, ModelContract.CLASSIFIER_MODEL);
        OnnxEncoder encoder = null;
        try {
            encoder = OnnxEncoder.openForTokens(encoderFile, intraOpThreads);
            OnnxClassifier classifier = OnnxClassifier.open(classifierFile, encoder.dimension(), intraOpThreads);
            return new InferenceServer(new InferenceService(encoderConfig, encoder, classifierConfig, classifier));
        } catch (OrtException e) {
            if (encoder != null) {
                try {
                    encoder.close();
                } catch (OrtException ignored) {
                    // native memory only
                }
            }
            throw new IOException("ONNX Runtime cannot load the models in " + repository + ": " + e.getMessage(), e);
        }
    }

    /** Serves in plaintext on {@code 127.0.0.1:port} (0: a free port; see {@link #port()}). */
    public InferenceServer start(int port) throws IOException {
        return start(port, InsecureServerCredentials.create(), List.of());
    }

    /**
     * Serves on the loopback address.
     *
     * @param port the port, 0 for a free one
     * @param credentials plaintext ({@link InsecureServerCredentials}) or TLS ({@code TlsServerCredentials})
     * @param interceptors applied to every call, the first one outermost (for tests)
     */
    public synchronized InferenceServer start(int port, ServerCredentials credentials, List<ServerInterceptor> interceptors)
            throws IOException {
        if (server != null) {
            throw new IllegalStateException("already serving on port " + this.port);
        }
        List<ServerInterceptor> reversed = new java.util.ArrayList<>(interceptors);
        java.util.Collections.reverse(reversed); // ServerInterceptors.intercept makes the last one outermost
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), credentials)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .channelType(NioServerSocketChannel.class)
                .executor(executor)
                .maxInboundMessageSize(TritonSettings.DEFAULT_MAX_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(service, reversed))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            server = null;
            throw new IOException("cannot serve on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        this.port = server.getPort();
        return this;
    }

    /** The port served on (the last one, after {@link #stop()}); -1 before the first start. */
    public synchronized int port() {
        return port;
    }

    /** Stops serving: refuses new calls, cancels calls in flight, closes connections; the models stay loaded. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    /** Stops serving, releases the models and stops the threads. */
    @Override
    public synchronized void close() {
        stop();
        executor.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        service.close();
    }

    /**
     * Serves a model repository until the process ends: {@code InferenceServer REPOSITORY [PORT]}
     * (default port 8001, Triton's gRPC port; loopback only).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: InferenceServer REPOSITORY [PORT]   (serves REPOSITORY/logllm_encoder and"
                    + " REPOSITORY/logllm_classifier over Triton's gRPC protocol on 127.0.0.1:PORT, default 8001)");
            System.exit(2);
        }
        int port = args.length == 2 ? Integer.parseInt(args[1]) : TritonSettings.DEFAULT_PORT;
        InferenceServer s = open(Path.of(args[0]), Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
                .start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, THREAD_PREFIX + "-shutdown"));
        System.out.println("serving " + args[0] + " over Triton's gRPC protocol on 127.0.0.1:" + s.port());
        Thread.currentThread().join();
    }
}
