package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pools on an engine with {@link EngineConfig.Builder#offHeapMemories}: memories mapped copy-on-write from one
 * image file per pool, reset by dropping pages. After a reset the memory must equal a fresh instance's byte for
 * byte, whatever the guest wrote, grew or dropped.
 */
class MappedPoolResetTest {
    /** Data segments at odd offsets, across page boundaries (4 KiB and 64 KiB), and a passive one. */
    private static final String SCRIBBLER = """
            (module
              (memory (export "memory") 3 8)
              (global $g (export "g") (mut i32) (i32.const 7))
              (data (i32.const 3) "odd")
              (data (i32.const 4093) "straddles a 4 KiB page")
              (data (i32.const 65533) "straddles a 64 KiB page")
              (data (i32.const 140001) "\\01\\02\\03 last segment, in the third page")
              (data $passive "passive bytes")
              (func (export "scribble")
                (memory.fill (i32.const 0) (i32.const 0xAB) (memory.size) (i32.mul (i32.const 65536)))
                (drop (memory.grow (i32.const 2)))
                (memory.fill (i32.const 196608) (i32.const 0xCD) (i32.const 131072))
                (memory.init $passive (i32.const 200000) (i32.const 0) (i32.const 13))
                (data.drop $passive)
                (global.set $g (i32.const 99)))
              (func (export "init") (memory.init $passive (i32.const 50) (i32.const 0) (i32.const 13)))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "trap") (i32.store (i32.const 8) (i32.const -1)) unreachable))
            """;

    private Engine engine;
    private InstancePre pre;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"), "memory images need Linux");
        engine = Engine.create(EngineConfig.builder().offHeapMemories(true).build());
        pre = new Linker(engine).instantiatePre(Module.fromWat(engine, SCRIBBLER));
    }

    private static PoolConfig config(int minIdle, int max) {
        return new PoolConfig(minIdle, max, Duration.ofSeconds(1));
    }

    private byte[] freshMemory() {
        try (Instance fresh = pre.instantiate()) {
            Memory memory = fresh.memory("memory");
            return memory.read(0, (int) memory.byteSize());
        }
    }

    @Test
    void afterAResetMemoryEqualsAFreshInstancesByteForByte() {
        byte[] fresh = freshMemory();
        try (InstancePool pool = pre.pool(config(1, 1))) {
            Instance first;
            try (PooledInstance lease = pool.borrow()) {
                first = lease.instance();
                assertThat(lease.entry.snapshot.mappedMemories()).isEqualTo(1);
                assertThat(lease.entry.snapshot.memoryBytes()).isZero(); // nothing is copied back
                assertSameBytes(first.memory("memory").read(0, fresh.length), fresh);
                lease.function("scribble").asRunnable().run();
                assertThat(first.memory("memory").pages()).isEqualTo(5);
                assertThat(first.memory("memory").getByte(4093)).isEqualTo((byte) 0xAB);
            }
            for (int round = 0; round < 3; round++) {
                try (PooledInstance lease = pool.borrow()) {
                    Memory memory = lease.instance().memory("memory");
                    assertThat(lease.instance()).isSameAs(first);
                    assertThat(memory.pages()).isEqualTo(3);
                    assertSameBytes(memory.read(0, (int) memory.byteSize()), fresh);
                    assertThat(lease.instance().global("g").get().asInt()).isEqualTo(7);
                    lease.function("init").asRunnable().run(); // the passive segment was not dropped for good
                    assertThat(memory.readString(50, 13)).isEqualTo("passive bytes");
                    lease.function("scribble").asRunnable().run();
                }
            }
            assertThat(pool.stats().reset()).isEqualTo(4);
        }
    }

    @Test
    void memoryGrowAfterAResetSeesZeroedPagesAndTheInitialSize() {
        try (InstancePool pool = pre.pool(config(1, 1))) {
            try (PooledInstance lease = pool.borrow()) {
                lease.function("scribble").asRunnable().run(); // 5 pages, the last two full of 0xCD
            }
            try (PooledInstance lease = pool.borrow()) {
                Memory memory = lease.instance().memory("memory");
                assertThat(lease.function("grow").asIntUnaryOperator().applyAsInt(5)).isEqualTo(3);
                assertThat(memory.pages()).isEqualTo(8);
                assertSameBytes(memory.read(3 * 65536, 5 * 65536), new byte[5 * 65536]);
                assertThat(lease.function("grow").asIntUnaryOperator().applyAsInt(1)).isEqualTo(-1); // max 8
            }
        }
    }

    @Test
    void aTrappedInstanceIsDiscardedAndItsReplacementIsClean() {
        byte[] fresh = freshMemory();
        try (InstancePool pool = pre.pool(config(1, 1))) {
            Instance trapped;
            try (PooledInstance lease = pool.borrow()) {
                trapped = lease.instance();
                assertThatThrownBy(() -> lease.function("trap").asRunnable().run()).isInstanceOf(UnreachableTrap.class);
            }
            assertThat(trapped.isClosed()).isTrue();
            try (PooledInstance lease = pool.borrow()) {
                assertThat(lease.instance()).isNotSameAs(trapped);
                assertThat(lease.entry.snapshot.mappedMemories()).isEqualTo(1); // maps the pool's same image
                assertSameBytes(lease.instance().memory("memory").read(0, fresh.length), fresh);
            }
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void theMemoryLimitStaysExactOverGrowAndReset() {
        Engine limited = Engine.create(EngineConfig.builder().offHeapMemories(true)
                .maxTotalMemoryBytes(6 * 65536).build());
        InstancePre limitedPre = new Linker(limited).instantiatePre(Module.fromWat(limited, SCRIBBLER));
        try (InstancePool pool = limitedPre.pool(config(1, 1))) {
            for (int round = 0; round < 5; round++) {
                try (PooledInstance lease = pool.borrow()) {
                    var grow = lease.function("grow").asIntUnaryOperator();
                    assertThat(grow.applyAsInt(4)).as("3 + 4 pages exceed 6").isEqualTo(-1);
                    assertThat(grow.applyAsInt(3)).as("3 + 3 pages fit, every round").isEqualTo(3);
                    assertThat(grow.applyAsInt(1)).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void eachPoolHasOneImageFileClosedWithThePool() throws IOException {
        long before = imageFiles();
        InstancePool pool = pre.pool(config(3, 3));
        try {
            assertThat(imageFiles() - before).isEqualTo(1);
            try (PooledInstance a = pool.borrow(); PooledInstance b = pool.borrow()) {
                assertThat(a.entry.snapshot.mappedMemories()).isEqualTo(1);
                assertThat(b.entry.snapshot.mappedMemories()).isEqualTo(1);
                a.function("scribble").asRunnable().run();
                assertThat(b.instance().memory("memory").readString(3, 3)).isEqualTo("odd"); // copy-on-write
            }
        } finally {
            pool.close();
        }
        assertThat(imageFiles() - before).isZero();
        assertThat(engine.liveInstances()).isZero();
    }

    @Test
    void concurrentBorrowersEachSeeTheInitialMemoryAndClosingFreesEveryImageFile() throws Exception {
        long before = imageFiles();
        byte[] fresh = freshMemory();
        InstancePool pool = pre.pool(config(0, 4)); // instances made on demand, the first ones concurrently
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int task = 0; task < 4; task++) {
                results.add(threads.submit(() -> {
                    int differing = 0;
                    for (int call = 0; call < 25; call++) {
                        try (PooledInstance lease = pool.borrow()) {
                            Memory memory = lease.instance().memory("memory");
                            if (Arrays.mismatch(memory.read(0, (int) memory.byteSize()), fresh) >= 0) differing++;
                            lease.function("scribble").asRunnable().run();
                        }
                    }
                    return differing;
                }));
            }
            for (var result : results) assertThat(result.get()).as("borrows that saw a dirty memory").isZero();
        } finally {
            threads.shutdownNow();
            pool.close();
        }
        assertThat(imageFiles() - before).isZero();
    }

    @Test
    void aHeapHostMemoryCannotBeImportedByOffHeapCode() {
        Module importer = Module.fromWat(engine, "(module (import \"env\" \"memory\" (memory 1)))");
        Linker heap = new Linker(engine).memory("env", "memory", Memory.create(1, -1));
        assertThatThrownBy(() -> heap.instantiate(importer)).hasMessageContaining("env.memory")
                .hasMessageContaining("Memory.createOffHeap");
        Memory offHeap = Memory.createOffHeap(1, -1);
        try (Instance instance = new Linker(engine).memory("env", "memory", offHeap).instantiate(importer)) {
            assertThat(instance.isClosed()).isFalse();
        }
    }

    /** Equal length and contents; names the first differing address instead of printing megabytes. */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing address").isEqualTo(-1);
    }

    /** Open descriptors of this process that are memory image files. */
    private static long imageFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("gatun-memory-image");
                } catch (IOException gone) {
                    return false; // closed while listing (e.g. the listing's own descriptor)
                }
            }).count();
        }
    }
}
