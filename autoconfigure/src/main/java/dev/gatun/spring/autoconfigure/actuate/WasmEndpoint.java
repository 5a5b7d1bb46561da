package dev.gatun.spring.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.gatun.PoolStats;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;

/**
 * {@code /actuator/wasm}: the modules with their exports (and signatures), pool and limit settings, pool state
 * and trap counts; {@code POST /actuator/wasm/<module>} with {@code {"action": "warm"}} or {@code "reset"}.
 */
@Endpoint(id = "wasm")
public class WasmEndpoint {
    private final WasmModuleRegistry registry;

    public WasmEndpoint(WasmModuleRegistry registry) {
        this.registry = registry;
    }

    @ReadOperation
    public Map<String, Object> modules() {
        Map<String, Object> modules = new LinkedHashMap<>();
        registry.all().forEach(runtime -> modules.put(runtime.name(), describe(runtime)));
        return Map.of("modules", modules);
    }

    @ReadOperation
    public Map<String, Object> module(@Selector String name) {
        return registry.contains(name) ? describe(registry.get(name)) : null;
    }

    /** {@code action}: {@code warm} fills the pool to its maximum size; {@code reset} replaces it with a fresh pool. */
    @WriteOperation
    public Map<String, Object> poolAction(@Selector String name, String action) {
        if (!registry.contains(name)) return null;
        WasmModuleRuntime runtime = registry.get(name);
        switch (action) {
            case "warm" -> runtime.warm();
            case "reset" -> runtime.reset();
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use warm or reset");
        }
        return describe(runtime);
    }

    private static Map<String, Object> describe(WasmModuleRuntime runtime) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("location", runtime.settings().location());
        List<Map<String, String>> exports = runtime.module().exports().stream()
                .map(e -> Map.of("name", e.name(), "type", e.type().toString())).toList();
        description.put("exports", exports);
        var pool = runtime.settings().pool();
        description.put("poolSettings", Map.of("minIdle", pool.minIdle(), "maxSize", pool.maxSize(),
                "borrowTimeout", pool.borrowTimeout().toString()));
        Map<String, Object> limits = new LinkedHashMap<>();
        var configured = runtime.settings().limits();
        if (configured.maxMemoryPages() != null) limits.put("maxMemoryPages", configured.maxMemoryPages());
        if (configured.fuel() != null) limits.put("fuel", configured.fuel());
        if (configured.callDepth() != null) limits.put("callDepth", configured.callDepth());
        if (runtime.effectiveTimeout() != null) limits.put("timeout", runtime.effectiveTimeout().toString());
        description.put("limits", limits);
        PoolStats stats = runtime.pool().stats();
        description.put("pool", Map.of("size", stats.size(), "idle", stats.idle(), "inUse", stats.inUse(),
                "created", stats.created(), "discarded", stats.discarded()));
        description.put("calls", runtime.calls());
        description.put("failures", runtime.failures());
        description.put("traps", runtime.trapCounts());
        return description;
    }
}
