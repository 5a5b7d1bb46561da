package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The public API over memories kept off the heap (memory64, and 32-bit memories above 2 GiB). */
class OffHeapMemoryApiTest {
    private static final long PAGE = 65536;
    private static final long THREE_GIB = 3L << 30;
    private static final String MEMORY64 = """
            (module
              (memory (export "memory") i64 1)
              (data (i64.const 0) "seed")
              (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
              (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
              (func (export "scribble") (param i64)
                (i64.store (i64.const 0) (i64.const -1))
                (i64.store (local.get 0) (i64.const 77))))
            """;

    private final Engine engine = Engine.create();

    @Test
    void hostReadsAndWritesAMemory64Above2GiB() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, MEMORY64));
        Memory memory = instance.memory("memory");
        assertThat(memory.is64()).isTrue();
        assertThat(memory.isShared()).isFalse();
        assertThat(memory.readString(0, 4)).isEqualTo("seed");
        assertThat(memory.grow(49999)).isEqualTo(1);
        assertThat(memory.byteSize()).isEqualTo(50000 * PAGE);
        memory.putLong(THREE_GIB, 0x0102030405060708L);
        assertThat(instance.function("load").asLongUnaryOperator().applyAsLong(THREE_GIB)).isEqualTo(0x0102030405060708L);
        assertThat(memory.getInt(THREE_GIB + 4)).isEqualTo(0x01020304);
        memory.writeString(50000 * PAGE - 3, "end");
        memory.writeString(THREE_GIB + 100, "hi");
        assertThat(memory.readCString(THREE_GIB + 100)).isEqualTo("hi");
        assertThat(memory.readString(50000 * PAGE - 3, 3)).isEqualTo("end");
        assertThatThrownBy(() -> memory.getByte(50000 * PAGE)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> memory.putShort(50000 * PAGE - 1, (short) 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        instance.close();
        assertThatThrownBy(() -> memory.getLong(THREE_GIB)).as("unmapped at close, never a crash")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hostCreatedLargeMemoriesImportIntoModulesDeclaringThem() {
        Memory big = Memory.create(40000, -1);
        Memory wide = Memory.create64(1, 10);
        Module module = Module.fromWat(engine, """
                (module
                  (import "env" "big" (memory 40000))
                  (import "env" "wide" (memory $w i64 1 10))
                  (func (export "copy") (memory.copy $w 0 (i64.const 8) (i32.const 2621439984) (i32.const 8))))
                """);
        Instance instance = new Linker(engine).memory("env", "big", big).memory("env", "wide", wide).instantiate(module);
        big.putLong(40000 * PAGE - 16, 99);
        instance.function("copy").asRunnable().run();
        assertThat(wide.getLong(8)).isEqualTo(99);
        assertThat(wide.is64()).isTrue();
        assertThat(big.is64()).isFalse();
    }

    @Test
    void pooledInstancesGetTheirOffHeapMemoryBackAsInstantiated() {
        InstancePre pre = new Linker(engine).instantiatePre(Module.fromWat(engine, MEMORY64));
        try (InstancePool pool = pre.pool(new PoolConfig(1, 1, Duration.ofMillis(100)))) {
            Instance first;
            try (PooledInstance lease = pool.borrow()) {
                first = lease.instance();
                assertThat(lease.function("grow").asLongUnaryOperator().applyAsLong(49999)).isEqualTo(1);
                lease.function("scribble").call(Value.i64(THREE_GIB));
            }
            try (PooledInstance lease = pool.borrow()) {
                assertThat(lease.instance()).isSameAs(first);
                Memory memory = lease.instance().memory("memory");
                assertThat(memory.pages()).isEqualTo(1);
                assertThat(memory.readString(0, 4)).isEqualTo("seed");
                assertThat(memory.getLong(4)).isZero();
                assertThat(memory.grow(49999)).isEqualTo(1);
                assertThat(memory.getLong(THREE_GIB)).isZero();
            }
        }
    }
}
