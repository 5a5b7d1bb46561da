package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstancePoolTest {
    private static final String STATEFUL = """
            (module
              (memory (export "memory") 1 4)
              (table (export "table") 2 funcref)
              (global $g (export "g") (mut i32) (i32.const 5))
              (data (i32.const 0) "seed")
              (data $passive "xyz")
              (func $f (result i32) (i32.const 1))
              (elem (i32.const 0) $f)
              (func (export "scribble") (result i32)
                (i32.store (i32.const 0) (i32.const 0x21212121))
                (global.set $g (i32.add (global.get $g) (i32.const 1)))
                (data.drop $passive)
                (table.set (i32.const 0) (ref.null func))
                (drop (memory.grow (i32.const 2)))
                (global.get $g))
              (func (export "init") (memory.init $passive (i32.const 100) (i32.const 0) (i32.const 3)))
              (func (export "trap") unreachable)
              (func (export "spin") (loop (br 0))))
            """;

    private final Engine engine = Engine.create();
    private final InstancePre pre = new Linker(engine).instantiatePre(Module.fromWat(engine, STATEFUL));

    private static PoolConfig config(int minIdle, int max, long timeoutMillis) {
        return new PoolConfig(minIdle, max, Duration.ofMillis(timeoutMillis));
    }

    @Test
    void returnedInstancesAreResetToTheirJustInstantiatedState() {
        try (InstancePool pool = pre.pool(config(1, 1, 100))) {
            Instance first;
            try (PooledInstance lease = pool.borrow()) {
                first = lease.instance();
                assertThat(lease.function("scribble").asIntSupplier().getAsInt()).isEqualTo(6);
                assertThat(first.memory("memory").pages()).isEqualTo(3);
                assertThat(first.table("table").get(0)).isNull();
            }
            try (PooledInstance lease = pool.borrow()) {
                Instance again = lease.instance();
                assertThat(again).isSameAs(first);
                assertThat(again.memory("memory").readString(0, 4)).isEqualTo("seed");
                assertThat(again.memory("memory").pages()).isEqualTo(1);
                assertThat(again.global("g").get().asInt()).isEqualTo(5);
                assertThat(again.table("table").get(0)).isNotNull();
                lease.function("init").asRunnable().run(); // the passive segment is back
                assertThat(again.memory("memory").readString(100, 3)).isEqualTo("xyz");
            }
            assertThat(pool.stats()).isEqualTo(new PoolStats(1, 1, 0, 1, 2, 0, 0));
        }
    }

    @Test
    void writesOutsideTheDataImageAndInTheGrownPagesAreUndoneByTheReset() {
        try (InstancePool pool = pre.pool(config(1, 1, 100))) {
            try (PooledInstance lease = pool.borrow()) {
                Memory memory = lease.instance().memory("memory");
                memory.putInt(5000, 0x11223344);        // inside the initial page, past the data segment
                memory.putByte(65535, (byte) 9);        // the initial page's last byte
                lease.function("scribble").asIntSupplier().getAsInt(); // grows to 3 pages
                memory.putLong(3 * 65536 - 8, -1L);     // in the grown pages
                lease.instance().global("g").set(Value.i32(77));
            }
            try (PooledInstance lease = pool.borrow()) {
                Memory memory = lease.instance().memory("memory");
                assertThat(memory.pages()).isEqualTo(1);
                assertThat(memory.readString(0, 4)).isEqualTo("seed");
                assertThat(memory.getInt(5000)).isZero();
                assertThat(memory.getByte(65535)).isZero();
                assertThat(lease.instance().global("g").get().asInt()).isEqualTo(5);
                lease.function("scribble").asIntSupplier().getAsInt(); // grows again: the new pages are zero
                assertThat(memory.getLong(3 * 65536 - 8)).isZero();
            }
        }
    }

    @Test
    void anInstanceDefiningASharedMemoryIsNeverReused() {
        InstancePre shared = new Linker(engine).instantiatePre(Module.fromWat(engine, """
                (module (memory (export "memory") 1 1 shared) (func (export "nop")))
                """));
        try (InstancePool pool = shared.pool(config(1, 1, 100))) {
            Instance first;
            try (PooledInstance lease = pool.borrow()) {
                first = lease.instance();
                first.memory("memory").putInt(0, 42);
            }
            try (PooledInstance lease = pool.borrow()) {
                assertThat(lease.instance()).isNotSameAs(first);
                assertThat(lease.instance().memory("memory").getInt(0)).isZero();
            }
            assertThat(pool.stats().discarded()).isEqualTo(2);
        }
    }

    @Test
    void trappedAndInterruptedInstancesAreDiscarded() {
        try (InstancePool pool = pre.pool(config(0, 2, 100))) {
            Instance trapped;
            try (PooledInstance lease = pool.borrow()) {
                trapped = lease.instance();
                assertThatThrownBy(() -> lease.function("trap").asRunnable().run()).isInstanceOf(UnreachableTrap.class);
            }
            assertThat(trapped.isClosed()).isTrue();
            try (PooledInstance lease = pool.borrow()) {
                assertThat(lease.instance()).isNotSameAs(trapped);
                lease.instance().interrupt(); // interrupted after its last call: not trusted either
            }
            PoolStats stats = pool.stats();
            assertThat(stats.discarded()).isEqualTo(2);
            assertThat(stats.created()).isEqualTo(2);
            assertThat(stats.size()).isZero();
        }
        assertThat(engine.liveInstances()).isZero();
    }

    @Test
    void borrowTimesOutWhenEveryInstanceIsInUse() {
        try (InstancePool pool = pre.pool(config(0, 1, 50))) {
            PooledInstance held = pool.borrow();
            long start = System.nanoTime();
            assertThatThrownBy(pool::borrow).isInstanceOf(PoolExhaustedException.class).hasMessageContaining("all 1 in use");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(45);
            assertThat(pool.stats().waits()).isEqualTo(1);
            held.close();
        }
    }

    @Test
    void aWaitingBorrowGetsTheInstanceReturnedMeanwhile() throws Exception {
        // a long timeout: the returner acts once the borrower waits, however slowly a loaded machine schedules it
        try (InstancePool pool = pre.pool(config(0, 1, 30_000))) {
            PooledInstance held = pool.borrow();
            Thread returner = Thread.ofPlatform().start(() -> {
                while (pool.stats().waits() == 0) LockSupport.parkNanos(1_000_000);
                held.close();
            });
            try (PooledInstance next = pool.borrow()) {
                assertThat(next.instance()).isSameAs(held.entry.instance);
            }
            returner.join();
            assertThat(pool.stats().waits()).isEqualTo(1);
        }
    }

    @Test
    void concurrentBorrowersNeverShareAnInstance() throws Exception {
        Set<Instance> busy = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (InstancePool pool = pre.pool(config(1, 3, 5_000))) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        try (PooledInstance lease = pool.borrow()) {
                            if (!busy.add(lease.instance())) overlaps.incrementAndGet();
                            assertThat(lease.function("scribble").asIntSupplier().getAsInt()).isEqualTo(6);
                            busy.remove(lease.instance());
                        }
                    }
                }));
            }
            for (Future<?> f : work) f.get(60, TimeUnit.SECONDS);
            PoolStats stats = pool.stats();
            assertThat(overlaps.get()).isZero();
            assertThat(stats.size()).isLessThanOrEqualTo(3);
            assertThat(stats.reset()).isEqualTo(1800);
            assertThat(stats.inUse()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "offHeapMemories={0}")
    @ValueSource(booleans = {false, true})
    void noNativeMemoryGrowthOver100000Cycles(boolean offHeapMemories) throws java.io.IOException {
        // off-heap: memories mapped from an image file and reset by dropping pages (Linux)
        Engine small = Engine.create(EngineConfig.builder().offHeapMemories(offHeapMemories).build());
        InstancePre tiny = new Linker(small).instantiatePre(Module.fromWat(small, """
                (module (memory 1) (data (i32.const 0) "abc") (global (mut i32) (i32.const 0))
                  (func (export "bump") (result i32) (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0))
                  (func (export "peek") (result i32) (local i32) ;; reads byte 0, then overwrites it
                    (local.set 0 (i32.load8_u (i32.const 0))) (i32.store8 (i32.const 0) (i32.const 0)) (local.get 0)))
                """));
        long directBefore = directBytes();
        long mappingsBefore = processMappings();
        try (InstancePool pool = tiny.pool(config(2, 2, 1_000))) {
            int arenas = small.liveArenas();
            long arenaBytes = small.liveArenaBytes();
            long mappings = processMappings();
            assertThat(arenas).isEqualTo(2);
            try (PooledInstance lease = pool.borrow()) {
                assertThat(lease.entry.snapshot.mappedMemories()).isEqualTo(offHeapMemories && linux() ? 1 : 0);
            }
            for (int i = 0; i < 100_000; i++) {
                try (PooledInstance lease = pool.borrow()) {
                    if (lease.function("bump").asIntSupplier().getAsInt() != 1) throw new AssertionError("not reset");
                    if (lease.function("peek").asIntSupplier().getAsInt() != 'a') throw new AssertionError("data lost");
                    if (i % 1000 == 0) lease.instance().interrupt(); // some are discarded and replaced
                }
            }
            assertThat(small.liveArenas()).isLessThanOrEqualTo(arenas);
            assertThat(small.liveArenaBytes()).isLessThanOrEqualTo(arenaBytes);
            assertThat(pool.stats().discarded()).isEqualTo(100);
            // replaced instances' regions and image mappings are unmapped, not piling up (slack: JIT, GC threads)
            assertThat(processMappings() - mappings).isLessThan(50);
        }
        assertThat(processMappings() - mappingsBefore).isLessThan(50);
        assertThat(small.liveArenas()).isZero();
        assertThat(small.liveArenaBytes()).isZero();
        assertThat(small.liveInstances()).isZero();
        assertThat(directBytes() - directBefore).isLessThan(1 << 20);
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase().contains("linux");
    }

    /** Lines of /proc/self/maps (Linux; 0 elsewhere): every mmap region of the process. */
    private static long processMappings() throws java.io.IOException {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
        if (!java.nio.file.Files.exists(maps)) return 0;
        try (var lines = java.nio.file.Files.lines(maps)) {
            return lines.count();
        }
    }

    /** Native memory the JDK accounts as direct (FFM arenas included). */
    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    @Test
    void closingThePoolClosesIdleAndLaterReturnedInstances() {
        InstancePool pool = pre.pool(config(2, 3, 100));
        PooledInstance borrowed = pool.borrow();
        pool.close();
        assertThat(engine.liveInstances()).isEqualTo(1);
        borrowed.close();
        assertThat(engine.liveInstances()).isZero();
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(borrowed::instance).isInstanceOf(InstanceClosedException.class);
    }

    @Test
    void aBorrowedInstanceBelongsToItsBorrower() throws Exception {
        try (InstancePool pool = pre.pool(config(0, 1, 100)); PooledInstance lease = pool.borrow()) {
            java.util.concurrent.atomic.AtomicReference<Throwable> other = new java.util.concurrent.atomic.AtomicReference<>();
            Thread thief = Thread.ofPlatform().name("thief").start(() -> {
                try {
                    lease.instance();
                } catch (Throwable t) {
                    other.set(t);
                }
            });
            thief.join();
            assertThat(other.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("used by thief");
        }
    }

    @Test
    void pooledInstancesShareOneDataImage() {
        try (InstancePool pool = pre.pool(config(2, 2, 100));
             PooledInstance a = pool.borrow(); PooledInstance b = pool.borrow()) {
            assertThat(a.entry.snapshot.sharesMemoryImagesWith(b.entry.snapshot)).isTrue();
        }
    }

    @Test
    void aHostExceptionDiscardsTheInstance() {
        Module module = Module.fromWat(engine, "(module (import \"env\" \"f\" (func $f)) (func (export \"g\") (call $f)))");
        InstancePre failing = new Linker(engine).func("env", "f", Runnable.class, () -> {
            throw new IllegalStateException("host failed");
        }).instantiatePre(module);
        try (InstancePool pool = failing.pool(config(0, 1, 100))) {
            try (PooledInstance lease = pool.borrow()) {
                assertThatThrownBy(() -> lease.function("g").asRunnable().run()).hasMessage("host failed");
            }
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void discardsAreReplacedUpToMinIdle() {
        try (InstancePool pool = pre.pool(config(2, 4, 100))) {
            try (PooledInstance lease = pool.borrow()) {
                assertThatThrownBy(() -> lease.function("trap").asRunnable().run()).isInstanceOf(UnreachableTrap.class);
            }
            PoolStats stats = pool.stats();
            assertThat(stats.idle()).isEqualTo(2);
            assertThat(stats.discarded()).isEqualTo(1);
            assertThat(stats.created()).isEqualTo(3);
        }
    }

    @Test
    void configIsChecked() {
        assertThatThrownBy(() -> config(3, 2, 1)).hasMessageContaining("min idle");
        assertThatThrownBy(() -> config(0, 0, 1)).hasMessageContaining("max size");
    }
}
