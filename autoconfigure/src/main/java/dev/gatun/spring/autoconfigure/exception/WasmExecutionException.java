package dev.gatun.spring.autoconfigure.exception;

/**
 * A call into a Wasm module failed. Subtypes say why: {@link WasmTrapException} (the guest trapped),
 * {@link WasmTimeoutException}, {@link WasmFuelExhaustedException}, {@link WasmPoolExhaustedException},
 * {@link WasmCallRejectedException} (circuit open or bulkhead full).
 */
public class WasmExecutionException extends RuntimeException {
    private final String module;
    private final String function;

    public WasmExecutionException(String module, String function, String message, Throwable cause) {
        super("wasm call " + module + "." + function + " failed: " + message, cause);
        this.module = module;
        this.function = function;
    }

    public String module() {
        return module;
    }

    public String function() {
        return function;
    }

    /** Short name of the failure, used as metric tag and in problem details. */
    public String kind() {
        return "error";
    }
}
