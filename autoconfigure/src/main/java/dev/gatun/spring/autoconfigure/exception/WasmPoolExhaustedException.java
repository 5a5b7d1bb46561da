package dev.gatun.spring.autoconfigure.exception;

/** No instance of the module became free within the pool's borrow timeout. */
public class WasmPoolExhaustedException extends WasmExecutionException {
    public WasmPoolExhaustedException(String module, String function, Throwable cause) {
        super(module, function, "no instance free: " + cause.getMessage(), cause);
    }

    @Override
    public String kind() {
        return "pool_exhausted";
    }
}
