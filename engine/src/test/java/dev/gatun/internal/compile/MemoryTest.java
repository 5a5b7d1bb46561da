package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.TrapKind;
import dev.gatun.WasmTrap;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.VmContextLayout;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class MemoryTest {
    private static final String MODULE = """
            (module
              (memory (export "mem") 1 3)
              (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\88")
              (func (export "i32.load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "i32.load_off") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
              (func (export "i32.load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
              (func (export "i32.load8_u") (param i32) (result i32) (i32.load8_u (local.get 0)))
              (func (export "i32.load16_s") (param i32) (result i32) (i32.load16_s (local.get 0)))
              (func (export "i32.load16_u") (param i32) (result i32) (i32.load16_u (local.get 0)))
              (func (export "i64.load") (param i32) (result i64) (i64.load (local.get 0)))
              (func (export "i64.load8_s") (param i32) (result i64) (i64.load8_s (local.get 0)))
              (func (export "i64.load16_u") (param i32) (result i64) (i64.load16_u (local.get 0)))
              (func (export "i64.load32_s") (param i32) (result i64) (i64.load32_s (local.get 0)))
              (func (export "i64.load32_u") (param i32) (result i64) (i64.load32_u (local.get 0)))
              (func (export "f32.load") (param i32) (result f32) (f32.load (local.get 0)))
              (func (export "f64.load") (param i32) (result f64) (f64.load (local.get 0)))
              (func (export "i32.store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "i32.store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
              (func (export "i32.store16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
              (func (export "i64.store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
              (func (export "i64.store8") (param i32 i64) (i64.store8 (local.get 0) (local.get 1)))
              (func (export "i64.store16") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
              (func (export "i64.store32") (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
              (func (export "f32.store") (param i32 f32) (f32.store (local.get 0) (local.get 1)))
              (func (export "f64.store") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
              (func (export "i32.load_max_off") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
              (func (export "size") (result i32) (memory.size))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "grow_then_store") (result i32)
                (drop (memory.grow (i32.const 1)))
                (i32.store (i32.const 65536) (i32.const 77))
                (i32.load (i32.const 65536))))""";

    private static Object call(Instance inst, String name, Object... args) {
        Object[] results = inst.invoke(name, args);
        return results.length == 0 ? null : results[0];
    }

    @Test
    void loadsOfEveryWidthAreLittleEndianAndExtendCorrectly() {
        Instance inst = Wat.instance(MODULE);
        assertThat(call(inst, "i32.load", 8)).isEqualTo(0x04030201);
        assertThat(call(inst, "i32.load_off", 4)).isEqualTo(0x04030201);
        assertThat(call(inst, "i32.load8_s", 15)).isEqualTo(-120);
        assertThat(call(inst, "i32.load8_u", 15)).isEqualTo(0x88);
        assertThat(call(inst, "i32.load16_s", 14)).isEqualTo((int) (short) 0x8807);
        assertThat(call(inst, "i32.load16_u", 14)).isEqualTo(0x8807);
        assertThat(call(inst, "i64.load", 8)).isEqualTo(0x8807060504030201L);
        assertThat(call(inst, "i64.load8_s", 15)).isEqualTo(-120L);
        assertThat(call(inst, "i64.load16_u", 14)).isEqualTo(0x8807L);
        assertThat(call(inst, "i64.load32_s", 12)).isEqualTo((long) 0x88070605);
        assertThat(call(inst, "i64.load32_u", 12)).isEqualTo(0x88070605L);
    }

    @Test
    void storesOfEveryWidthRoundTrip() {
        Instance inst = Wat.instance(MODULE);
        call(inst, "i32.store", 100, 0xCAFEBABE);
        assertThat(call(inst, "i32.load", 100)).isEqualTo(0xCAFEBABE);
        call(inst, "i32.store8", 100, 0x1FF);
        assertThat(call(inst, "i32.load", 100)).isEqualTo(0xCAFEBAFF);
        call(inst, "i32.store16", 102, 0x12345);
        assertThat(call(inst, "i32.load", 100)).isEqualTo(0x2345BAFF);
        call(inst, "i64.store", 200, 0x0102030405060708L);
        assertThat(call(inst, "i64.load", 200)).isEqualTo(0x0102030405060708L);
        call(inst, "i64.store8", 200, -1L);
        call(inst, "i64.store16", 202, 0L);
        call(inst, "i64.store32", 204, 0xAABBCCDD_11223344L);
        assertThat(call(inst, "i64.load", 200)).isEqualTo(0x11223344_000007FFL);
        float nan = Float.intBitsToFloat(0x7FA00001);
        call(inst, "f32.store", 300, nan);
        assertThat(call(inst, "i32.load", 300)).isEqualTo(0x7FA00001);
        assertThat(Float.floatToRawIntBits((Float) call(inst, "f32.load", 300))).isEqualTo(0x7FA00001);
        call(inst, "f64.store", 304, -0.0);
        assertThat(call(inst, "i64.load", 304)).isEqualTo(Long.MIN_VALUE);
        assertThat(call(inst, "f64.load", 304)).isEqualTo(-0.0);
    }

    @Test
    void accessesPastTheEndTrap() {
        Instance inst = Wat.instance(MODULE);
        assertThat(call(inst, "i32.load", 65532)).isEqualTo(0);
        assertThatThrownBy(() -> call(inst, "i32.load", 65533)).isInstanceOf(MemoryOutOfBoundsTrap.class)
                .hasMessageStartingWith("out of bounds memory access");
        assertThatThrownBy(() -> call(inst, "i64.load", 65529)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(inst, "i32.store8", 65536, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(inst, "i32.load", -1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        // u32 address + u32 offset is computed in 64 bits: it never wraps around to a small address
        assertThatThrownBy(() -> call(inst, "i32.load_max_off", 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(inst, "i32.load_off", -4)).isInstanceOf(WasmTrap.class)
                .extracting(e -> ((WasmTrap) e).kind()).isEqualTo(TrapKind.MEMORY_OUT_OF_BOUNDS);
    }

    @Test
    void growAndSizeRespectTheMaximum() {
        Instance inst = Wat.instance(MODULE);
        assertThat(call(inst, "size")).isEqualTo(1);
        assertThat(call(inst, "grow", 1)).isEqualTo(1);
        assertThat(call(inst, "size")).isEqualTo(2);
        assertThat(call(inst, "grow", 2)).isEqualTo(-1);
        assertThat(call(inst, "grow", -1)).isEqualTo(-1);
        assertThat(call(inst, "grow", 0)).isEqualTo(2);
        assertThat(call(inst, "grow_then_store")).isEqualTo(77);
        assertThat(call(inst, "size")).isEqualTo(3);
        // the vmctx memory definition mirrors the size for off-heap readers
        var ctx = inst.context();
        long byteLength = ctx.vmctx.get(ValueLayout.JAVA_LONG, ctx.layout.offset(VmContextLayout.Field.MEMORY_BYTE_LENGTH, 0));
        assertThat(byteLength).isEqualTo(3L * 65536);
    }

    @Test
    void memoryWithoutMaximumGrowsToTheHeapLimitOnly() {
        HeapMemory memory = new HeapMemory(0, -1);
        assertThat(memory.grow(HeapMemory.HEAP_PAGE_LIMIT + 1)).isEqualTo(-1);
        assertThat(memory.pages()).isZero();
    }

    @Test
    void dataSegmentOutOfBoundsFailsInstantiation() {
        assertThatThrownBy(() -> Wat.instance("(module (memory 1) (data (i32.const 65535) \"ab\"))"))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void memoryImportsMatchDeclaredLimits() {
        Instance noMax = Wat.instance("(module (memory (export \"m\") 1))");
        assertThatThrownBy(() -> Wat.instance("(module (import \"a\" \"m\" (memory 1 10)))",
                java.util.Map.of("a", java.util.Map.of("m", noMax.export("m")))))
                .isInstanceOf(dev.gatun.internal.runtime.LinkException.class)
                .hasMessageContaining("incompatible import type");
        Instance small = Wat.instance("(module (memory (export \"m\") 2 5))");
        assertThat(Wat.instance("(module (import \"a\" \"m\" (memory 1 10)))",
                java.util.Map.of("a", java.util.Map.of("m", small.export("m"))))).isNotNull();
        assertThatThrownBy(() -> Wat.instance("(module (import \"a\" \"m\" (memory 3)))",
                java.util.Map.of("a", java.util.Map.of("m", small.export("m")))))
                .isInstanceOf(dev.gatun.internal.runtime.LinkException.class);
    }

    @Test
    void importedMemoryIsShared() {
        Instance owner = Wat.instance(MODULE);
        Instance user = Wat.instance("""
                (module (import "m" "mem" (memory 1))
                  (func (export "f") (result i32) (i32.load8_u (i32.const 9))))""",
                java.util.Map.of("m", java.util.Map.of("mem", owner.export("mem"))));
        assertThat(user.invoke("f")).containsExactly(2);
    }

    @Test
    void memory64UsesI64AddressesAndNeverWraps() {
        Instance inst = Wat.instance("""
                (module (memory i64 1 2)
                  (func (export "store") (param i64 i32) (i32.store (local.get 0) (local.get 1)))
                  (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
                  (func (export "loadFar") (param i64) (result i32) (i32.load offset=0xFFFFFFFFFFFFFFF0 (local.get 0)))
                  (func (export "size") (result i64) (memory.size))
                  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
                  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2))))""");
        inst.invoke("store", 65532L, 0x01020304);
        assertThat(inst.invoke("load", 65532L)).containsExactly(0x01020304);
        assertThatThrownBy(() -> inst.invoke("load", 65533L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("load", -1L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        // address + offset overflows 64 bits: out of bounds, not a wrap to a small address
        assertThatThrownBy(() -> inst.invoke("loadFar", 0x20L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("size")).containsExactly(1L);
        assertThat(inst.invoke("grow", -1L)).containsExactly(-1L);
        assertThat(inst.invoke("grow", 1L)).containsExactly(1L);
        inst.invoke("fill", 70000L, 7, 4L);
        assertThat(inst.invoke("load", 70000L)).containsExactly(0x07070707);
        assertThatThrownBy(() -> inst.invoke("fill", 131070L, 7, 4L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }
}
