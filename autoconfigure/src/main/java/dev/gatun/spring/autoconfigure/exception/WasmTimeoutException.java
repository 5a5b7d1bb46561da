package dev.gatun.spring.autoconfigure.exception;

import java.time.Duration;

/** The call ran past its deadline; the engine stopped the guest and the instance was discarded. */
public class WasmTimeoutException extends WasmExecutionException {
    private final Duration timeout;

    public WasmTimeoutException(String module, String function, Duration timeout, Throwable cause) {
        super(module, function, "timed out after " + timeout, cause);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String kind() {
        return "timeout";
    }
}
