package dev.gatun;

/** No pooled instance became free within the borrow timeout. */
public class PoolExhaustedException extends WasmException {
    public PoolExhaustedException(String message) {
        super(message);
    }
}
