package dev.logsieve.scoring;

import java.util.function.LongSupplier;

/**
 * Stops calls to a failing model server for a while. Closed: calls go through; after
 * {@code failures} failures in a row it opens. Open: {@link #allow()} says no until
 * {@code openMillis} have passed; then it is half-open and says yes again, and the next outcome
 * decides: a success closes it, a failure opens it for another period. (In {@link LlmStage} one
 * worker makes the calls one after another, so the first call after the open period is the trial
 * and the sequences admitted meanwhile wait behind it instead of being judged without a score.)
 * Thread-safe.
 */
public final class CircuitBreaker {

    /** The breaker's state. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failures;
    private final long openMillis;
    private final LongSupplier clock;
    private State state = State.CLOSED;
    private int consecutive;
    private long openedAt;
    private long opened;

    /**
     * @param failures consecutive failures that open the breaker
     * @param openMillis how long it stays open before a trial call
     * @param clock milliseconds (System::currentTimeMillis, or a test's clock)
     */
    public CircuitBreaker(int failures, long openMillis, LongSupplier clock) {
        if (failures <= 0 || openMillis < 0) {
            throw new IllegalArgumentException("failures must be positive and the open time not negative");
        }
        this.failures = failures;
        this.openMillis = openMillis;
        this.clock = clock;
    }

    /** True when a call may be made now: closed, or half-open (the open period is over). */
    public synchronized boolean allow() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= openMillis) {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    /** A call succeeded. */
    public synchronized void success() {
        state = State.CLOSED;
        consecutive = 0;
    }

    /** A call failed. */
    public synchronized void failure() {
        consecutive++;
        if (state == State.HALF_OPEN || consecutive >= failures) {
            if (state != State.OPEN) {
                opened++;
            }
            state = State.OPEN;
            openedAt = clock.getAsLong();
        }
    }

    /** The current state (an open breaker whose time is up still reads OPEN until {@link #allow()}). */
    public synchronized State state() {
        return state;
    }

    /** How many times it has opened. */
    public synchronized long timesOpened() {
        return opened;
    }
}
