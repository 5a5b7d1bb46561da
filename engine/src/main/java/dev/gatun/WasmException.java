package dev.gatun;

/** Base of every exception Gatun raises for a WebAssembly-level problem. */
public class WasmException extends RuntimeException {
    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
