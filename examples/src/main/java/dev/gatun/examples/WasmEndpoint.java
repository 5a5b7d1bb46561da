package dev.gatun.examples;

import dev.gatun.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** Actuator endpoint {@code /actuator/wasm}: modules, pool statistics and circuit breaker states. */
@Component
@Endpoint(id = "wasm")
public class WasmEndpoint {
    private final ModuleCatalog catalog;
    private final GuardedInvoker invoker;

    public WasmEndpoint(ModuleCatalog catalog, GuardedInvoker invoker) {
        this.catalog = catalog;
        this.invoker = invoker;
    }

    @ReadOperation
    public Map<String, Object> wasm() {
        Map<String, Object> modules = new LinkedHashMap<>();
        for (LoadedModule module : catalog.modules().values()) {
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("source", module.source());
            if (module instanceof LoadedModule.Library library) {
                PoolStats stats = library.pool().stats();
                description.put("pool", stats);
            }
            modules.put(module.name(), description);
        }
        Map<String, Object> breakers = new LinkedHashMap<>();
        invoker.breakers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> breakers.put(entry.getKey(),
                Map.of("state", entry.getValue().state(), "consecutiveFailures", entry.getValue().consecutiveFailures())));
        return Map.of("modules", modules, "breakers", breakers, "rejected", catalog.rejected());
    }
}
