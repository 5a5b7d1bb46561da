package dev.gatun.examples;

import java.time.Duration;

/** The function's circuit breaker is open: the call was not attempted (HTTP 503 with Retry-After). */
public class CircuitOpenException extends RuntimeException {
    private final Duration retryAfter;

    public CircuitOpenException(String function, Duration retryAfter) {
        super("circuit breaker of " + function + " is open after repeated failures; retry in "
                + Math.max(1, retryAfter.toSeconds()) + "s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
