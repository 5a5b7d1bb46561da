package dev.gatun.examples;

import dev.gatun.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code wasmModules} (in the readiness group): UP when the bundled modules loaded;
 * details give each library's pool and the modules that were rejected.
 */
@Component("wasmModules")
public class ModulesHealthIndicator implements HealthIndicator {
    static final java.util.List<String> BUNDLED = java.util.List.of("text", "greet", "runaway");
    private final ModuleCatalog catalog;

    public ModulesHealthIndicator(ModuleCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        Map<String, Object> pools = new LinkedHashMap<>();
        for (LoadedModule module : catalog.modules().values()) {
            if (module instanceof LoadedModule.Library library) {
                PoolStats stats = library.pool().stats();
                pools.put(library.name(), Map.of("size", stats.size(), "idle", stats.idle(), "inUse", stats.inUse()));
            }
        }
        var missing = BUNDLED.stream().filter(name -> catalog.find(name).isEmpty()).toList();
        Health.Builder health = missing.isEmpty() ? Health.up() : Health.down().withDetail("missing", missing);
        return health.withDetail("modules", catalog.modules().keySet())
                .withDetail("pools", pools)
                .withDetail("rejected", catalog.rejected())
                .build();
    }
}
