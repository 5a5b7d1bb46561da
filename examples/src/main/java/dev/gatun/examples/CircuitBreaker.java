package dev.gatun.examples;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts consecutive failures of one function. At the threshold it opens: calls are rejected for
 * {@code openFor}; then one trial call is let through (half-open) and its outcome closes or re-opens it.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final String function;
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier clock;
    private int consecutiveFailures;
    private long openedAt;
    private State state = State.CLOSED;
    private boolean trialRunning;

    public CircuitBreaker(String function, int failureThreshold, Duration openFor, LongSupplier nanoClock) {
        if (failureThreshold < 1) throw new IllegalArgumentException("failure threshold must be >= 1, got " + failureThreshold);
        this.function = function;
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.clock = nanoClock;
    }

    /** Throws {@link CircuitOpenException} unless a call may go ahead now. */
    public synchronized void acquire() {
        if (state == State.OPEN) {
            long waited = clock.getAsLong() - openedAt;
            if (waited < openForNanos) throw new CircuitOpenException(function, Duration.ofNanos(openForNanos - waited));
            state = State.HALF_OPEN;
        }
        if (state == State.HALF_OPEN) {
            // Only one trial at a time: a runaway trial must not let a crowd of others through behind it.
            if (trialRunning) throw new CircuitOpenException(function, Duration.ofNanos(openForNanos));
            trialRunning = true;
        }
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        trialRunning = false;
        state = State.CLOSED;
    }

    public synchronized void onFailure() {
        trialRunning = false;
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
        }
    }

    /** A call that ended for a reason that says nothing about the function (e.g. no free instance). */
    public synchronized void onNeutral() {
        trialRunning = false;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
