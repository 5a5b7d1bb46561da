package dev.gatun.spring.autoconfigure.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.gatun.PoolStats;
import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;

/**
 * Health of one module: DOWN when its circuit breaker rejects calls or its pool cannot lend (every instance in
 * use at maximum size). Details: pool size, idle, in use, discarded, calls, failures, last trap.
 */
public class WasmModuleHealthIndicator implements HealthIndicator {
    private final WasmModuleRuntime runtime;

    public WasmModuleHealthIndicator(WasmModuleRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        PoolStats stats = runtime.pool().stats();
        boolean canLend = stats.idle() > 0 || stats.size() < runtime.settings().pool().maxSize();
        boolean permitted = runtime.permitsCalls();
        Health.Builder builder = canLend && permitted ? Health.up() : Health.down();
        if (!canLend) builder.withDetail("reason", "pool exhausted: all " + stats.size() + " instances in use");
        if (!permitted) builder.withDetail("reason", "calls rejected (circuit open)");
        builder.withDetail("poolSize", stats.size()).withDetail("maxSize", runtime.settings().pool().maxSize())
                .withDetail("idle", stats.idle()).withDetail("inUse", stats.inUse())
                .withDetail("discarded", stats.discarded()).withDetail("calls", runtime.calls())
                .withDetail("failures", runtime.failures());
        if (runtime.lastTrap() != null) builder.withDetail("lastTrap", runtime.lastTrap());
        runtime.decorators().forEach(d -> builder.withDetails(d.details(runtime.name())));
        return builder.build();
    }
}
