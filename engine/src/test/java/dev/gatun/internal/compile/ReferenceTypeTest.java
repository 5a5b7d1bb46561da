package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.CastFailureTrap;
import dev.gatun.NullI31ReferenceTrap;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

/** i31 references, ref.eq, and ref.test / ref.cast / br_on_cast on abstract and function types. */
class ReferenceTypeTest {
    private static final String MODULE = """
            (module
              (type $v (func))
              (type $w (func (param i32)))
              (func $f (type $v))
              (elem declare func $f)
              (global $small i31ref (ref.i31 (i32.const -5)))
              (func (export "roundTrip") (param i32) (result i32 i32)
                (i31.get_s (ref.i31 (local.get 0))) (i31.get_u (ref.i31 (local.get 0))))
              (func (export "getNull") (result i32) (i31.get_u (ref.null i31)))
              (func (export "global") (result i32) (i31.get_s (global.get $small)))
              (func (export "eq") (param i32 i32) (result i32)
                (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
              (func $pick (param i32) (result anyref)
                (if (result anyref) (local.get 0) (then (ref.i31 (i32.const 1))) (else (ref.null any))))
              (func (export "isI31") (param i32) (result i32) (ref.test (ref i31) (call $pick (local.get 0))))
              (func (export "isNullableStruct") (param i32) (result i32) (ref.test structref (call $pick (local.get 0))))
              (func (export "castToI31") (param i32) (result i32)
                (i31.get_u (ref.cast (ref i31) (call $pick (local.get 0)))))
              (func (export "funcType") (result i32 i32)
                (ref.test (ref $v) (ref.func $f)) (ref.test (ref $w) (ref.func $f)))
              (func (export "brOnCast") (param i32) (result i32)
                (block $isI31 (result (ref i31))
                  (drop (br_on_cast $isI31 anyref (ref i31) (call $pick (local.get 0))))
                  (return (i32.const -1)))
                (i31.get_u))
              (func (export "externRoundTrip") (param i32) (result i32)
                (i31.get_s (ref.cast i31ref (any.convert_extern (extern.convert_any (ref.i31 (local.get 0))))))))""";

    @Test
    void i31KeepsThirtyOneBits() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("roundTrip", -1)).containsExactly(-1, 0x7FFFFFFF);
        assertThat(inst.invoke("roundTrip", 0x40000000)).containsExactly(-0x40000000, 0x40000000);
        assertThat(inst.invoke("global")).containsExactly(-5);
        assertThatThrownBy(() -> inst.invoke("getNull")).isInstanceOf(NullI31ReferenceTrap.class)
                .hasMessageStartingWith("null i31 reference");
        assertThat(inst.invoke("eq", 1000, 1000)).containsExactly(1);
        assertThat(inst.invoke("eq", 0x7FFFFFFF, -1)).containsExactly(1);
        assertThat(inst.invoke("eq", 1, 2)).containsExactly(0);
        assertThat(inst.invoke("externRoundTrip", 77)).containsExactly(77);
    }

    @Test
    void testsAndCasts() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("isI31", 1)).containsExactly(1);
        assertThat(inst.invoke("isI31", 0)).containsExactly(0);
        assertThat(inst.invoke("isNullableStruct", 0)).containsExactly(1);
        assertThat(inst.invoke("isNullableStruct", 1)).containsExactly(0);
        assertThat(inst.invoke("castToI31", 1)).containsExactly(1);
        assertThatThrownBy(() -> inst.invoke("castToI31", 0)).isInstanceOf(CastFailureTrap.class)
                .hasMessageStartingWith("cast failure");
        assertThat(inst.invoke("funcType")).containsExactly(1, 0);
        assertThat(inst.invoke("brOnCast", 1)).containsExactly(1);
        assertThat(inst.invoke("brOnCast", 0)).containsExactly(-1);
    }
}
