package dev.gatun.spring.autoconfigure.exception;

/** The call was not attempted: the module's circuit breaker is open or its bulkhead is full. */
public class WasmCallRejectedException extends WasmExecutionException {
    public WasmCallRejectedException(String module, String function, Throwable cause) {
        super(module, function, "rejected: " + cause.getMessage(), cause);
    }

    @Override
    public String kind() {
        return "rejected";
    }
}
