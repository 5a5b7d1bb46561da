package dev.gatun.examples;

import java.time.Duration;

/** A call ran past the time limit and was interrupted (HTTP 504). */
public class FunctionTimeoutException extends RuntimeException {
    public FunctionTimeoutException(String function, Duration limit, Throwable cause) {
        super(function + " ran longer than " + limit + " and was stopped", cause);
    }
}
