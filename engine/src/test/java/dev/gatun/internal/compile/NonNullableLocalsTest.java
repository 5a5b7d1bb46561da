package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Non-nullable locals: a {@code local.set}/{@code local.tee} initializes one for the rest of the enclosing
 * block (and the blocks nested in it); at the end of the block where it happened the local is uninitialized
 * again, and a {@code local.get} of an uninitialized one is invalid. Valid uses run; invalid ones are rejected
 * before compilation.
 */
class NonNullableLocalsTest {
    private static final String TYPES = """
              (type $ii (func (param i32) (result i32)))
              (type $box (struct (field (mut i32))))
              (elem declare func $inc)
              (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
            """;

    @Test
    void setBeforeALoopStaysInitializedInsideIt() {
        Instance instance = Wat.instance("(module " + TYPES + """
                  (func (export "f") (param $n i32) (result i32)
                    (local $fn (ref $ii)) (local $acc i32)
                    (local.set $fn (ref.func $inc))
                    (block $done
                      (loop $next
                        (br_if $done (i32.eqz (local.get $n)))
                        (local.set $acc (call_ref $ii (local.get $acc) (local.get $fn)))
                        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                        (br $next)))
                    (local.get $acc)))""");
        assertThat(instance.invoke("f", 5)).containsExactly(5);
    }

    @Test
    void teeInitializesAndStructLocalsHoldObjects() {
        Instance instance = Wat.instance("(module " + TYPES + """
                  (func (export "f") (param i32) (result i32)
                    (local $b (ref $box))
                    (drop (local.tee $b (struct.new $box (local.get 0))))
                    (struct.set $box 0 (local.get $b) (i32.mul (struct.get $box 0 (local.get $b)) (i32.const 3)))
                    (if (result i32) (local.get 0)
                      (then (struct.get $box 0 (local.get $b)))
                      (else (i32.const -1)))))""");
        assertThat(instance.invoke("f", 7)).containsExactly(21);
        assertThat(instance.invoke("f", 0)).containsExactly(-1);
    }

    @Test
    void setInsideABlockIsUsableUntilItsEnd() {
        Instance instance = Wat.instance("(module " + TYPES + """
                  (func (export "f") (result i32)
                    (local $fn (ref $ii))
                    (block (result i32)
                      (local.set $fn (ref.func $inc))
                      (block (result i32) (call_ref $ii (i32.const 41) (local.get $fn))))))""");
        assertThat(instance.invoke("f")).containsExactly(42);
    }

    @Test
    void nonNullableParametersAndNullableLocalsNeedNoSet() {
        Instance instance = Wat.instance("(module " + TYPES + """
                  (func $apply (param $fn (ref $ii)) (param i32) (result i32) (call_ref $ii (local.get 1) (local.get $fn)))
                  (func (export "f") (result i32 i32)
                    (local $maybe (ref null $ii))
                    (call $apply (ref.func $inc) (i32.const 1))
                    (ref.is_null (local.get $maybe))))""");
        assertThat(instance.invoke("f")).containsExactly(2, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // read before any set
        "(local.get $fn)",
        // set in a block, read after it
        "(block (local.set $fn (ref.func $inc))) (local.get $fn)",
        // set in one branch of an if, read after the if
        "(if (i32.const 1) (then (local.set $fn (ref.func $inc)))) (local.get $fn)",
        // set in the then branch, read in the else branch
        "(if (i32.const 1) (then (local.set $fn (ref.func $inc))) (else (drop (local.get $fn)))) (ref.func $inc)",
        // set in a loop body, read after the loop
        "(loop (local.set $fn (ref.func $inc))) (local.get $fn)",
        // set in a try_table body, read after it
        "(try_table (local.set $fn (ref.func $inc))) (local.get $fn)",
    })
    void readingAnUninitializedLocalIsInvalid(String body) {
        String wat = "(module " + TYPES + "(func (result (ref $ii)) (local $fn (ref $ii)) " + body + "))";
        assertThatThrownBy(() -> Wat.parse(wat)).isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("uninitialized local");
    }
}
