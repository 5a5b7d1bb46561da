package dev.gatun.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gatun.spring.autoconfigure.actuate.WasmEndpoint;
import dev.gatun.spring.autoconfigure.actuate.WasmModuleHealthIndicator;
import dev.gatun.spring.autoconfigure.metrics.GatunMetrics;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/** Health per module ({@code wasm} contributor), the {@code wasm} actuator endpoint and Micrometer meters. */
@AutoConfiguration(after = GatunAutoConfiguration.class)
@ConditionalOnBean(WasmModuleRegistry.class)
public class GatunObservabilityAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CompositeHealthContributor.class)
    @ConditionalOnEnabledHealthIndicator("wasm")
    static class Health {
        /** One indicator per module, under {@code wasm/<module>}: add {@code wasm} to a readiness group. */
        @Bean
        @ConditionalOnMissingBean(name = "wasmHealthContributor")
        CompositeHealthContributor wasmHealthContributor(WasmModuleRegistry registry) {
            Map<String, HealthContributor> indicators = new LinkedHashMap<>();
            registry.all().forEach(runtime -> indicators.put(runtime.name(), new WasmModuleHealthIndicator(runtime)));
            return CompositeHealthContributor.fromMap(indicators);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class Actuator {
        @Bean
        @ConditionalOnMissingBean
        WasmEndpoint wasmEndpoint(WasmModuleRegistry registry) {
            return new WasmEndpoint(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        GatunMetrics gatunMetrics(WasmModuleRegistry registry) {
            return new GatunMetrics(registry);
        }
    }
}
