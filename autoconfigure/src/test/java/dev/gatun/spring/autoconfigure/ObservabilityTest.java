package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.gatun.spring.autoconfigure.actuate.WasmEndpoint;
import dev.gatun.spring.autoconfigure.app.Calc;
import dev.gatun.spring.autoconfigure.app.TestApplication;
import dev.gatun.spring.autoconfigure.metrics.GatunMetrics;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Health per module, the wasm endpoint as JSON, and meters after calls. */
class ObservabilityTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class, GatunObservabilityAutoConfiguration.class))
            .withUserConfiguration(TestApplication.class).withPropertyValues(WasmFunctionsTest.MODULES);

    private static HealthIndicator indicator(org.springframework.context.ApplicationContext context, String module) {
        var composite = context.getBean("wasmHealthContributor", CompositeHealthContributor.class);
        return (HealthIndicator) composite.getContributor(module);
    }

    @Test
    void healthIsUpWithPoolDetailsAndDownWhenThePoolCannotLend() {
        runner.withPropertyValues("gatun.modules.calc.pool.max-size=1", "gatun.modules.calc.pool.borrow-timeout=10ms")
                .run(context -> {
                    Calc calc = context.getBean(Calc.class);
                    assertThatThrownBy(calc::crash).isInstanceOf(RuntimeException.class);
                    Health health = indicator(context, "calc").health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("maxSize", 1).containsEntry("discarded", 1L)
                            .containsEntry("inUse", 0).containsKeys("poolSize", "idle", "lastTrap");
                    assertThat((String) health.getDetails().get("lastTrap")).contains("unreachable");
                    try (var held = context.getBean("calcPool", dev.gatun.InstancePool.class).borrow()) {
                        Health busy = indicator(context, "calc").health();
                        assertThat(busy.getStatus()).isEqualTo(Status.DOWN);
                        assertThat((String) busy.getDetails().get("reason")).contains("pool exhausted");
                    }
                });
    }

    @Test
    void healthIsDownWhileTheCircuitIsOpen() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class, GatunObservabilityAutoConfiguration.class,
                        GatunResilienceAutoConfiguration.class, CircuitBreakerAutoConfiguration.class))
                .withUserConfiguration(TestApplication.class).withPropertyValues(WasmFunctionsTest.MODULES)
                .withPropertyValues("resilience4j.circuitbreaker.instances.calc.sliding-window-size=2",
                        "resilience4j.circuitbreaker.instances.calc.minimum-number-of-calls=2")
                .run(context -> {
                    Calc calc = context.getBean(Calc.class);
                    for (int i = 0; i < 2; i++) assertThatThrownBy(calc::crash).isInstanceOf(RuntimeException.class);
                    Health health = indicator(context, "calc").health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("circuitBreaker", "OPEN");
                    assertThat(indicator(context, "hosted").health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void healthBacksOffWhenDisabled() {
        runner.withPropertyValues("management.health.wasm.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("wasmHealthContributor").hasSingleBean(WasmEndpoint.class));
    }

    @Test
    void endpointListsModulesExportsSettingsAndTrapsAsJson() {
        runner.withPropertyValues("gatun.modules.calc.timeout=2s", "gatun.modules.calc.pool.max-size=2").run(context -> {
            Calc calc = context.getBean(Calc.class);
            calc.add(1, 2);
            assertThatThrownBy(() -> calc.divide(1, 0)).isInstanceOf(RuntimeException.class);
            String json = JsonMapper.builder().build().writeValueAsString(context.getBean(WasmEndpoint.class).modules());
            assertThat(json).contains("\"calc\"", "\"hosted\"", "\"name\":\"add\"", "\"type\":\"func (i32, i32) -> (i32)\"",
                    "\"maxSize\":2", "\"timeout\":\"PT2S\"", "\"integer_divide_by_zero\":1", "\"calls\":2");
            assertThat(context.getBean(WasmEndpoint.class).module("nope")).isNull();
        });
    }

    @Test
    void writeOperationWarmsAndResetsThePool() {
        runner.withPropertyValues("gatun.modules.calc.pool.max-size=3").run(context -> {
            WasmEndpoint endpoint = context.getBean(WasmEndpoint.class);
            Map<String, Object> warmed = endpoint.poolAction("calc", "warm");
            assertThat(warmed.get("pool")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("idle", 3);
            Map<String, Object> reset = endpoint.poolAction("calc", "reset");
            assertThat(reset.get("pool")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("idle", 0);
            assertThat(context.getBean(Calc.class).add(1, 1)).isEqualTo(2);
            assertThatThrownBy(() -> endpoint.poolAction("calc", "explode")).hasMessageContaining("warm or reset");
        });
    }

    @Test
    void metricsAfterCalls() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("gatun.modules.calc.limits.fuel=100000")
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    context.getBean(GatunMetrics.class).bindTo(meters); // what Boot's metrics auto-configuration does
                    Calc calc = context.getBean(Calc.class);
                    calc.add(1, 2);
                    calc.upper("abc");
                    assertThatThrownBy(() -> calc.divide(1, 0)).isInstanceOf(RuntimeException.class);
                    assertThat(meters.get("gatun.calls").tags("module", "calc", "function", "add", "outcome", "success")
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.get("gatun.calls").tags("function", "divide", "outcome", "integer_divide_by_zero")
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.get("gatun.traps").tags("module", "calc", "kind", "integer_divide_by_zero")
                            .counter().count()).isEqualTo(1);
                    assertThat(meters.get("gatun.pool.discarded").tags("module", "calc").gauge().value()).isEqualTo(1);
                    assertThat(meters.get("gatun.pool.idle").tags("module", "calc").gauge().value()).isZero(); // the one instance trapped
                    calc.add(1, 1);
                    assertThat(meters.get("gatun.pool.idle").tags("module", "calc").gauge().value()).isEqualTo(1);
                    assertThat(meters.get("gatun.pool.in.use").tags("module", "calc").gauge().value()).isZero();
                    assertThat(meters.get("gatun.memory.pages").tags("module", "calc").summary().max()).isEqualTo(1);
                    assertThat(meters.get("gatun.fuel.used").tags("module", "calc").summary().totalAmount()).isPositive();
                });
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).doesNotHaveBean(GatunMetrics.class));
    }
}
