package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.IndirectCallTypeMismatchTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.ThrownException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailCallTest {
    private static final String MODULE = """
            (module
              (type $ll (func (param i64 i64) (result i64)))
              (table funcref (elem $count $wrong))
              (tag $e)
              (func $even (export "even") (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1))
                  (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
              (func $odd (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0))
                  (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
              (func $count (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call_indirect (type $ll)
                    (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2)) (i32.const 0)))))
              (func $wrong (param i32))
              (func (export "count") (param i64) (result i64) (call $count (local.get 0) (i64.const 0)))
              (func (export "mismatch") (result i64)
                (return_call_indirect (type $ll) (i64.const 1) (i64.const 1) (i32.const 1)))
              (func $pair (param i32) (result i32 i64) (local.get 0) (i64.const 9))
              (func (export "pair") (result i32 i64) (return_call $pair (i32.const 4)))
              (type $ii (func (param i32) (result i32)))
              (table $t2 funcref (elem $inc))
              (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
              (func (export "indirectWithI32Argument") (result i32)
                (return_call_indirect $t2 (type $ii) (i32.const 41) (i32.const 0)))
              (func $throws (result i32) (throw $e))
              (func (export "notCaughtByTheCaller") (result i32)
                (block $h (try_table (catch_all $h) (return_call $throws)))
                (i32.const -1)))""";

    @Test
    void deepTailRecursionUsesConstantDepth() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("even", 1_000_000L)).containsExactly(1);
        assertThat(inst.invoke("even", 1_000_001L)).containsExactly(0);
        assertThat(inst.invoke("count", 100_000L)).containsExactly(200_000L);
        assertThat(inst.context().entryDepth).isEqualTo(inst.context().maxCallDepth);
        assertThat(inst.context().javaCalls).isZero();
    }

    @Test
    void indirectTailCallsCheckTheType() {
        assertThatThrownBy(() -> Wat.instance(MODULE).invoke("mismatch")).isInstanceOf(IndirectCallTypeMismatchTrap.class);
    }

    @Test
    void indirectTailCallKeepsItsIndexApartFromTheArguments() {
        assertThat(Wat.instance(MODULE).invoke("indirectWithI32Argument")).containsExactly(42);
    }

    @Test
    void multipleResultsSurviveATailCall() {
        assertThat(Wat.instance(MODULE).invoke("pair")).containsExactly(4, 9L);
    }

    @Test
    void theCallersHandlersAreGoneDuringATailCall() {
        assertThatThrownBy(() -> Wat.instance(MODULE).invoke("notCaughtByTheCaller")).isInstanceOf(ThrownException.class);
    }

    @Test
    void tailCallsIntoAnotherInstance() {
        Instance a = Wat.instance(MODULE);
        Instance b = Wat.instance("""
                (module (import "a" "even" (func $even (param i64) (result i32)))
                  (func (export "viaImport") (param i64) (result i32) (return_call $even (local.get 0)))
                  (func (export "caller") (result i32) (i32.add (call 1 (i64.const 10)) (i32.const 100))))""",
                Map.of("a", Map.of("even", a.export("even"))));
        assertThat(b.invoke("viaImport", 100_001L)).containsExactly(0);
        assertThat(b.invoke("caller")).containsExactly(101);
    }
}
