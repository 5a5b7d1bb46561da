package dev.gatun.spring.autoconfigure;

import dev.gatun.EngineConfig;
import dev.gatun.spring.autoconfigure.GatunProperties.EngineProperties;

/** Turns {@code gatun.engine.*} into an engine configuration (shared engine and per-module engines alike). */
public final class EngineSettings {
    private EngineSettings() {}

    public static EngineConfig.Builder builder(EngineProperties engine) {
        EngineConfig.Builder builder = EngineConfig.builder().consumeFuel(engine.consumeFuel())
                .moduleCacheSize(engine.moduleCacheSize()).offHeapMemories(engine.offHeapMemories());
        if (engine.defaultTimeout() != null) builder.defaultTimeout(engine.defaultTimeout());
        if (engine.maxCallDepth() != null) builder.maxCallDepth(engine.maxCallDepth());
        if (engine.maxMemoryPages() != null) builder.maxMemoryPages(engine.maxMemoryPages());
        if (engine.maxInstances() != null) builder.maxInstances(engine.maxInstances());
        return builder;
    }
}
