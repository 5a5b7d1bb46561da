package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.NullFunctionReferenceTrap;
import dev.gatun.NullReferenceTrap;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

class FunctionReferenceTest {
    private static final String MODULE = """
            (module
              (type $ii (func (param i32) (result i32)))
              (elem declare func $double)
              (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
              (func $pick (param i32) (result (ref null $ii))
                (if (result (ref null $ii)) (local.get 0) (then (ref.func $double)) (else (ref.null $ii))))
              (func (export "callRef") (param i32 i32) (result i32)
                (call_ref $ii (local.get 1) (call $pick (local.get 0))))
              (func (export "tailCallRef") (param i32) (result i32)
                (return_call_ref $ii (local.get 0) (ref.func $double)))
              (func (export "asNonNull") (param i32) (result i32)
                (drop (ref.as_non_null (call $pick (local.get 0)))) (i32.const 1))
              (func (export "brOnNull") (param i32) (result i32)
                (block $null (drop (br_on_null $null (call $pick (local.get 0)))) (return (i32.const 1)))
                (i32.const 0))
              (func (export "brOnNonNull") (param i32) (result i32) (local (ref null $ii))
                (local.set 1
                  (block $some (result (ref $ii))
                    (br_on_non_null $some (call $pick (local.get 0)))
                    (return (i32.const -1))))
                (call_ref $ii (i32.const 21) (local.get 1)))
              (func (export "nullsAreEqual") (result i32)
                (ref.eq (ref.null eq) (ref.null none))))""";

    @Test
    void callRefCallsThroughTheReferenceOrTrapsOnNull() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("callRef", 1, 21)).containsExactly(42);
        assertThatThrownBy(() -> inst.invoke("callRef", 0, 21)).isInstanceOf(NullFunctionReferenceTrap.class)
                .hasMessageStartingWith("null function reference");
        assertThat(inst.invoke("tailCallRef", 5)).containsExactly(10);
    }

    @Test
    void nullChecksAndBranches() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("asNonNull", 1)).containsExactly(1);
        assertThatThrownBy(() -> inst.invoke("asNonNull", 0)).isInstanceOf(NullReferenceTrap.class);
        assertThat(inst.invoke("brOnNull", 1)).containsExactly(1);
        assertThat(inst.invoke("brOnNull", 0)).containsExactly(0);
        assertThat(inst.invoke("brOnNonNull", 1)).containsExactly(42);
        assertThat(inst.invoke("brOnNonNull", 0)).containsExactly(-1);
        assertThat(inst.invoke("nullsAreEqual")).containsExactly(1);
    }
}
