package dev.gatun.internal.runtime;

import static dev.gatun.internal.runtime.ThreadsWat.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.UnalignedAtomicTrap;
import org.junit.jupiter.api.Test;

class AtomicsTest {
    private static final String OPERATIONS = """
            (func (export "init") (param i64) (i64.store (i32.const 0) (local.get 0)))
            (func (export "get") (result i64) (i64.load (i32.const 0)))
            (func (export "add8") (param i32 i32) (result i32) (i32.atomic.rmw8.add_u (local.get 0) (local.get 1)))
            (func (export "sub16") (param i32 i64) (result i64) (i64.atomic.rmw16.sub_u (local.get 0) (local.get 1)))
            (func (export "xchg32") (param i32 i64) (result i64) (i64.atomic.rmw32.xchg_u (local.get 0) (local.get 1)))
            (func (export "and") (param i32 i32) (result i32) (i32.atomic.rmw.and (local.get 0) (local.get 1)))
            (func (export "or64") (param i32 i64) (result i64) (i64.atomic.rmw.or (local.get 0) (local.get 1)))
            (func (export "cmpxchg16") (param i32 i32 i32) (result i32)
              (i32.atomic.rmw16.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
            (func (export "cmpxchg64") (param i32 i64 i64) (result i64)
              (i64.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
            (func (export "load8") (param i32) (result i64) (i64.atomic.load8_u offset=1 (local.get 0)))
            (func (export "store16") (param i32 i32) (atomic.fence) (i32.atomic.store16 (local.get 0) (local.get 1)))
            (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
            """;

    private static Instance shared() {
        return ThreadsWat.instance("(module (memory 1 1 shared)" + OPERATIONS + ")");
    }

    private static Instance unshared() {
        return ThreadsWat.instance("(module (memory 1 1)" + OPERATIONS + ")");
    }

    @Test
    void narrowReadModifyWritesChangeOnlyTheirBytesAndReturnTheOldValue() {
        for (Instance instance : new Instance[] {shared(), unshared()}) {
            call(instance, "init", 0x1122334455667788L);
            assertThat(call(instance, "add8", 1, 0xFF)).isEqualTo(0x77);
            assertThat(call(instance, "get")).isEqualTo(0x1122334455667688L);
            assertThat(call(instance, "sub16", 6, 0x1112L)).isEqualTo(0x1122L);
            assertThat(call(instance, "get")).isEqualTo(0x0010334455667688L);
            assertThat(call(instance, "xchg32", 4, 0xFFFF_FFFF_0000_0001L)).isEqualTo(0x00103344L);
            assertThat(call(instance, "get")).isEqualTo(0x0000_0001_5566_7688L);
            assertThat(call(instance, "and", 0, 0x0000FF00)).isEqualTo(0x55667688);
            assertThat(call(instance, "or64", 0, 0xF000_0000_0000_0000L)).isEqualTo(0x0000_0001_0000_7600L);
            assertThat(call(instance, "get")).isEqualTo(0xF000_0001_0000_7600L);
            assertThat(call(instance, "load8", 0)).isEqualTo(0x76L);
        }
    }

    @Test
    void compareExchangeWrapsTheExpectedValueAndStoresOnlyOnMatch() {
        Instance instance = shared();
        call(instance, "init", 0x1122334455667788L);
        assertThat(call(instance, "cmpxchg16", 2, 0x1_5566, 0xABCD)).isEqualTo(0x5566);
        assertThat(call(instance, "get")).isEqualTo(0x11223344ABCD7788L);
        assertThat(call(instance, "cmpxchg16", 2, 0x5566, 0x0000)).isEqualTo(0xABCD);
        assertThat(call(instance, "get")).isEqualTo(0x11223344ABCD7788L);
        assertThat(call(instance, "cmpxchg64", 0, 0x11223344ABCD7788L, -1L)).isEqualTo(0x11223344ABCD7788L);
        assertThat(call(instance, "get")).isEqualTo(-1L);
        call(instance, "store16", 2, 0x12345);
        assertThat(call(instance, "load", 0)).isEqualTo(0x2345FFFF);
    }

    @Test
    void unalignedAtomicsTrapBeforeTouchingMemory() {
        Instance instance = shared();
        call(instance, "init", 0L);
        assertThatCode(() -> call(instance, "add8", 3, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> call(instance, "sub16", 1, 1L))
                .isInstanceOf(UnalignedAtomicTrap.class).hasMessageContaining("unaligned atomic");
        assertThatThrownBy(() -> call(instance, "cmpxchg64", 4, 0L, 1L)).isInstanceOf(UnalignedAtomicTrap.class);
        assertThatThrownBy(() -> call(unshared(), "load", 2)).isInstanceOf(UnalignedAtomicTrap.class);
        assertThat(call(instance, "get")).isEqualTo(0x0000_0000_0100_0000L);
    }

    @Test
    void atomicsPastTheEndTrapOutOfBounds() {
        assertThatThrownBy(() -> call(shared(), "load", 65536)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(shared(), "load", -4)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(unshared(), "cmpxchg64", 65536, 0L, 0L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(call(shared(), "load", 65532)).isEqualTo(0);
    }

    @Test
    void atomicsOnAMemory64TakeI64AddressesAndTrapPastTheEnd() {
        Instance instance = ThreadsWat.instance("""
                (module (memory i64 1)
                  (func (export "add") (param i64 i32) (result i32) (i32.atomic.rmw.add offset=4 (local.get 0) (local.get 1)))
                  (func (export "cmpxchg8") (param i64 i64 i64) (result i64)
                    (i64.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "load") (param i64) (result i64) (i64.atomic.load (local.get 0)))
                  (func (export "notify") (param i64) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1))))
                """);
        assertThat(call(instance, "add", 0L, 7)).isEqualTo(0);
        assertThat(call(instance, "add", 0L, 7)).isEqualTo(7);
        assertThat(call(instance, "cmpxchg8", 5L, 0L, 0x1FFL)).isEqualTo(0L);
        assertThat(call(instance, "load", 0L)).isEqualTo(0x0000_FF0E_0000_0000L);
        assertThat(call(instance, "notify", 65532L)).isEqualTo(0);
        assertThatThrownBy(() -> call(instance, "load", 65536L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(instance, "load", Long.MIN_VALUE)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(instance, "add", -4L, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(instance, "load", 4L)).isInstanceOf(UnalignedAtomicTrap.class);
    }
}
