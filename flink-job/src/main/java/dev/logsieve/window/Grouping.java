package dev.logsieve.window;

import dev.logsieve.format.LineFormat;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/** How lines form sequences. Immutable; built from the job's options. */
public final class Grouping implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of sequence. */
    public enum Type {
        /** Per session key; judged after a gap and finally after its lifetime (streaming), or at the end of input (whole-input). */
        SESSION,
        /** Fixed number of consecutive lines per source, LogLLM style. */
        COUNT,
        /** Tumbling event-time windows per source. */
        TIME
    }

    public final Type type;
    public final Duration sessionGap;
    /** Streaming sessions: event time from a key's first line to its final judgement. */
    public final Duration sessionLifetime;
    public final boolean wholeInput;
    public final int countSize;
    public final int countStep;
    public final Duration timeSize;

    public Grouping(Type type, Duration sessionGap, Duration sessionLifetime, boolean wholeInput, int countSize,
                    int countStep, Duration timeSize) {
        if (countSize < 1 || countStep < 1) {
            throw new IllegalArgumentException("count windows need size >= 1 and step >= 1, got size "
                    + countSize + " step " + countStep);
        }
        if (sessionGap.isNegative() || sessionGap.isZero()) {
            throw new IllegalArgumentException("session gap must be positive, got " + sessionGap);
        }
        if (sessionLifetime.compareTo(sessionGap) < 0) {
            throw new IllegalArgumentException("session lifetime (" + sessionLifetime + ") must be at least the session gap ("
                    + sessionGap + ")");
        }
        if (timeSize.isNegative() || timeSize.isZero()) {
            throw new IllegalArgumentException("time window size must be positive, got " + timeSize);
        }
        this.type = type;
        this.sessionGap = sessionGap;
        this.sessionLifetime = sessionLifetime;
        this.wholeInput = wholeInput;
        this.countSize = countSize;
        this.countStep = countStep;
        this.timeSize = timeSize;
    }

    /** True when a line's session key decides its sequence (else the source does). */
    public boolean bySessionKey() {
        return type == Type.SESSION;
    }

    @Override
    public String toString() {
        switch (type) {
            case SESSION: return wholeInput ? "sessions over the whole input"
                    : "sessions judged after a gap of " + sessionGap + ", final after " + sessionLifetime;
            case COUNT: return "count windows of " + countSize + ", step " + countStep;
            default: return "time windows of " + timeSize;
        }
    }

    /**
     * The grouping {@link WindowOptions} ask for, defaulting by format: sessions where lines name them.
     *
     * @param wholeInput sessions span the whole (bounded) input instead of closing after a gap
     */
    public static Grouping of(ReadableConfig conf, LineFormat format, boolean wholeInput) {
        Type type = conf.getOptional(WindowOptions.WINDOW_TYPE).orElse(format.hasSessions() ? Type.SESSION : Type.COUNT);
        if (type == Type.SESSION && !format.hasSessions()) {
            throw new IllegalArgumentException("format '" + format.name() + "' has no session keys: use "
                    + "--window count:SIZE/STEP or time:DURATION, or give --session-regex for a custom format");
        }
        Duration lifetime = conf.getOptional(WindowOptions.SESSION_LIFETIME).orElse(format.sessionLifetime());
        return new Grouping(type, conf.get(WindowOptions.SESSION_GAP), lifetime, wholeInput, conf.get(WindowOptions.COUNT_SIZE),
                conf.get(WindowOptions.COUNT_STEP), conf.get(WindowOptions.TIME_SIZE));
    }
}
