package dev.gatun.spring.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import dev.gatun.spring.autoconfigure.exception.WasmTrapException;
import dev.gatun.spring.autoconfigure.exception.WasmExecutionException;
import dev.gatun.spring.autoconfigure.module.WasmCallObserver;
import dev.gatun.spring.autoconfigure.module.WasmCallRecord;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters: {@code gatun.calls} (timer; module, function, outcome), {@code gatun.traps} (counter;
 * module, kind), {@code gatun.pool.size/idle/in.use/discarded} (gauges; module), {@code gatun.memory.pages}
 * and {@code gatun.fuel.used} (distribution summaries per call; module).
 */
public class GatunMetrics implements MeterBinder, WasmCallObserver {
    private final WasmModuleRegistry registry;
    private volatile MeterRegistry meters;

    public GatunMetrics(WasmModuleRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.meters = meterRegistry;
        for (WasmModuleRuntime runtime : registry.all()) {
            String module = runtime.name();
            Gauge.builder("gatun.pool.size", runtime, r -> r.pool().stats().size()).tag("module", module)
                    .description("Instances in the module's pool").register(meterRegistry);
            Gauge.builder("gatun.pool.idle", runtime, r -> r.pool().stats().idle()).tag("module", module)
                    .description("Idle instances in the module's pool").register(meterRegistry);
            Gauge.builder("gatun.pool.in.use", runtime, r -> r.pool().stats().inUse()).tag("module", module)
                    .description("Borrowed instances of the module's pool").register(meterRegistry);
            Gauge.builder("gatun.pool.discarded", runtime, r -> r.pool().stats().discarded()).tag("module", module)
                    .description("Instances discarded after a trap or interrupt").register(meterRegistry);
        }
    }

    @Override
    public void called(WasmCallRecord call) {
        MeterRegistry target = meters;
        if (target == null) return;
        Timer.builder("gatun.calls").description("Calls into Wasm modules").tag("module", call.module())
                .tag("function", call.function()).tag("outcome", call.outcome()).register(target)
                .record(call.nanos(), TimeUnit.NANOSECONDS);
        WasmExecutionException failure = call.failure();
        if (failure instanceof WasmTrapException || failure != null && failure.getCause() instanceof dev.gatun.WasmTrap) {
            target.counter("gatun.traps", "module", call.module(), "kind", failure.kind()).increment();
        }
        if (call.memoryPages() >= 0) {
            DistributionSummary.builder("gatun.memory.pages").description("Memory pages of the instance after a call")
                    .tag("module", call.module()).register(target).record(call.memoryPages());
        }
        if (call.fuelUsed() >= 0) {
            DistributionSummary.builder("gatun.fuel.used").description("Fuel a call consumed")
                    .tag("module", call.module()).register(target).record(call.fuelUsed());
        }
    }
}
