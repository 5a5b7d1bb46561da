package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.TableOutOfBoundsTrap;
import dev.gatun.UninitializedElementTrap;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

class BulkOperationsTest {

    @Test
    void memoryFillCopyInitAndDrop() {
        Instance inst = Wat.instance("""
                (module (memory 1)
                  (data $hello "hello")
                  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
                  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "init") (param i32 i32 i32) (memory.init $hello (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "drop") (data.drop $hello)))""");
        inst.invoke("init", 10, 1, 4);
        assertThat(inst.invoke("load8", 10)).containsExactly((int) 'e');
        assertThat(inst.invoke("load8", 13)).containsExactly((int) 'o');
        inst.invoke("copy", 11, 10, 4); // overlapping, forward
        assertThat(inst.invoke("load8", 14)).containsExactly((int) 'o');
        assertThat(inst.invoke("load8", 11)).containsExactly((int) 'e');
        inst.invoke("fill", 100, 0x1AB, 3);
        assertThat(inst.invoke("load8", 102)).containsExactly(0xAB);
        assertThat(inst.invoke("load8", 103)).containsExactly(0);
        assertThatThrownBy(() -> inst.invoke("fill", 65535, 0, 2)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("copy", 0, 65535, 2)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("init", 0, 3, 3)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        inst.invoke("drop");
        inst.invoke("init", 0, 0, 0);
        assertThatThrownBy(() -> inst.invoke("init", 0, 0, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void tableGrowFillCopyInitAndDrop() {
        Instance inst = Wat.instance("""
                (module
                  (type $v (func (result i32)))
                  (table $t 2 10 funcref)
                  (elem $e func $one $two)
                  (func $one (result i32) (i32.const 1))
                  (func $two (result i32) (i32.const 2))
                  (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0)))
                  (func (export "size") (result i32) (table.size $t))
                  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
                  (func (export "init") (param i32 i32 i32) (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "fillTwo") (param i32 i32) (table.fill $t (local.get 0) (ref.func $two) (local.get 1)))
                  (func (export "drop") (elem.drop $e)))""");
        assertThat(inst.invoke("grow", 3)).containsExactly(2);
        assertThat(inst.invoke("size")).containsExactly(5);
        assertThat(inst.invoke("grow", 6)).containsExactly(-1);
        inst.invoke("init", 0, 0, 2);
        assertThat(inst.invoke("call", 1)).containsExactly(2);
        inst.invoke("copy", 3, 0, 2);
        assertThat(inst.invoke("call", 3)).containsExactly(1);
        inst.invoke("fillTwo", 2, 1);
        assertThat(inst.invoke("call", 2)).containsExactly(2);
        assertThatThrownBy(() -> inst.invoke("call", 4 + 1)).isInstanceOf(dev.gatun.UndefinedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("fillTwo", 4, 2)).isInstanceOf(TableOutOfBoundsTrap.class);
        inst.invoke("drop");
        assertThatThrownBy(() -> inst.invoke("init", 0, 0, 1)).isInstanceOf(TableOutOfBoundsTrap.class);
        inst.invoke("grow", 1);
        assertThatThrownBy(() -> inst.invoke("call", 5)).isInstanceOf(UninitializedElementTrap.class);
    }

    @Test
    void table64UsesI64Indices() {
        Instance inst = Wat.instance("""
                (module
                  (type $v (func (result i32)))
                  (table $t i64 2 funcref)
                  (elem (table $t) (i64.const 1) func $one)
                  (func $one (result i32) (i32.const 1))
                  (func (export "call") (param i64) (result i32) (call_indirect $t (type $v) (local.get 0)))
                  (func (export "size") (result i64) (table.size $t))
                  (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
                  (func (export "isNull") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0)))))""");
        assertThat(inst.invoke("call", 1L)).containsExactly(1);
        assertThatThrownBy(() -> inst.invoke("call", 0L)).isInstanceOf(UninitializedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", 0x1_0000_0001L)).isInstanceOf(dev.gatun.UndefinedElementTrap.class);
        assertThat(inst.invoke("grow", 3L)).containsExactly(2L);
        assertThat(inst.invoke("size")).containsExactly(5L);
        assertThat(inst.invoke("isNull", 4L)).containsExactly(1);
        assertThatThrownBy(() -> inst.invoke("isNull", -1L)).isInstanceOf(TableOutOfBoundsTrap.class);
    }

    @Test
    void tableCopyBetween32And64BitTables() {
        Instance inst = Wat.instance("""
                (module
                  (type $v (func (result i32)))
                  (table $t32 2 funcref)
                  (table $t64 i64 2 funcref)
                  (elem (table $t32) (i32.const 0) func $seven)
                  (func $seven (result i32) (i32.const 7))
                  (func (export "toWide") (table.copy $t64 $t32 (i64.const 1) (i32.const 0) (i32.const 1)))
                  (func (export "callWide") (param i64) (result i32) (call_indirect $t64 (type $v) (local.get 0)))
                  (func (export "tooFar") (table.copy $t32 $t64 (i32.const 1) (i64.const 1) (i32.const 2))))""");
        inst.invoke("toWide");
        assertThat(inst.invoke("callWide", 1L)).containsExactly(7);
        assertThatThrownBy(() -> inst.invoke("tooFar")).isInstanceOf(TableOutOfBoundsTrap.class);
    }
}
