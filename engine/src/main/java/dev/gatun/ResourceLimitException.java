package dev.gatun;

/** An instance would exceed a configured resource limit (memory, table elements, instance count). */
public class ResourceLimitException extends WasmException {
    public ResourceLimitException(String message) {
        super(message);
    }
}
