package dev.logsieve.inference;

import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc;
import dev.logsieve.inference.proto.ModelInferRequest;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' window into an {@link InferenceServer} (installed with
 * {@link InferenceServer#start(int, io.grpc.ServerCredentials, List)}): records the ModelInfer
 * requests and every call's headers, and on demand delays ModelInfer calls or fails the next
 * ones with {@code UNAVAILABLE}, as a loaded or restarting Triton would.
 */
final class ServerHooks implements ServerInterceptor {

    final List<ModelInferRequest> requests = new CopyOnWriteArrayList<>();
    final List<Metadata> headers = new CopyOnWriteArrayList<>();
    final AtomicInteger inferCalls = new AtomicInteger();
    final AtomicInteger failNext = new AtomicInteger();
    volatile long delayMillis;

    void reset() {
        requests.clear();
        headers.clear();
        inferCalls.set(0);
        failNext.set(0);
        delayMillis = 0;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
        headers.add(h);
        if (!call.getMethodDescriptor().equals(GRPCInferenceServiceGrpc.getModelInferMethod())) {
            return next.startCall(call, h);
        }
        inferCalls.incrementAndGet();
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            call.close(Status.UNAVAILABLE.withDescription("test: failing on purpose"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, h)) {
            @Override
            public void onMessage(Q message) {
                requests.add((ModelInferRequest) message);
                super.onMessage(message);
            }
        };
    }
}
