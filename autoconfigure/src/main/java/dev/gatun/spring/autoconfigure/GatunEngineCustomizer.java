package dev.gatun.spring.autoconfigure;

import dev.gatun.EngineConfig;

/** Adjusts the engine's configuration beyond what {@code gatun.engine.*} properties can say. */
@FunctionalInterface
public interface GatunEngineCustomizer {
    void customize(EngineConfig.Builder builder);
}
