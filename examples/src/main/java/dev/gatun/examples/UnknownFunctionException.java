package dev.gatun.examples;

/** The request named a module or function the service does not have (HTTP 404). */
public class UnknownFunctionException extends RuntimeException {
    public UnknownFunctionException(String message) {
        super(message);
    }
}
