package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.ArrayOutOfBoundsTrap;
import dev.gatun.CastFailureTrap;
import dev.gatun.NullArrayReferenceTrap;
import dev.gatun.NullStructureReferenceTrap;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

class AggregateTest {
    private static final String MODULE = """
            (module
              (type $point (sub (struct (field $x (mut i32)) (field $y i64))))
              (type $point3 (sub $point (struct (field $x (mut i32)) (field $y i64) (field $z f64))))
              (type $bytes (array (mut i8)))
              (type $refs (array (mut anyref)))
              (global $origin (ref $point) (struct.new $point (i32.const 1) (i64.const 2)))
              (func (export "point") (param i32 i64) (result i32 i64)
                (local $p (ref $point))
                (local.set $p (struct.new $point (local.get 0) (local.get 1)))
                (struct.set $point $x (local.get $p) (i32.add (struct.get $point $x (local.get $p)) (i32.const 1)))
                (struct.get $point $x (local.get $p)) (struct.get $point $y (local.get $p)))
              (func (export "origin") (result i64) (struct.get $point $y (global.get $origin)))
              (func (export "nullStruct") (result i32) (struct.get $point $x (ref.null $point)))
              (func (export "bytes") (param i32) (result i32 i32 i32)
                (local $a (ref $bytes))
                (local.set $a (array.new $bytes (i32.const 0xFF) (local.get 0)))
                (array.set $bytes (local.get $a) (i32.const 0) (i32.const 0x17F))
                (array.get_s $bytes (local.get $a) (i32.const 0))
                (array.get_u $bytes (local.get $a) (i32.const 1))
                (array.len (local.get $a)))
              (func (export "fixed") (result i32)
                (array.len (array.new_fixed $refs 3 (ref.i31 (i32.const 1)) (ref.null any) (ref.i31 (i32.const 3)))))
              (func (export "outOfBounds") (result i32) (array.get_u $bytes (array.new_default $bytes (i32.const 2)) (i32.const 2)))
              (func (export "nullArray") (result i32) (array.len (ref.null $bytes)))
              (func (export "subtype") (result i32 i32)
                (ref.test (ref $point) (struct.new_default $point3))
                (ref.test (ref $point3) (struct.new_default $point)))
              (func (export "badCast") (drop (ref.cast (ref $point3) (struct.new_default $point)))))""";

    @Test
    void structsAllocateReadAndWrite() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("point", 41, 7L)).containsExactly(42, 7L);
        assertThat(inst.invoke("origin")).containsExactly(2L);
        assertThatThrownBy(() -> inst.invoke("nullStruct")).isInstanceOf(NullStructureReferenceTrap.class)
                .hasMessageStartingWith("null structure reference");
    }

    @Test
    void arraysOfPackedAndReferenceElements() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("bytes", 3)).containsExactly(127, 255, 3);
        assertThat(inst.invoke("fixed")).containsExactly(3);
        assertThatThrownBy(() -> inst.invoke("outOfBounds")).isInstanceOf(ArrayOutOfBoundsTrap.class)
                .hasMessageStartingWith("out of bounds array access");
        assertThatThrownBy(() -> inst.invoke("nullArray")).isInstanceOf(NullArrayReferenceTrap.class);
    }

    @Test
    void castsFollowDeclaredSubtyping() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("subtype")).containsExactly(1, 0);
        assertThatThrownBy(() -> inst.invoke("badCast")).isInstanceOf(CastFailureTrap.class);
    }

    @Test
    void bulkArrayOperations() {
        Instance inst = Wat.instance("""
                (module
                  (type $shorts (array (mut i16)))
                  (type $funcs (array (mut funcref)))
                  (data $d "\\01\\00\\02\\00\\03\\80")
                  (elem $e func $f $f)
                  (func $f)
                  (func (export "data") (param i32) (result i32 i32)
                    (local $a (ref $shorts))
                    (local.set $a (array.new_data $shorts $d (i32.const 0) (local.get 0)))
                    (array.get_u $shorts (local.get $a) (i32.const 1))
                    (array.get_s $shorts (local.get $a) (i32.const 2)))
                  (func (export "fillCopy") (result i32 i32)
                    (local $a (ref $shorts))
                    (local.set $a (array.new_default $shorts (i32.const 4)))
                    (array.fill $shorts (local.get $a) (i32.const 1) (i32.const 7) (i32.const 2))
                    (array.copy $shorts $shorts (local.get $a) (i32.const 0) (local.get $a) (i32.const 1) (i32.const 3))
                    (array.get_u $shorts (local.get $a) (i32.const 0))
                    (array.get_u $shorts (local.get $a) (i32.const 2)))
                  (func (export "elem") (result i32)
                    (ref.is_null (array.get $funcs (array.new_elem $funcs $e (i32.const 1) (i32.const 1)) (i32.const 0)))))""");
        assertThat(inst.invoke("data", 3)).containsExactly(2, -32765);
        assertThatThrownBy(() -> inst.invoke("data", 4)).isInstanceOf(dev.gatun.MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("fillCopy")).containsExactly(7, 0);
        assertThat(inst.invoke("elem")).containsExactly(0);
    }
}
