package dev.gatun.spring.autoconfigure.module;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wraps every call into a module (e.g. with a circuit breaker or bulkhead). A decorator may also shorten the
 * call's deadline, which the engine enforces by stopping the guest.
 */
public interface WasmCallDecorator {
    <T> Supplier<T> decorate(String module, String function, Supplier<T> call);

    /** A deadline this decorator wants for calls into the module, or null. */
    default Duration timeout(String module) {
        return null;
    }

    /** False when calls into the module would be rejected now (e.g. circuit open): makes health DOWN. */
    default boolean permitsCalls(String module) {
        return true;
    }

    /** Extra health details for the module. */
    default Map<String, Object> details(String module) {
        return Map.of();
    }
}
