package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.gatun.spring.autoconfigure.app.Calc;
import dev.gatun.spring.autoconfigure.app.TestApplication;
import dev.gatun.spring.autoconfigure.exception.WasmCallRejectedException;
import dev.gatun.spring.autoconfigure.exception.WasmTimeoutException;
import dev.gatun.spring.autoconfigure.exception.WasmTrapException;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import dev.gatun.spring.autoconfigure.resilience.Resilience4jCallDecorator;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

/** Resilience4j instances named after a module guard its calls; a TimeLimiter becomes the engine deadline. */
class ResilienceTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class, GatunResilienceAutoConfiguration.class,
                    CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class, TimeLimiterAutoConfiguration.class))
            .withUserConfiguration(TestApplication.class).withPropertyValues(WasmFunctionsTest.MODULES);

    @Test
    void circuitOpensAfterRepeatedTraps() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.calc.sliding-window-size=4",
                "resilience4j.circuitbreaker.instances.calc.minimum-number-of-calls=4",
                "resilience4j.circuitbreaker.instances.calc.failure-rate-threshold=50",
                "resilience4j.circuitbreaker.instances.calc.wait-duration-in-open-state=1m").run(context -> {
            Calc calc = context.getBean(Calc.class);
            for (int i = 0; i < 4; i++) assertThatThrownBy(calc::crash).isInstanceOf(WasmTrapException.class);
            assertThatThrownBy(() -> calc.add(1, 2)).isInstanceOf(WasmCallRejectedException.class)
                    .hasMessageContaining("calc");
            var runtime = context.getBean(WasmModuleRegistry.class).get("calc");
            assertThat(runtime.permitsCalls()).isFalse();
            // the other module has no breaker: untouched
            assertThat(context.getBean(WasmModuleRegistry.class).get("hosted").permitsCalls()).isTrue();
        });
    }

    @Test
    void timeLimiterDurationStopsTheGuestThroughTheEngineDeadline() {
        runner.withPropertyValues("resilience4j.timelimiter.instances.calc.timeout-duration=150ms").run(context -> {
            var runtime = context.getBean(WasmModuleRegistry.class).get("calc");
            assertThat(runtime.effectiveTimeout()).isEqualTo(Duration.ofMillis(150));
            assertThatThrownBy(context.getBean(Calc.class)::spin).isInstanceOf(WasmTimeoutException.class);
            assertThat(runtime.pool().stats().discarded()).isEqualTo(1);
            assertThat(runtime.pool().stats().inUse()).isZero();
        });
    }

    @Test
    void perFunctionInstanceWinsOverModuleInstance() {
        runner.withPropertyValues("resilience4j.bulkhead.instances.calc-add.max-concurrent-calls=1",
                "resilience4j.bulkhead.instances.calc-add.max-wait-duration=0").run(context -> {
            assertThat(context.getBean(Calc.class).add(2, 3)).isEqualTo(5);
            var bulkheads = context.getBean(io.github.resilience4j.bulkhead.BulkheadRegistry.class);
            assertThat(bulkheads.bulkhead("calc-add").getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
        });
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("gatun.resilience4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Resilience4jCallDecorator.class));
    }

    @Test
    void absentWithoutResilience4jOnTheClassPath() {
        runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("io.github.resilience4j"))
                .run(context -> assertThat(context).doesNotHaveBean(Resilience4jCallDecorator.class));
    }
}
