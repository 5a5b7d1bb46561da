package dev.gatun.examples;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one Gatun engine of the service, and its pool gauges. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatunExampleProperties.class)
public class EngineConfiguration {

    /** Every outermost call gets the deadline {@code gatun.call-timeout} (compiled code checks it in loops). */
    @Bean
    public Engine gatunEngine(GatunExampleProperties properties) {
        return Engine.create(EngineConfig.builder().defaultTimeout(properties.callTimeout()).build());
    }

    /** {@code gatun.pool.instances} per module and state (idle, in-use), and the engine's live instances. */
    @Bean
    public MeterBinder gatunPoolMeters(ModuleCatalog catalog, Engine engine) {
        return registry -> {
            for (LoadedModule module : catalog.modules().values()) {
                if (!(module instanceof LoadedModule.Library library)) continue;
                Gauge.builder("gatun.pool.instances", library, l -> l.pool().stats().idle())
                        .tag("module", library.name()).tag("state", "idle").register(registry);
                Gauge.builder("gatun.pool.instances", library, l -> l.pool().stats().inUse())
                        .tag("module", library.name()).tag("state", "in-use").register(registry);
            }
            Gauge.builder("gatun.engine.live.instances", engine, Engine::liveInstances)
                    .description("Instances alive in the engine").register(registry);
        };
    }
}
