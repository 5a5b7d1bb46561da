package dev.gatun.spring.autoconfigure.exception;

/** The call used all the fuel its module's {@code limits.fuel} grants. */
public class WasmFuelExhaustedException extends WasmExecutionException {
    public WasmFuelExhaustedException(String module, String function, Throwable cause) {
        super(module, function, "all fuel consumed", cause);
    }

    @Override
    public String kind() {
        return "fuel_exhausted";
    }
}
