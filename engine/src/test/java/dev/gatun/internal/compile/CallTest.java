package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.CallStackExhaustedTrap;
import dev.gatun.IndirectCallTypeMismatchTrap;
import dev.gatun.TableOutOfBoundsTrap;
import dev.gatun.UndefinedElementTrap;
import dev.gatun.UninitializedElementTrap;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.LinkException;
import dev.gatun.internal.runtime.WasmGlobal;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTest {
    private static final String TABLE_MODULE = """
            (module
              (type $ii (func (param i32) (result i32)))
              (type $l (func (result i64)))
              (table 5 funcref)
              (elem (i32.const 0) $double $inc $seven)
              (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
              (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
              (func $seven (type $l) (i64.const 7))
              (func (export "call") (param i32 i32) (result i32)
                (call_indirect (type $ii) (local.get 1) (local.get 0)))
              (func (export "callLong") (param i32) (result i64)
                (call_indirect (type $l) (local.get 0))))""";

    @Test
    void directCallsAndRecursion() {
        Instance inst = Wat.instance("""
                (module
                  (func $fac (export "fac") (param i64) (result i64)
                    (if (result i64) (i64.eqz (local.get 0))
                      (then (i64.const 1))
                      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))""");
        assertThat(inst.invoke("fac", 20L)).containsExactly(2432902008176640000L);
    }

    @Test
    void callIndirectDispatchesThroughTheTable() {
        Instance inst = Wat.instance(TABLE_MODULE);
        assertThat(inst.invoke("call", 0, 21)).containsExactly(42);
        assertThat(inst.invoke("call", 1, 21)).containsExactly(22);
        assertThat(inst.invoke("callLong", 2)).containsExactly(7L);
    }

    @Test
    void callIndirectTraps() {
        Instance inst = Wat.instance(TABLE_MODULE);
        assertThatThrownBy(() -> inst.invoke("call", 2, 0)).isInstanceOf(IndirectCallTypeMismatchTrap.class)
                .hasMessageStartingWith("indirect call type mismatch (in function 3");
        assertThatThrownBy(() -> inst.invoke("call", 3, 0)).isInstanceOf(UninitializedElementTrap.class)
                .hasMessageStartingWith("uninitialized element 3");
        assertThatThrownBy(() -> inst.invoke("call", 5, 0)).isInstanceOf(UndefinedElementTrap.class)
                .hasMessageStartingWith("undefined element");
        assertThatThrownBy(() -> inst.invoke("call", -1, 0)).isInstanceOf(UndefinedElementTrap.class);
    }

    @Test
    void elementSegmentOutOfBoundsFailsInstantiation() {
        assertThatThrownBy(() -> Wat.instance("""
                (module (table 1 funcref) (func $f) (elem (i32.const 1) $f))"""))
                .isInstanceOf(TableOutOfBoundsTrap.class).hasMessageStartingWith("out of bounds table access");
    }

    @Test
    void infiniteRecursionTrapsDeterministically() {
        Instance inst = Wat.instance("""
                (module (func $r (export "r") (param i64) (result i64)
                  (i64.add (i64.const 1) (call $r (local.get 0)))))""");
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> inst.invoke("r", 0L)).isInstanceOf(CallStackExhaustedTrap.class)
                    .hasMessageStartingWith("call stack exhausted");
        }
        // the depth counter is back to zero: ordinary calls still work
        assertThat(inst.context().entryDepth).isEqualTo(inst.context().maxCallDepth);
        assertThat(inst.context().javaCalls).isZero();
    }

    @Test
    void jvmStackOverflowBeforeTheLimitIsStillATrap() throws Exception {
        // a limit far above what a 256 KiB thread stack holds: the boundary's StackOverflowError catch answers
        CompiledModule compiled = ModuleCompiler.compile(Wat.parse("""
                (module (func $r (export "r") (param i64) (result i64)
                  (i64.add (i64.const 1) (call $r (local.get 0)))))"""));
        Instance inst = Instance.instantiate(compiled, Map.of(), 100_000_000);
        Throwable[] outcome = new Throwable[1];
        Thread small = Thread.ofPlatform().stackSize(256 * 1024).start(() -> {
            try {
                inst.invoke("r", 0L);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        });
        small.join();
        assertThat(outcome[0]).isInstanceOf(CallStackExhaustedTrap.class);
        assertThat(inst.context().entryDepth).isEqualTo(inst.context().maxCallDepth);
        assertThat(inst.context().javaCalls).isZero();
    }

    @Test
    void recursionBelowTheLimitSucceeds() {
        Instance inst = Wat.instance("""
                (module (func $count (export "count") (param i32) (result i32)
                  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                    (else (i32.add (i32.const 1) (call $count (i32.sub (local.get 0) (i32.const 1))))))))""");
        assertThat(inst.invoke("count", Instance.DEFAULT_MAX_CALL_DEPTH - 1)).containsExactly(Instance.DEFAULT_MAX_CALL_DEPTH - 1);
        assertThatThrownBy(() -> inst.invoke("count", Instance.DEFAULT_MAX_CALL_DEPTH)).isInstanceOf(CallStackExhaustedTrap.class);
    }

    @Test
    void hostFunctionsWithMultipleResults() {
        List<Object> seen = new ArrayList<>();
        HostFunction divmod = args -> {
            seen.add(args[0]);
            int a = (Integer) args[0];
            int b = (Integer) args[1];
            return new Object[] {a / b, a % b};
        };
        HostFunction log = args -> {
            seen.add(args[0]);
            return null;
        };
        Instance inst = Wat.instance("""
                (module
                  (import "host" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
                  (import "host" "log" (func $log (param f64)))
                  (func (export "f") (param i32 i32) (result i32)
                    (call $log (f64.const 0.5))
                    (call $divmod (local.get 0) (local.get 1))
                    (i32.sub)))""", Map.of("host", Map.of("divmod", divmod, "log", log)));
        assertThat(inst.invoke("f", 17, 5)).containsExactly(3 - 2);
        assertThat(seen).containsExactly(0.5, 17);
    }

    @Test
    void crossInstanceCallsCarryExtraResults() {
        Instance a = Wat.instance("""
                (module (func (export "pair") (param i64) (result i64 f32 i32)
                  (local.get 0) (f32.const 2.5) (i32.const 9)))""");
        Instance b = Wat.instance("""
                (module
                  (import "a" "pair" (func $pair (param i64) (result i64 f32 i32)))
                  (table 1 funcref) (elem (i32.const 0) $pair)
                  (type $t (func (param i64) (result i64 f32 i32)))
                  (func (export "direct") (result i64 f32 i32) (call $pair (i64.const 4)))
                  (func (export "indirect") (result i64)
                    (call_indirect (type $t) (i64.const 4) (i32.const 0))
                    (drop) (drop)))""", Map.of("a", Map.of("pair", a.export("pair"))));
        assertThat(b.invoke("direct")).containsExactly(4L, 2.5f, 9);
        assertThat(b.invoke("indirect")).containsExactly(4L);
    }

    @Test
    void importsAreCheckedAtLinkTime() {
        assertThatThrownBy(() -> Wat.instance("(module (import \"m\" \"f\" (func)))"))
                .isInstanceOf(LinkException.class).hasMessageContaining("unknown import");
        Instance a = Wat.instance("(module (func (export \"f\") (param i32)))");
        assertThatThrownBy(() -> Wat.instance("(module (import \"m\" \"f\" (func (param i64))))",
                Map.of("m", Map.of("f", a.export("f")))))
                .isInstanceOf(LinkException.class).hasMessageContaining("incompatible import type");
    }

    @Test
    void importedGlobalsAreSharedCells() {
        WasmGlobal counter = WasmGlobal.host(new GlobalType(ValType.I32, true), 10);
        WasmGlobal base = WasmGlobal.host(new GlobalType(ValType.I32, false), 10);
        Instance inst = Wat.instance("""
                (module (import "env" "counter" (global $c (mut i32)))
                  (import "env" "base" (global $b i32))
                  (global $copy (export "copy") i32 (global.get $b))
                  (func (export "bump") (global.set $c (i32.add (global.get $c) (i32.const 1)))))""",
                Map.of("env", Map.of("counter", counter, "base", base)));
        inst.invoke("bump");
        inst.invoke("bump");
        assertThat(counter.value()).isEqualTo(12);
        assertThat(inst.getGlobal("copy")).isEqualTo(10);
    }

    @Test
    void startFunctionRunsAtInstantiation() {
        Instance inst = Wat.instance("""
                (module (global $g (export "g") (mut i32) (i32.const 0))
                  (func $init (global.set $g (i32.const 5))) (start $init))""");
        assertThat(inst.getGlobal("g")).isEqualTo(5);
    }
}
