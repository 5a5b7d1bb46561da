package dev.gatun.examples;

/** A request argument the function cannot take (HTTP 400). */
public class BadArgumentException extends IllegalArgumentException {
    public BadArgumentException(String message) {
        super(message);
    }
}
