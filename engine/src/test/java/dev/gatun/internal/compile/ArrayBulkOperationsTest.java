package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.ArrayOutOfBoundsTrap;
import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.NullArrayReferenceTrap;
import dev.gatun.TableOutOfBoundsTrap;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

/** array.new_data/new_elem, array.copy/fill/init_data/init_elem: contents, overlap, bounds, dropped segments. */
class ArrayBulkOperationsTest {
    private static final String MODULE = """
            (module
              (type $bytes (array (mut i8)))
              (type $longs (array (mut i64)))
              (type $doubles (array (mut f64)))
              (type $funcs (array (mut funcref)))
              (type $ret (func (result i32)))
              (data $d "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10")
              (data $pi "\\18\\2d\\44\\54\\fb\\21\\09\\40")
              (elem $e func $one $two $three)
              (func $one (type $ret) (i32.const 1))
              (func $two (type $ret) (i32.const 2))
              (func $three (type $ret) (i32.const 3))
              (func $bytes (param i32) (result (ref $bytes))
                (array.new_data $bytes $d (i32.const 0) (local.get 0)))
              (func $at (param (ref $bytes) i32) (result i32) (array.get_u $bytes (local.get 0) (local.get 1)))
              (func (export "newDataLittleEndian") (result i64 f64)
                (array.get $longs (array.new_data $longs $d (i32.const 8) (i32.const 1)) (i32.const 0))
                (array.get $doubles (array.new_data $doubles $pi (i32.const 0) (i32.const 1)) (i32.const 0)))
              (func (export "newData") (param i32 i32) (result i32)
                (array.len (array.new_data $longs $d (local.get 0) (local.get 1))))
              (func (export "newElem") (param i32) (result i32)
                (call_ref $ret (ref.cast (ref $ret)
                  (array.get $funcs (array.new_elem $funcs $e (local.get 0) (i32.const 2)) (i32.const 1)))))
              (func (export "copyForward") (result i32 i32 i32)
                (local $a (ref $bytes))
                (local.set $a (call $bytes (i32.const 8)))
                ;; overlapping, destination after source: like memmove
                (array.copy $bytes $bytes (local.get $a) (i32.const 2) (local.get $a) (i32.const 0) (i32.const 5))
                (call $at (local.get $a) (i32.const 2)) (call $at (local.get $a) (i32.const 6)) (call $at (local.get $a) (i32.const 7)))
              (func (export "copyBackward") (result i32 i32 i32)
                (local $a (ref $bytes))
                (local.set $a (call $bytes (i32.const 8)))
                (array.copy $bytes $bytes (local.get $a) (i32.const 0) (local.get $a) (i32.const 3) (i32.const 5))
                (call $at (local.get $a) (i32.const 0)) (call $at (local.get $a) (i32.const 4)) (call $at (local.get $a) (i32.const 5)))
              (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
                (array.copy $bytes $bytes (call $bytes (i32.const 4)) (local.get $dst)
                  (call $bytes (i32.const 4)) (local.get $src) (local.get $n)))
              (func (export "fill") (param $at i32) (param $n i32) (result i32 i32 i32)
                (local $a (ref $longs))
                (local.set $a (array.new $longs (i64.const -1) (i32.const 4)))
                (array.fill $longs (local.get $a) (local.get $at) (i64.const 5) (local.get $n))
                (i32.wrap_i64 (array.get $longs (local.get $a) (i32.const 0)))
                (i32.wrap_i64 (array.get $longs (local.get $a) (i32.const 1)))
                (i32.wrap_i64 (array.get $longs (local.get $a) (i32.const 3))))
              (func (export "initData") (param $at i32) (param $offset i32) (param $n i32) (result i32 i32)
                (local $a (ref $bytes))
                (local.set $a (array.new_default $bytes (i32.const 4)))
                (array.init_data $bytes $d (local.get $a) (local.get $at) (local.get $offset) (local.get $n))
                (call $at (local.get $a) (i32.const 1)) (call $at (local.get $a) (i32.const 3)))
              (func (export "initElem") (param $at i32) (param $offset i32) (param $n i32) (result i32)
                (local $a (ref $funcs))
                (local.set $a (array.new_default $funcs (i32.const 3)))
                (array.init_elem $funcs $e (local.get $a) (local.get $at) (local.get $offset) (local.get $n))
                (call_ref $ret (ref.cast (ref $ret) (array.get $funcs (local.get $a) (i32.const 2)))))
              (func (export "fillNull") (array.fill $longs (ref.null $longs) (i32.const 0) (i64.const 0) (i32.const 0)))
              (func (export "dropAll") (data.drop $d) (elem.drop $e)))""";

    @Test
    void newDataReadsLittleEndianElementsAndChecksTheSegment() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("newDataLittleEndian")).containsExactly(0x100f0e0d0c0b0a09L, Math.PI);
        assertThat(inst.invoke("newData", 0, 2)).containsExactly(2);
        assertThat(inst.invoke("newData", 16, 0)).containsExactly(0);
        assertThatThrownBy(() -> inst.invoke("newData", 9, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("newData", 0, 0x2000_0001)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void newElemTakesFunctionsFromTheSegment() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("newElem", 0)).containsExactly(2);
        assertThat(inst.invoke("newElem", 1)).containsExactly(3);
        assertThatThrownBy(() -> inst.invoke("newElem", 2)).isInstanceOf(TableOutOfBoundsTrap.class);
    }

    @Test
    void overlappingCopiesBehaveLikeMemmove() {
        Instance inst = Wat.instance(MODULE);
        // 1..8 with [0,5) copied to 2: 1 2 1 2 3 4 5 8
        assertThat(inst.invoke("copyForward")).containsExactly(1, 5, 8);
        // 1..8 with [3,8) copied to 0: 4 5 6 7 8 6 7 8
        assertThat(inst.invoke("copyBackward")).containsExactly(4, 8, 6);
    }

    @Test
    void copyChecksBothRangesEvenForZeroLength() {
        Instance inst = Wat.instance(MODULE);
        inst.invoke("copy", 4, 4, 0);
        assertThatThrownBy(() -> inst.invoke("copy", 5, 0, 0)).isInstanceOf(ArrayOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("copy", 0, 1, 4)).isInstanceOf(ArrayOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("copy", 0, 0, -1)).isInstanceOf(ArrayOutOfBoundsTrap.class);
    }

    @Test
    void fillWritesTheRangeOnly() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("fill", 1, 2)).containsExactly(-1, 5, -1);
        assertThat(inst.invoke("fill", 4, 0)).containsExactly(-1, -1, -1);
        assertThatThrownBy(() -> inst.invoke("fill", 3, 2)).isInstanceOf(ArrayOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("fillNull")).isInstanceOf(NullArrayReferenceTrap.class);
    }

    @Test
    void initDataAndInitElemCopyFromSegments() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("initData", 1, 4, 3)).containsExactly(5, 7);
        assertThatThrownBy(() -> inst.invoke("initData", 2, 0, 3)).isInstanceOf(ArrayOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("initData", 0, 15, 2)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("initElem", 1, 1, 2)).containsExactly(3);
        assertThatThrownBy(() -> inst.invoke("initElem", 0, 2, 2)).isInstanceOf(TableOutOfBoundsTrap.class);
    }

    @Test
    void droppedSegmentsActEmpty() {
        Instance inst = Wat.instance(MODULE);
        inst.invoke("dropAll");
        assertThat(inst.invoke("newData", 0, 0)).containsExactly(0);
        assertThatThrownBy(() -> inst.invoke("newData", 0, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("initElem", 0, 0, 1)).isInstanceOf(TableOutOfBoundsTrap.class);
    }
}
