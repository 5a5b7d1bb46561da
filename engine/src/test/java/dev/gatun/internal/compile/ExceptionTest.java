package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.NullReferenceTrap;
import dev.gatun.UnreachableTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.ThrownException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExceptionTest {
    private static final String MODULE = """
            (module
              (tag $e (export "e") (param i32 f64))
              (tag $empty)
              (func $thrower (param i32)
                (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e (i32.const 7) (f64.const 2.5))))
                (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $empty)))
                (if (i32.eq (local.get 0) (i32.const 3)) (then (unreachable))))
              (func (export "catch") (param i32) (result i32)
                ;; a value below the try_table survives the handler
                (i32.const 100)
                (block $h (result i32 f64)
                  (try_table (catch $e $h)
                    (call $thrower (local.get 0)))
                  (return (i32.const -1)))
                (drop)
                (i32.add))
              (func (export "catchAll") (param i32) (result i32)
                (block $h
                  (try_table (catch_all $h) (call $thrower (local.get 0)))
                  (return (i32.const 0)))
                (i32.const 1))
              (func (export "rethrow") (param i32) (result i32)
                (block $h (result exnref)
                  (try_table (catch_all_ref $h) (call $thrower (local.get 0)))
                  (return (i32.const 0)))
                (throw_ref))
              (func (export "throwNull") (throw_ref (ref.null exn)))
              (func (export "nested") (result i32)
                (block $outer (result i32 f64)
                  (try_table (catch $e $outer)
                    (block $inner
                      (try_table (catch $empty $inner)
                        (call $thrower (i32.const 1)))))
                  (return (i32.const 0)))
                (drop)))""";

    @Test
    void catchDeliversThePayloadAndKeepsTheStackBelow() {
        Instance inst = Wat.instance(MODULE);
        assertThat(inst.invoke("catch", 1)).containsExactly(107);
        assertThat(inst.invoke("catch", 0)).containsExactly(-1);
    }

    @Test
    void unmatchedExceptionsPropagateAndTrapsAreNeverCaught() {
        Instance inst = Wat.instance(MODULE);
        assertThatThrownBy(() -> inst.invoke("catch", 2)).isInstanceOf(ThrownException.class);
        assertThat(inst.invoke("catchAll", 2)).containsExactly(1);
        assertThatThrownBy(() -> inst.invoke("catchAll", 3)).isInstanceOf(UnreachableTrap.class);
        assertThat(inst.context().entryDepth).isEqualTo(inst.context().maxCallDepth);
        assertThat(inst.context().javaCalls).isZero();
    }

    @Test
    void exnrefRethrowsTheSameException() {
        Instance inst = Wat.instance(MODULE);
        assertThatThrownBy(() -> inst.invoke("rethrow", 1)).isInstanceOfSatisfying(ThrownException.class,
                e -> assertThat(e.values()).containsExactly(7, 2.5));
        assertThat(inst.invoke("rethrow", 0)).containsExactly(0);
        assertThatThrownBy(() -> inst.invoke("throwNull")).isInstanceOf(NullReferenceTrap.class);
    }

    @Test
    void innerHandlersPassOnWhatTheyDoNotCatch() {
        assertThat(Wat.instance(MODULE).invoke("nested")).containsExactly(7);
    }

    @Test
    void tagsAreImportedByIdentity() {
        Instance a = Wat.instance(MODULE);
        Instance b = Wat.instance("""
                (module (import "a" "e" (tag $e (param i32 f64)))
                  (func (export "f") (result i32)
                    (block $h (result i32 f64)
                      (try_table (catch $e $h) (throw $e (i32.const 5) (f64.const 0)))
                      (unreachable))
                    (drop)))""", Map.of("a", Map.of("e", a.export("e"))));
        assertThat(b.invoke("f")).containsExactly(5);
    }

    @Test
    void emptyTryTableBodiesCompile() {
        Instance inst = Wat.function("(result i32)", "(block $h (try_table (catch_all $h))) (i32.const 3)");
        assertThat(Wat.call(inst)).isEqualTo(3);
    }

    private static final String LEGACY = """
            (module
              (tag $e (param i32))
              (tag $f)
              (func $throwE (param i32) (throw $e (local.get 0)))
              (func $throwF (throw $f))
              (func (export "catch") (param i32) (result i32)
                (i32.const 1000)
                (try (result i32)
                  (do (if (local.get 0) (then (call $throwE (i32.const 5)) ) (else (call $throwF))) (i32.const 0))
                  (catch $e (i32.const 1) (i32.add))
                  (catch_all (i32.const 99)))
                (i32.add))
              (func (export "rethrow") (result i32)
                (try (result i32)
                  (do (try (do (call $throwE (i32.const 8))) (catch $e (drop) (rethrow 0))) (i32.const 0))
                  (catch $e)))
              (func (export "delegateOut")
                (try (do (try (do (call $throwF)) (delegate 1))) (catch_all)))
              (func (export "delegateTwice") (result i32)
                (try (result i32)
                  (do (try (do (try (do (call $throwE (i32.const 4))) (delegate 0))) (delegate 0)) (i32.const 0))
                  (catch $e)))
              (func (export "delegateToOuter") (result i32)
                (try (result i32)
                  (do (block (try (do (call $throwE (i32.const 3))) (delegate 0))) (i32.const 0))
                  (catch $e))))""";

    @Test
    void legacyTryCatchDispatchesByTagThenCatchAll() {
        Instance inst = Wat.instance(LEGACY);
        assertThat(inst.invoke("catch", 1)).containsExactly(1006);
        assertThat(inst.invoke("catch", 0)).containsExactly(1099);
    }

    @Test
    void legacyRethrowAndDelegate() {
        Instance inst = Wat.instance(LEGACY);
        assertThat(inst.invoke("rethrow")).containsExactly(8);
        // delegate to the function's label: the enclosing try of this function must not catch it
        assertThatThrownBy(() -> inst.invoke("delegateOut")).isInstanceOf(ThrownException.class);
        assertThat(inst.invoke("delegateToOuter")).containsExactly(3);
        // a delegate to a try that itself delegates goes on to that try's target
        assertThat(inst.invoke("delegateTwice")).containsExactly(4);
    }
}
