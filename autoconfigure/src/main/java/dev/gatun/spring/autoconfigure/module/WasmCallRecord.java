package dev.gatun.spring.autoconfigure.module;

import dev.gatun.spring.autoconfigure.exception.WasmExecutionException;

/**
 * One finished call.
 *
 * @param failure null when the call succeeded
 * @param memoryPages pages of the instance's memory after the call, -1 when unknown or none
 * @param fuelUsed fuel the call consumed, -1 when fuel is not metered
 */
public record WasmCallRecord(String module, String function, long nanos, WasmExecutionException failure,
        long memoryPages, long fuelUsed) {

    public String outcome() {
        return failure == null ? "success" : failure.kind();
    }
}
