package dev.logsieve.inference;

import io.grpc.Status;

/**
 * A call to the inference server that failed: the gRPC status after the last attempt (e.g.
 * {@code DEADLINE_EXCEEDED}, {@code UNAVAILABLE} once the retries are spent,
 * {@code INVALID_ARGUMENT}), or {@code INTERNAL} for an answer that breaks the model contract.
 */
public final class TritonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Status.Code code;

    /** A failure with {@code code}; {@code cause} is gRPC's exception or null. */
    public TritonException(String message, Status.Code code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code. */
    public Status.Code code() {
        return code;
    }
}
