package dev.logsieve.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the Triton Inference Server is and how {@link TritonBackend} talks to it.
 *
 * @param host server name or address
 * @param port its gRPC port (Triton: 8001; 8000 is HTTP)
 * @param deadline time budget of one call, retries included
 * @param maxRetries further attempts after a call fails with {@code UNAVAILABLE} (0: none)
 * @param backoffInitial wait before the first retry; doubled for each further one
 * @param backoffMax longest wait between two attempts
 * @param maxInboundMessageBytes largest response accepted
 * @param maxOutboundMessageBytes largest request sent (a full classifier batch, 64 x 128 x 384
 *     FP32, is about 13 MB; gRPC's default limit is 4 MiB)
 * @param tls TLS on the connection
 * @param caCertFile PEM file of the certificate authorities to trust with TLS; null: the JDK's
 * @param bearerToken sent as {@code authorization: Bearer <token>} on every call; null: none
 * @param encoderModel name of the encoder model in the server's repository
 * @param classifierModel name of the classifier model
 * @param modelVersion version of both models; empty: the server's choice (the latest)
 */
public record TritonSettings(
        String host,
        int port,
        Duration deadline,
        int maxRetries,
        Duration backoffInitial,
        Duration backoffMax,
        int maxInboundMessageBytes,
        int maxOutboundMessageBytes,
        boolean tls,
        Path caCertFile,
        String bearerToken,
        String encoderModel,
        String classifierModel,
        String modelVersion) {

    /** Triton's default gRPC port. */
    public static final int DEFAULT_PORT = 8001;
    /** Default time budget of one call. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    /** Default message size limit, both ways. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;

    /** Checks the values. */
    public TritonSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Triton host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Triton port must be in 1..65535: " + port);
        }
        requirePositive(deadline, "deadline");
        requirePositive(backoffInitial, "backoffInitial");
        requirePositive(backoffMax, "backoffMax");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (maxInboundMessageBytes <= 0 || maxOutboundMessageBytes <= 0) {
            throw new IllegalArgumentException("message size limits must be positive");
        }
        if (caCertFile != null && !tls) {
            throw new IllegalArgumentException("a CA certificate file (" + caCertFile + ") needs TLS on");
        }
        Objects.requireNonNull(encoderModel, "encoderModel");
        Objects.requireNonNull(classifierModel, "classifierModel");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * Defaults for a server at {@code host:port}: plaintext, no token, a 10 second deadline, 3 retries from 100 ms to 2 s, 64 MiB messages, the models
     * {@code logllm_encoder} and {@code logllm_classifier}, their latest versions.
     */
    public static TritonSettings of(String host, int port) {
        return new TritonSettings(host, port, DEFAULT_DEADLINE, 3, Duration.ofMillis(100), Duration.ofSeconds(2),
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, false, null, null,
                ModelContract.ENCODER_MODEL, ModelContract.CLASSIFIER_MODEL, "");
    }

    /**
     * Defaults for {@code HOST:PORT} or {@code HOST} (port {@value #DEFAULT_PORT}); an IPv6
     * address goes in brackets ({@code [::1]:8001}).
     */
    public static TritonSettings parse(String target) {
        String t = target.trim();
        int colon = t.lastIndexOf(':');
        boolean bracketed = t.startsWith("[");
        if (colon < 0 || (bracketed && colon < t.indexOf(']')) || (!bracketed && t.indexOf(':') != colon)) {
            return of(unbracket(t), DEFAULT_PORT);
        }
        String portText = t.substring(colon + 1);
        try {
            return of(unbracket(t.substring(0, colon)), Integer.parseInt(portText));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Triton address must be HOST:PORT (e.g. triton:8001), not " + target);
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code host:port}, for messages. */
    public String target() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** These settings with another call deadline. */
    public TritonSettings withDeadline(Duration d) {
        return new TritonSettings(host, port, d, maxRetries, backoffInitial, backoffMax, maxInboundMessageBytes,
                maxOutboundMessageBytes, tls, caCertFile, bearerToken, encoderModel, classifierModel, modelVersion);
    }

    /** These settings with another retry policy. */
    public TritonSettings withRetries(int max, Duration initial, Duration maxBackoff) {
        return new TritonSettings(host, port, deadline, max, initial, maxBackoff, maxInboundMessageBytes,
                maxOutboundMessageBytes, tls, caCertFile, bearerToken, encoderModel, classifierModel, modelVersion);
    }

    /** These settings with other message size limits. */
    public TritonSettings withMessageLimits(int inboundBytes, int outboundBytes) {
        return new TritonSettings(host, port, deadline, maxRetries, backoffInitial, backoffMax, inboundBytes,
                outboundBytes, tls, caCertFile, bearerToken, encoderModel, classifierModel, modelVersion);
    }

    /** These settings with TLS on, trusting {@code caCert} (PEM), or the JDK's authorities when null. */
    public TritonSettings withTls(Path caCert) {
        return new TritonSettings(host, port, deadline, maxRetries, backoffInitial, backoffMax, maxInboundMessageBytes,
                maxOutboundMessageBytes, true, caCert, bearerToken, encoderModel, classifierModel, modelVersion);
    }

    /** These settings with a bearer token (null: none). */
    public TritonSettings withBearerToken(String token) {
        return new TritonSettings(host, port, deadline, maxRetries, backoffInitial, backoffMax, maxInboundMessageBytes,
                maxOutboundMessageBytes, tls, caCertFile, token, encoderModel, classifierModel, modelVersion);
    }

    /** These settings with other model names and version ("" = latest). */
    public TritonSettings withModels(String encoder, String classifier, String version) {
        return new TritonSettings(host, port, deadline, maxRetries, backoffInitial, backoffMax, maxInboundMessageBytes,
                maxOutboundMessageBytes, tls, caCertFile, bearerToken, encoder, classifier, version);
    }

    /** Like the record's, with the token left out. */
    @Override
    public String toString() {
        return "TritonSettings[" + target() + ", deadline " + deadline + ", retries " + maxRetries + " ("
                + backoffInitial + ".." + backoffMax + "), tls " + tls + (caCertFile == null ? "" : " ca " + caCertFile)
                + ", token " + (bearerToken == null ? "none" : "set") + ", models " + encoderModel + "/"
                + classifierModel + (modelVersion.isEmpty() ? "" : " v" + modelVersion) + "]";
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + d);
        }
    }
}
