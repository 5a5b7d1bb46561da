package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The deterministic call-depth limit: a configured limit of N allows exactly N nested Wasm frames, however
 * the calls are made (direct, call_indirect, call_ref, tail calls, imports from other instances, host
 * functions calling back in), and endless recursion of any of these kinds ends in a
 * {@link CallStackExhaustedTrap}, after which the instance works again.
 */
class CallDepthLimitTest {
    private static final int LIMIT = 100;

    /** {@code count(n)} takes n + 1 frames, each kind of call recursing through its own export. */
    private static final String COUNTERS = """
            (module
              (type $t (func (param i32) (result i32)))
              (table 1 funcref)
              (elem (i32.const 0) $indirect)
              (elem declare func $byRef)
              (func $direct (export "direct") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $direct (i32.sub (local.get 0) (i32.const 1)))))))
              (func $indirect (export "indirect") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1)
                    (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))
              (func $byRef (export "byRef") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1)
                    (call_ref $t (i32.sub (local.get 0) (i32.const 1)) (ref.func $byRef))))))
              ;; a non-tail recursion whose every other step is a tail call: one frame per step
              (func $viaTail (export "viaTail") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $bounce (i32.sub (local.get 0) (i32.const 1)))))))
              (func $bounce (param i32) (result i32) (return_call $viaTail (local.get 0)))
              (func $loop (export "tailLoop") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))
                  (else (return_call $loop (i32.sub (local.get 0) (i32.const 1)))))))
            """;

    private static Engine limited() {
        return Engine.create(EngineConfig.builder().maxCallDepth(LIMIT).build());
    }

    private static void assertExactLimit(IntUnaryOperator count) {
        assertThat(count.applyAsInt(LIMIT - 1)).isEqualTo(LIMIT - 1);
        assertThatThrownBy(() -> count.applyAsInt(LIMIT)).isInstanceOf(CallStackExhaustedTrap.class);
        assertThat(count.applyAsInt(LIMIT - 1)).isEqualTo(LIMIT - 1); // usable again, at the same depth
    }

    @Test
    void configuredLimitAllowsExactlyThatManyFramesForEveryKindOfCall() {
        Engine engine = limited();
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, COUNTERS));
        for (String kind : new String[] {"direct", "indirect", "byRef", "viaTail"}) {
            assertExactLimit(instance.function(kind).asIntUnaryOperator());
        }
    }

    @Test
    void tailCallChainsNeedNoDepth() {
        Engine engine = limited();
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, COUNTERS));
        assertThat(instance.function("tailLoop").asIntUnaryOperator().applyAsInt(100_000)).isEqualTo(7);
    }

    @Test
    void dynamicCallsCountLikeTypedHandles() {
        Engine engine = limited();
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, COUNTERS));
        Function direct = instance.function("direct");
        assertThat(direct.call(Value.i32(LIMIT - 1))[0].asInt()).isEqualTo(LIMIT - 1);
        assertThatThrownBy(() -> direct.call(Value.i32(LIMIT))).isInstanceOf(CallStackExhaustedTrap.class);
    }

    /** A's {@code f} calls table 0, which B fills with its {@code g}; g calls A's f back (an import loop). */
    private static Instance importLoop(Engine engine) {
        Instance a = new Linker(engine).instantiate(Module.fromWat(engine, """
                (module
                  (type $t (func (param i32) (result i32)))
                  (table (export "t") 1 funcref)
                  (func (export "f") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1)
                        (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))))
                """));
        new Linker(engine).instance("a", a).instantiate(Module.fromWat(engine, """
                (module
                  (import "a" "f" (func $f (param i32) (result i32)))
                  (import "a" "t" (table 1 funcref))
                  (func $g (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1)))))))
                  (elem (i32.const 0) $g))
                """));
        return a;
    }

    @Test
    void depthCarriesAcrossInstances() {
        assertExactLimit(importLoop(limited()).function("f").asIntUnaryOperator());
    }

    @Test
    void endlessRecursionThroughAnImportLoopTraps() {
        IntUnaryOperator f = importLoop(Engine.create()).function("f").asIntUnaryOperator();
        assertThatThrownBy(() -> f.applyAsInt(Integer.MAX_VALUE)).isInstanceOf(CallStackExhaustedTrap.class);
        assertThat(f.applyAsInt(10)).isEqualTo(10);
    }

    /** {@code f(n)} calls the host's {@code env.back(n - 1)}, which calls the export f again (or not, for 0). */
    private static IntUnaryOperator reentering(Engine engine) {
        AtomicReference<IntUnaryOperator> export = new AtomicReference<>();
        Linker linker = new Linker(engine).func("env", "back", IntUnaryOperator.class,
                n -> export.get().applyAsInt(n));
        Instance instance = linker.instantiate(Module.fromWat(engine, """
                (module
                  (import "env" "back" (func $back (param i32) (result i32)))
                  (func (export "f") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1) (call $back (i32.sub (local.get 0) (i32.const 1))))))))
                """));
        export.set(instance.function("f").asIntUnaryOperator());
        return export.get();
    }

    @Test
    void depthCarriesThroughHostFunctionsThatCallBackIn() {
        assertExactLimit(reentering(limited()));
    }

    @Test
    void endlessRecursionThroughAHostFunctionTraps() {
        IntUnaryOperator f = reentering(Engine.create());
        assertThatThrownBy(() -> f.applyAsInt(Integer.MAX_VALUE)).isInstanceOf(CallStackExhaustedTrap.class);
        assertThat(f.applyAsInt(10)).isEqualTo(10);
    }

    /**
     * A's {@code f(n)} calls B's {@code g(n - 1)} (an import), which calls the host's {@code back(n - 2)},
     * which calls A's export f again: a loop through another instance and a host function.
     */
    private static IntUnaryOperator reenteringThroughAnotherInstance(Engine engine) {
        AtomicReference<IntUnaryOperator> export = new AtomicReference<>();
        Instance b = new Linker(engine).func("env", "back", IntUnaryOperator.class, n -> export.get().applyAsInt(n))
                .instantiate(Module.fromWat(engine, """
                (module
                  (import "env" "back" (func $back (param i32) (result i32)))
                  (func (export "g") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1) (call $back (i32.sub (local.get 0) (i32.const 1))))))))
                """));
        Instance a = new Linker(engine).instance("b", b).instantiate(Module.fromWat(engine, """
                (module
                  (import "b" "g" (func $g (param i32) (result i32)))
                  (func (export "f") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1) (call $g (i32.sub (local.get 0) (i32.const 1))))))))
                """));
        export.set(a.function("f").asIntUnaryOperator());
        return export.get();
    }

    @Test
    void aLoopThroughAnotherInstanceAndAHostFunctionKeepsDeepening() {
        IntUnaryOperator f = reenteringThroughAnotherInstance(limited());
        assertThat(f.applyAsInt(LIMIT - 1)).isEqualTo(LIMIT - 1);
        // A's re-entries start at A's depth when it called out, so each round deepens: far below the JVM's
        // stack limit, the count still runs out (at most a frame per instance of the loop per level)
        assertThatThrownBy(() -> f.applyAsInt(2 * LIMIT + 2)).isInstanceOf(CallStackExhaustedTrap.class);
        assertThat(f.applyAsInt(LIMIT - 1)).isEqualTo(LIMIT - 1);
    }
}
