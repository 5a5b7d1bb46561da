package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.lang.constant.ClassDesc;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A tail call's result reaches the caller unchanged for every result kind, also from a host function. */
class TailCallResultKindsTest {
    private static final String MODULE = """
            (module
              (import "host" "f64" (func $hostF64 (param f64) (result f64)))
              (import "host" "none" (func $hostNone (param i32)))
              (type $box (struct (field i32)))
              (global $count (mut i32) (i32.const 0))
              (func $none (param i32) (global.set $count (i32.add (global.get $count) (local.get 0))))
              (func $i32 (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
              (func $f32 (param f32) (result f32) (f32.neg (local.get 0)))
              (func $f64 (param f64) (result f64) (f64.mul (local.get 0) (f64.const 2)))
              (func $ref (param i32) (result (ref $box)) (struct.new $box (local.get 0)))
              (func $tailNone (param i32) (return_call $none (local.get 0)))
              (func $tailI32 (param i32) (result i32) (return_call $i32 (local.get 0)))
              (func $tailF32 (param f32) (result f32) (return_call $f32 (local.get 0)))
              (func $tailF64 (param f64) (result f64) (return_call $f64 (local.get 0)))
              (func $tailRef (param i32) (result (ref $box)) (return_call $ref (local.get 0)))
              (func $tailHostF64 (param f64) (result f64) (return_call $hostF64 (local.get 0)))
              (func $tailHostNone (param i32) (return_call $hostNone (local.get 0)))
              (func (export "viaCalls") (result i32 f32 f64 i32 f64 i32)
                (call $tailNone (i32.const 5))
                (call $tailI32 (i32.const 7))
                (call $tailF32 (f32.const 1.5))
                (call $tailF64 (f64.const 1e300))
                (struct.get $box 0 (call $tailRef (i32.const 11)))
                (call $tailHostF64 (f64.const 0.25))
                (call $tailHostNone (i32.const 3))
                (global.get $count))
              (func (export "f64") (param f64) (result f64) (return_call $f64 (local.get 0)))
              (func (export "none") (param i32) (return_call $none (local.get 0)))
              (func (export "ref") (param i32) (result anyref) (return_call $ref (local.get 0)))
              ;; $middle has no tail call, so calls of it skip the pending check; its own call of $tailF64 checks
              (func $middle (param f64) (result f64) (f64.add (call $tailF64 (local.get 0)) (f64.const 1)))
              (func (export "throughMiddle") (result f64) (f64.mul (call $middle (f64.const 3)) (f64.const 10))))""";

    @Test
    void resultsOfEveryKindSurviveATailCall() {
        AtomicInteger hostNoneCalls = new AtomicInteger();
        HostFunction hostF64 = args -> new Object[] {(Double) args[0] + 1};
        HostFunction hostNone = args -> {
            hostNoneCalls.addAndGet((Integer) args[0]);
            return null;
        };
        Instance instance = Wat.instance(MODULE, Map.of("host", Map.of("f64", hostF64, "none", hostNone)));
        assertThat(instance.invoke("viaCalls")).containsExactly(-7, -1.5f, 2e300, 11, 1.25, 5);
        assertThat(hostNoneCalls).hasValue(3);
    }

    @Test
    void callSitesCheckForPendingTailCallsOnlyWhereTheCalleeCanLeaveOne() {
        CompilationUnit unit = new CompilationUnit(Wat.parse(MODULE), ClassDesc.of("t.Unit"),
                Validator.validate(Wat.parse(MODULE)));
        // function indices: 0 and 1 imported, 2 $none, 7 $tailNone
        assertThat(unit.mayLeaveTailCall(0)).as("imported: its bridge drains").isFalse();
        assertThat(unit.mayLeaveTailCall(2)).as("$none").isFalse();
        assertThat(unit.mayLeaveTailCall(7)).as("$tailNone").isTrue();
        Instance instance = Wat.instance(MODULE, Map.of("host", Map.of(
                "f64", (HostFunction) args -> new Object[] {args[0]}, "none", (HostFunction) args -> null)));
        assertThat(instance.invoke("throughMiddle")).containsExactly(70.0);
    }

    @Test
    void theApiBoxesTheResultOfATailCallOnce() {
        Instance instance = Wat.instance(MODULE, Map.of("host", Map.of(
                "f64", (HostFunction) args -> new Object[] {args[0]}, "none", (HostFunction) args -> null)));
        assertThat(instance.invoke("f64", -0.0)).containsExactly(-0.0);
        assertThat(instance.invoke("none", 4)).isEmpty();
        assertThat(instance.invoke("ref", 1)).hasSize(1).doesNotContainNull();
    }
}
