package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.gatun.TrapKind;
import dev.gatun.spring.autoconfigure.app.Calc;
import dev.gatun.spring.autoconfigure.app.Doubler;
import dev.gatun.spring.autoconfigure.app.Hosted;
import dev.gatun.spring.autoconfigure.app.TestApplication;
import dev.gatun.spring.autoconfigure.exception.WasmFuelExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmPoolExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmTimeoutException;
import dev.gatun.spring.autoconfigure.exception.WasmTrapException;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;

/** The test application: typed interfaces injected, marshalling, traps, time-outs, fuel, pool exhaustion. */
class WasmFunctionsTest {
    static final String[] MODULES = {"gatun.modules.calc.location=classpath:wasm/calc.wat",
            "gatun.modules.hosted.location=classpath:wasm/hosted.wat"};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class))
            .withUserConfiguration(TestApplication.class).withPropertyValues(MODULES);

    @Test
    void interfacesAreInjectedAndCallExports() {
        runner.run(context -> {
            Calc calc = context.getBean(Calc.class);
            assertThat(calc.add(20, 22)).isEqualTo(42);
            assertThat(calc.multiply(1L << 40, 3)).isEqualTo(3L << 40);
            assertThat(calc.half(5.0)).isEqualTo(2.5);
            assertThat(calc.addThree(1, 2, 3)).isEqualTo(6);
            assertThat(calc.toString()).contains("calc");
        });
    }

    @Test
    void stringsAndBytesGoThroughGuestMemory() {
        runner.run(context -> {
            Calc calc = context.getBean(Calc.class);
            assertThat(calc.upper("hello, wasm")).isEqualTo("HELLO, WASM");
            assertThat(calc.upper("")).isEmpty();
            assertThat(calc.upper("grüße")).isEqualTo("GRüßE");
            assertThat(calc.upperBytes("abc".getBytes(StandardCharsets.US_ASCII))).containsExactly('A', 'B', 'C');
            ByteBuffer result = calc.upperBuffer(ByteBuffer.wrap("xyz".getBytes(StandardCharsets.US_ASCII)));
            assertThat(StandardCharsets.US_ASCII.decode(result).toString()).isEqualTo("XYZ");
        });
    }

    @Test
    void hostFunctionBeansAreLinked() {
        runner.run(context -> {
            assertThat(context.getBean(Hosted.class).quadruple(5)).isEqualTo(20);
            assertThat(context.getBean(Doubler.class).calls).hasValue(2);
        });
    }

    @Test
    void trapsBecomeTrapExceptionsAndTheInstanceIsDiscarded() {
        runner.run(context -> {
            Calc calc = context.getBean(Calc.class);
            assertThatThrownBy(() -> calc.divide(1, 0)).isInstanceOfSatisfying(WasmTrapException.class, e -> {
                assertThat(e.trapKind()).isEqualTo(TrapKind.INTEGER_DIVIDE_BY_ZERO);
                assertThat(e.module()).isEqualTo("calc");
                assertThat(e.function()).isEqualTo("divide");
            });
            assertThatThrownBy(calc::crash).isInstanceOf(WasmTrapException.class).hasMessageContaining("unreachable");
            var runtime = context.getBean(WasmModuleRegistry.class).get("calc");
            assertThat(runtime.pool().stats().discarded()).isEqualTo(2);
            assertThat(runtime.trapCounts()).containsEntry("integer_divide_by_zero", 1L).containsEntry("unreachable", 1L);
            assertThat(calc.add(1, 1)).isEqualTo(2);
        });
    }

    @Test
    void timeoutStopsTheGuestAndDiscardsTheInstance() {
        runner.withPropertyValues("gatun.modules.calc.timeout=200ms").run(context -> {
            Calc calc = context.getBean(Calc.class);
            ExecutorService callers = Executors.newSingleThreadExecutor(r -> new Thread(r, "wasm-caller"));
            try {
                long start = System.nanoTime();
                Future<?> call = callers.submit(calc::spin);
                assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(WasmTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                // the caller thread left the guest: it waits for work and has no guest frames on its stack
                Thread.sleep(50);
                Thread.getAllStackTraces().forEach((thread, stack) -> {
                    if (thread.getName().equals("gatun-limit-watchdog")) return; // the engine's deadline ticker, no guest frames
                    if (thread.getName().equals("wasm-caller")) {
                        assertThat(thread.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
                    }
                    assertThat(Arrays.stream(stack).map(StackTraceElement::getClassName))
                            .noneMatch(name -> name.startsWith("dev.gatun.internal"));
                });
                var stats = context.getBean(WasmModuleRegistry.class).get("calc").pool().stats();
                assertThat(stats.discarded()).isEqualTo(1);
                assertThat(stats.inUse()).isZero();
                assertThat(calc.add(2, 2)).isEqualTo(4);
            } finally {
                callers.shutdownNow();
            }
        });
    }

    @Test
    void engineDefaultTimeoutAppliesToModulesWithoutTheirOwn() {
        runner.withPropertyValues("gatun.engine.default-timeout=100ms").run(context -> {
            assertThatThrownBy(context.getBean(Calc.class)::spin).isInstanceOfSatisfying(WasmTimeoutException.class,
                    e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100)));
            assertThat(context.getBean(WasmModuleRegistry.class).get("calc").pool().stats().discarded()).isEqualTo(1);
        });
    }

    @Test
    void fuelLimitStopsRunawayGuests() {
        runner.withPropertyValues("gatun.modules.calc.limits.fuel=10000").run(context -> {
            Calc calc = context.getBean(Calc.class);
            assertThatThrownBy(calc::spin).isInstanceOf(WasmFuelExhaustedException.class);
            assertThat(calc.add(3, 4)).isEqualTo(7);
        });
    }

    @Test
    void callDepthAndMemoryLimitsApplyPerModule() {
        runner.withPropertyValues("gatun.modules.calc.limits.call-depth=50", "gatun.modules.calc.limits.max-memory-pages=3")
                .run(context -> {
                    Calc calc = context.getBean(Calc.class);
                    assertThat(calc.recurse(20)).isEqualTo(20);
                    assertThatThrownBy(() -> calc.recurse(1000)).isInstanceOfSatisfying(WasmTrapException.class,
                            e -> assertThat(e.trapKind()).isEqualTo(TrapKind.CALL_STACK_EXHAUSTED));
                    assertThat(calc.grow(2)).isEqualTo(1);
                    assertThat(calc.grow(3)).isEqualTo(-1);
                });
        runner.run(context -> assertThat(context.getBean(Calc.class).recurse(1000)).isEqualTo(1000));
    }

    @Test
    void concurrentCallersShareTheBoundedPool() {
        runner.withPropertyValues("gatun.modules.calc.pool.max-size=2", "gatun.modules.calc.pool.borrow-timeout=10s").run(context -> {
            Calc calc = context.getBean(Calc.class);
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                java.util.List<Future<Integer>> sums = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int base = t * 1000;
                    sums.add(callers.submit(() -> {
                        int sum = 0;
                        for (int i = 0; i < 100; i++) sum += calc.add(base, i) - base;
                        return sum;
                    }));
                }
                for (Future<Integer> sum : sums) assertThat(sum.get(30, TimeUnit.SECONDS)).isEqualTo(4950);
            } finally {
                callers.shutdownNow();
            }
            var stats = context.getBean(WasmModuleRegistry.class).get("calc").pool().stats();
            assertThat(stats.size()).isLessThanOrEqualTo(2);
            assertThat(stats.inUse()).isZero();
        });
    }

    @Test
    void exhaustedPoolFailsWithinTheBorrowTimeout() {
        runner.withPropertyValues("gatun.modules.calc.pool.max-size=1", "gatun.modules.calc.pool.borrow-timeout=50ms")
                .run(context -> {
                    var pool = context.getBean("calcPool", dev.gatun.InstancePool.class);
                    try (var held = pool.borrow()) {
                        assertThatThrownBy(() -> context.getBean(Calc.class).add(1, 2))
                                .isInstanceOf(WasmPoolExhaustedException.class);
                    }
                });
    }
}
