package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final String SPIN = """
            (module
              (memory 512)
              (func (export "spin") (loop (br 0)))
              (func $deep (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
              (func (export "deep") (param i32) (result i32) (call $deep (local.get 0)))
              (func (export "tree") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
                  (else (i32.add (call 3 (i32.sub (local.get 0) (i32.const 1)))
                                 (call 3 (i32.sub (local.get 0) (i32.const 1)))))))
              (func (export "fill") (loop (memory.fill (i32.const 0) (i32.const 7) (i32.const 33554432)) (br 0)))
              (func (export "count") (param i32) (result i32) (local i32)
                (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                  (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
                (local.get 1))
              (func $short (local i32)
                (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                  (br_if 0 (i32.lt_u (local.get 0) (i32.const 3)))))
              (func (export "nested") (loop (call $short) (br 0))))
            """;

    private static Instance instance(Engine engine) {
        return new Linker(engine).instantiate(Module.fromWat(engine, SPIN));
    }

    /** Runs {@code body} and returns how long after {@code stopAtNanos} it ended with an InterruptedTrap. */
    private static long millisPastStop(Runnable body, long stopAtNanos) {
        assertThatThrownBy(body::run).isInstanceOf(InterruptedTrap.class);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAtNanos);
    }

    @Test
    void perCallDeadlineStopsALoopSoonAfterIt() {
        Instance instance = instance(Engine.create());
        instance.setTimeout(Duration.ofMillis(50));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        long late = millisPastStop(() -> {
            try {
                instance.function("spin").asRunnable().run();
            } catch (RuntimeException e) {
                thrown.set(e);
                throw e;
            }
        }, deadline);
        assertThat(late).isLessThan(2_000); // generous: 2 shared cores; the benchmark measures the real latency
        assertThat(thrown.get()).hasMessageContaining("deadline exceeded");
        // the instance is usable again, and the deadline applies afresh to each call
        assertThat(instance.function("count").asIntUnaryOperator().applyAsInt(1000)).isEqualTo(1000);
    }

    @Test
    void deadlineStopsDeepCallTreesAndLongFills() {
        Engine engine = Engine.create(EngineConfig.builder().defaultTimeout(Duration.ofMillis(30)).build());
        Instance instance = instance(engine);
        long start = System.nanoTime();
        assertThatThrownBy(() -> instance.function("tree").asIntUnaryOperator().applyAsInt(60))
                .isInstanceOf(InterruptedTrap.class);
        assertThatThrownBy(() -> instance.function("fill").asRunnable().run()).isInstanceOf(InterruptedTrap.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
    }

    @Test
    void interruptFromAnotherThread() throws Exception {
        Instance instance = instance(Engine.create());
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                instance.function("spin").asRunnable().run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(50);
        long interruptedAt = System.nanoTime();
        instance.interrupt();
        Throwable t = run.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(InterruptedTrap.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt)).isLessThan(2_000);
        assertThat(instance.hasTrapped()).isTrue();
    }

    @Test
    void aLoopWhoseCalleesRunShortLoopsStopsAtADeadline() {
        // the loop headers' countdown passes through the callee, so the back-edges of both count
        Instance instance = instance(Engine.create());
        instance.setTimeout(Duration.ofMillis(30));
        assertThatThrownBy(() -> instance.function("nested").asRunnable().run())
                .isInstanceOf(InterruptedTrap.class).hasMessageContaining("deadline exceeded");
        Instance fueled = instance(Engine.create(EngineConfig.builder().consumeFuel(true).build()));
        fueled.setFuel(Long.MAX_VALUE / 2);
        fueled.setTimeout(Duration.ofMillis(30));
        assertThatThrownBy(() -> fueled.function("nested").asRunnable().run())
                .isInstanceOf(InterruptedTrap.class).hasMessageContaining("deadline exceeded");
    }

    @Test
    void threadInterruptStopsTheGuest() throws Exception {
        Instance instance = instance(Engine.create());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                instance.function("spin").asRunnable().run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        Thread.sleep(50);
        runner.interrupt();
        runner.join(5_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedTrap.class).hasMessageContaining("thread interrupted");
    }

    @Test
    void fuelRunsOutAndCanBeRefilled() {
        Engine engine = Engine.create(EngineConfig.builder().consumeFuel(true).initialFuel(10_000).build());
        Instance instance = instance(engine);
        assertThat(instance.fuel()).isEqualTo(10_000);
        assertThat(instance.function("count").asIntUnaryOperator().applyAsInt(100)).isEqualTo(100);
        long left = instance.fuel();
        assertThat(left).isLessThan(10_000 - 100).isGreaterThan(10_000 - 100 * 20);
        assertThatThrownBy(() -> instance.function("spin").asRunnable().run())
                .isInstanceOf(OutOfFuelTrap.class).hasMessageContaining("fuel");
        assertThat(instance.fuel()).isZero();
        instance.setFuel(1_000_000);
        assertThat(instance.function("count").asIntUnaryOperator().applyAsInt(1000)).isEqualTo(1000);
        instance.addFuel(5);
        assertThat(instance.fuel()).isLessThan(1_000_000).isGreaterThan(900_000);
        assertThatThrownBy(() -> instance(Engine.create()).fuel()).hasMessageContaining("fuel is off");
    }

    @Test
    void fuelChargesInProportionToWork() {
        Engine engine = Engine.create(EngineConfig.builder().consumeFuel(true).initialFuel(Long.MAX_VALUE / 2).build());
        Instance instance = instance(engine);
        long before = instance.fuel();
        instance.function("count").asIntUnaryOperator().applyAsInt(1000);
        long small = before - instance.fuel();
        before = instance.fuel();
        instance.function("count").asIntUnaryOperator().applyAsInt(100_000);
        long large = before - instance.fuel();
        assertThat(large).isBetween(small * 90, small * 110);
    }

    @Test
    void callDepthLimit() {
        Engine engine = Engine.create(EngineConfig.builder().maxCallDepth(100).build());
        Instance instance = instance(engine);
        assertThat(instance.function("deep").asIntUnaryOperator().applyAsInt(50)).isEqualTo(50);
        assertThatThrownBy(() -> instance.function("deep").asIntUnaryOperator().applyAsInt(500))
                .isInstanceOf(CallStackExhaustedTrap.class);
        assertThat(instance.function("deep").asIntUnaryOperator().applyAsInt(90)).isEqualTo(90);
    }

    private static final String GROW = """
            (module (memory (export "memory") 1) (table 1 funcref)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "growTable") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
            """;

    @Test
    void memoryPagesPerInstance() {
        Engine engine = Engine.create(EngineConfig.builder().maxMemoryPages(4).build());
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, GROW));
        var grow = instance.function("grow").asIntUnaryOperator();
        assertThat(grow.applyAsInt(3)).isEqualTo(1);
        assertThat(grow.applyAsInt(1)).isEqualTo(-1);
        assertThat(instance.memory("memory").pages()).isEqualTo(4);
        assertThatThrownBy(() -> new Linker(engine).instantiate(Module.fromWat(engine, "(module (memory 5))")))
                .isInstanceOf(ResourceLimitException.class).hasMessageContaining("memory");
    }

    @Test
    void totalMemoryPerEngine() {
        Engine engine = Engine.create(EngineConfig.builder().maxTotalMemoryBytes(3 * 65536).build());
        Module module = Module.fromWat(engine, GROW);
        Instance a = new Linker(engine).instantiate(module);
        assertThat(engine.reservedMemoryBytes()).as("1 page and half the 2 left as spare").isEqualTo(2 * 65536);
        Instance b = new Linker(engine).instantiate(module);
        assertThat(engine.reservedMemoryBytes()).as("b fits by its Wasm size; no spare is left for it").isEqualTo(3 * 65536);
        assertThat(a.function("grow").asIntUnaryOperator().applyAsInt(1)).isEqualTo(1);
        assertThat(b.function("grow").asIntUnaryOperator().applyAsInt(1)).isEqualTo(-1);
        assertThatThrownBy(() -> new Linker(engine).instantiate(module)).isInstanceOf(ResourceLimitException.class);
        a.close();
        assertThat(engine.reservedMemoryBytes()).isEqualTo(65536);
        assertThat(b.function("grow").asIntUnaryOperator().applyAsInt(1)).isEqualTo(1);
    }

    private static final String GROWING_FOUR_PAGES = """
            (module (memory (export "memory") 4)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """;

    private static long heapCapacity(Instance instance) {
        return ((dev.gatun.internal.runtime.HeapMemory) instance.memory("memory").memory).reservedBytes();
    }

    @Test
    void theTotalCountsAHeapMemorysSpareCapacityWhichOnlyTakesHalfOfWhatIsLeft() {
        Engine engine = Engine.create(EngineConfig.builder().maxTotalMemoryBytes(8 * 65536).build());
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, GROWING_FOUR_PAGES));
        assertThat(heapCapacity(instance)).as("4 pages and half the 4 left, not 4 + 16").isEqualTo(6 * 65536);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(heapCapacity(instance));
        var grow = instance.function("grow").asIntUnaryOperator();
        assertThat(grow.applyAsInt(1)).isEqualTo(4);
        assertThat(engine.reservedMemoryBytes()).as("within the capacity: nothing more charged").isEqualTo(6 * 65536);
        assertThat(grow.applyAsInt(3)).as("up to the total").isEqualTo(5);
        assertThat(heapCapacity(instance)).isEqualTo(8 * 65536);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(8 * 65536);
        assertThat(grow.applyAsInt(1)).isEqualTo(-1);
        instance.close();
        assertThat(engine.reservedMemoryBytes()).as("the whole capacity comes back").isZero();
    }

    @Test
    void aGrowingModuleThatFitsTheTotalOnlyByItsWasmSizeGetsNoSpareAndStillGrowsToTheTotal() {
        Engine engine = Engine.create(EngineConfig.builder().maxTotalMemoryBytes(5 * 65536).build());
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, GROWING_FOUR_PAGES));
        assertThat(heapCapacity(instance)).as("half of the 1 page left is no whole page").isEqualTo(4 * 65536);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(4 * 65536);
        var grow = instance.function("grow").asIntUnaryOperator();
        assertThat(grow.applyAsInt(1)).isEqualTo(4);
        assertThat(heapCapacity(instance)).isEqualTo(5 * 65536);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(5 * 65536);
        assertThat(grow.applyAsInt(1)).isEqualTo(-1);
        assertThat(engine.reservedMemoryBytes()).as("a refused grow charges nothing").isEqualTo(5 * 65536);
        instance.close();
        assertThat(engine.reservedMemoryBytes()).isZero();
    }

    @Test
    void withoutATotalAGrowingModulesMemoryKeepsItsFullSpareCapacityAndIsCountedForIt() {
        Engine engine = Engine.create();
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, GROWING_FOUR_PAGES));
        assertThat(heapCapacity(instance)).as("4 pages and 1 MiB").isEqualTo(20 * 65536);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(20 * 65536);
        instance.close();
        assertThat(engine.reservedMemoryBytes()).isZero();
    }

    @Test
    void aPooledHeapMemoryStaysChargedForTheCapacityItKeepsAcrossResets() {
        Engine engine = Engine.create(EngineConfig.builder().maxTotalMemoryBytes(8 * 65536).build());
        InstancePre pre = new Linker(engine).instantiatePre(Module.fromWat(engine, GROWING_FOUR_PAGES));
        try (InstancePool pool = pre.pool(new PoolConfig(1, 1, Duration.ofSeconds(1)))) {
            for (int round = 0; round < 3; round++) {
                try (PooledInstance lease = pool.borrow()) {
                    var grow = lease.function("grow").asIntUnaryOperator();
                    assertThat(grow.applyAsInt(5)).as("4 + 5 pages exceed 8").isEqualTo(-1);
                    assertThat(grow.applyAsInt(4)).as("4 + 4 pages fit, every round").isEqualTo(4);
                    assertThat(engine.reservedMemoryBytes()).isEqualTo(8 * 65536);
                }
                assertThat(engine.reservedMemoryBytes()).as("the reset keeps the 8-page array").isEqualTo(8 * 65536);
            }
        }
        assertThat(engine.reservedMemoryBytes()).isZero();
    }

    @Test
    void hostCreatedMemoriesCountAgainstTheImportingInstance() {
        Engine engine = Engine.create(EngineConfig.builder().maxMemoryPages(4).maxTotalMemoryBytes(6 * 65536).build());
        Module module = Module.fromWat(engine, """
                (module (import "env" "memory" (memory 1))
                  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))""");
        Memory memory = Memory.create(2, -1);
        Linker linker = new Linker(engine).memory("env", "memory", memory);
        Instance first = linker.instantiate(module);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(2 * 65536);
        var grow = first.function("grow").asIntUnaryOperator();
        assertThat(grow.applyAsInt(2)).isEqualTo(2);
        assertThat(grow.applyAsInt(1)).isEqualTo(-1); // 5 pages: over the per-memory limit
        assertThat(engine.reservedMemoryBytes()).isEqualTo(4 * 65536);
        first.close();
        assertThat(engine.reservedMemoryBytes()).isZero();

        // the next importer takes it over at its current size; a host memory already over the limits is refused
        Instance second = linker.instantiate(module);
        assertThat(engine.reservedMemoryBytes()).isEqualTo(4 * 65536);
        second.close();
        Memory tooBig = Memory.create(7, -1);
        assertThatThrownBy(() -> new Linker(engine).memory("env", "memory", tooBig).instantiate(module))
                .isInstanceOf(ResourceLimitException.class).hasMessageContaining("env.memory");
        assertThat(engine.reservedMemoryBytes()).isZero();
    }

    @Test
    void tableElements() {
        Engine engine = Engine.create(EngineConfig.builder().maxTableElements(10).build());
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, GROW));
        var grow = instance.function("growTable").asIntUnaryOperator();
        assertThat(grow.applyAsInt(9)).isEqualTo(1);
        assertThat(grow.applyAsInt(1)).isEqualTo(-1);
    }

    @Test
    void instanceCount() {
        Engine engine = Engine.create(EngineConfig.builder().maxInstances(2).build());
        Module module = Module.fromWat(engine, GROW);
        Linker linker = new Linker(engine);
        Instance a = linker.instantiate(module);
        linker.instantiate(module);
        assertThatThrownBy(() -> linker.instantiate(module))
                .isInstanceOf(ResourceLimitException.class).hasMessageContaining("at most 2 live instances");
        a.close();
        assertThat(linker.instantiate(module).isClosed()).isFalse();
    }

    @Test
    void checksCanBeCompiledOut() throws Exception {
        Engine engine = Engine.create(EngineConfig.builder().interruptChecks(false).build());
        Instance instance = instance(engine);
        assertThat(instance.function("count").asIntUnaryOperator().applyAsInt(1000)).isEqualTo(1000);
        instance.interrupt(); // without checks nothing looks at the flag
        assertThat(instance.function("count").asIntUnaryOperator().applyAsInt(10)).isEqualTo(10);
        assertThatThrownBy(() -> EngineConfig.builder().interruptChecks(false).consumeFuel(true).build())
                .hasMessageContaining("fuel needs the compiled checks");
    }

    @Test
    void interruptLatencyIsMeasuredFromDeadlineToTrap() {
        Instance instance = instance(Engine.create());
        Runnable spin = instance.function("spin").asRunnable();
        instance.setTimeout(Duration.ofMillis(5));
        long[] latenciesMicros = new long[20];
        for (int i = 0; i < latenciesMicros.length; i++) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            assertThatThrownBy(spin::run).isInstanceOf(InterruptedTrap.class);
            latenciesMicros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - deadline);
        }
        java.util.Arrays.sort(latenciesMicros);
        System.out.printf("deadline-to-trap latency: median %d us, max %d us%n",
                latenciesMicros[latenciesMicros.length / 2], latenciesMicros[latenciesMicros.length - 1]);
        // generous bounds: 2 cores shared with other builds; the 10 ms target belongs in a benchmark
        assertThat(latenciesMicros[latenciesMicros.length / 2]).isLessThan(100_000);
        assertThat(latenciesMicros[latenciesMicros.length - 1]).isLessThan(1_000_000);
    }

    @Test
    void closingARunningInstanceStopsItCleanly() throws Exception {
        Engine engine = Engine.create();
        // the guest says it is running (a host call before its endless loop), so close() surely meets a running
        // call: a fixed sleep lost that race on a loaded machine ("instance used after close()")
        CountDownLatch started = new CountDownLatch(1);
        Instance instance = new Linker(engine).func("env", "started", FuncType.of(List.of(), List.of()),
                (caller, args) -> {
                    started.countDown();
                    return null;
                }).instantiate(Module.fromWat(engine, """
                (module (import "env" "started" (func $started))
                  (func (export "spin") (call $started) (loop (br 0))))
                """));
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                instance.function("spin").asRunnable().run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        instance.close();
        assertThat(run.get(5, TimeUnit.SECONDS)).isInstanceOf(InstanceClosedException.class)
                .hasMessageContaining("closed while a call was running");
    }

    @Test
    void longTableFillsAreInterruptible() {
        Engine engine = Engine.create(EngineConfig.builder().defaultTimeout(Duration.ofMillis(30)).build());
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, """
                (module (table 5000000 externref)
                  (func (export "fill") (loop (table.fill 0 (i32.const 0) (ref.null extern) (i32.const 5000000)) (br 0))))
                """));
        assertThatThrownBy(() -> instance.function("fill").asRunnable().run())
                .isInstanceOf(InterruptedTrap.class).hasMessageContaining("deadline");
    }
}
