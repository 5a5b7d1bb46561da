package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

class ControlFlowTest {

    @Test
    void loopSumsWithBrIf() {
        Instance sum = Wat.function("(param i32) (result i32) (local i32)", """
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get 0)))
                    (local.set 1 (i32.add (local.get 1) (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br $next)))
                (local.get 1)""");
        assertThat(Wat.call(sum, 100)).isEqualTo(5050);
        assertThat(Wat.call(sum, 0)).isEqualTo(0);
    }

    @Test
    void ifElseWithResults() {
        Instance max = Wat.function("(param i64 i64) (result i64)",
                "(if (result i64) (i64.gt_s (local.get 0) (local.get 1)) (then (local.get 0)) (else (local.get 1)))");
        assertThat(Wat.call(max, 3L, -5L)).isEqualTo(3L);
        assertThat(Wat.call(max, -3L, 5L)).isEqualTo(5L);
    }

    @Test
    void ifWithoutElsePassesThrough() {
        Instance f = Wat.function("(param i32) (result i32) (local i32)",
                "(local.set 1 (i32.const 7)) (if (local.get 0) (then (local.set 1 (i32.const 9)))) (local.get 1)");
        assertThat(Wat.call(f, 0)).isEqualTo(7);
        assertThat(Wat.call(f, 1)).isEqualTo(9);
    }

    @Test
    void branchCarriesValuesOverExtraStackValues() {
        // the block is left with two junk values below the carried f64
        Instance f = Wat.function("(param i32) (result f64)", """
                (block (result f64)
                  (i64.const 1) (i32.const 2)
                  (f64.const 2.5)
                  (br_if 0 (local.get 0))
                  (drop) (drop) (drop)
                  (f64.const -1))""");
        assertThat(Wat.call(f, 1)).isEqualTo(2.5);
        assertThat(Wat.call(f, 0)).isEqualTo(-1.0);
    }

    @Test
    void brTableSelectsTargetsAndDefault() {
        Instance f = Wat.function("(param i32) (result i32)", """
                (block $d (block $2 (block $1 (block $0
                  (br_table $0 $1 $2 $d (local.get 0)))
                  (return (i32.const 100)))
                  (return (i32.const 101)))
                  (return (i32.const 102)))
                (i32.const 103)""");
        assertThat(Wat.call(f, 0)).isEqualTo(100);
        assertThat(Wat.call(f, 1)).isEqualTo(101);
        assertThat(Wat.call(f, 2)).isEqualTo(102);
        assertThat(Wat.call(f, 3)).isEqualTo(103);
        assertThat(Wat.call(f, -1)).isEqualTo(103);
    }

    @Test
    void brTableWithValuesAndJunk() {
        Instance f = Wat.function("(param i32) (result i32)", """
                (block $a (result i32)
                  (block $b (result i32)
                    (i64.const 99)
                    (i32.const 10)
                    (br_table $a $b (local.get 0)))
                  (i32.const 1) (i32.add))""");
        assertThat(Wat.call(f, 0)).isEqualTo(10);
        assertThat(Wat.call(f, 1)).isEqualTo(11);
        assertThat(Wat.call(f, 7)).isEqualTo(11);
    }

    @Test
    void brTableToFunctionLevelReturns() {
        Instance f = Wat.function("(param i32) (result i32)",
                "(i32.const 5) (br_table 0 0 (local.get 0))");
        assertThat(Wat.call(f, 3)).isEqualTo(5);
    }

    @Test
    void multiValueBlocksAndFunctionResults() {
        Instance inst = Wat.instance("""
                (module
                  (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
                  (func (export "f") (param i32 i64) (result i64 i32 f32)
                    (call $swap (local.get 0) (local.get 1))
                    (f32.const 1.5))
                  (func (export "block") (result i32)
                    (i32.const 3) (i32.const 4)
                    (block (param i32 i32) (result i32) (i32.sub))))""");
        assertThat(inst.invoke("f", 7, 8L)).containsExactly(8L, 7, 1.5f);
        assertThat(inst.invoke("block")).containsExactly(-1);
    }

    @Test
    void loopWithParameters() {
        // counts down from the loop parameter, summing into the result
        Instance f = Wat.function("(param i32) (result i32) (local i32)", """
                (local.get 0)
                (loop $l (param i32) (result i32)
                  (local.set 1 (i32.add (local.get 1)))
                  (local.get 1)
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (drop)
                  (if (result i32) (local.get 0)
                    (then (local.get 0) (br $l))
                    (else (local.get 1))))""");
        assertThat(Wat.call(f, 4)).isEqualTo(10);
    }

    @Test
    void selectPicksByCondition() {
        Instance ints = Wat.function("(param i32 i32 i32) (result i32)",
                "(select (local.get 0) (local.get 1) (local.get 2))");
        assertThat(Wat.call(ints, 1, 2, 1)).isEqualTo(1);
        assertThat(Wat.call(ints, 1, 2, 0)).isEqualTo(2);
        Instance longs = Wat.function("(param i64 i64 i32) (result i64)",
                "(select (result i64) (local.get 0) (local.get 1) (local.get 2))");
        assertThat(Wat.call(longs, 1L, 2L, 5)).isEqualTo(1L);
        assertThat(Wat.call(longs, 1L, 2L, 0)).isEqualTo(2L);
    }

    @Test
    void codeAfterBranchesIsSkipped() {
        Instance f = Wat.function("(result i32)", """
                (block (result i32)
                  (br 0 (i32.const 1))
                  (i64.add) (block (loop (unreachable))) (drop))""");
        assertThat(Wat.call(f)).isEqualTo(1);
    }

    @Test
    void returnFromNestedBlocks() {
        Instance f = Wat.function("(param i32) (result i32)", """
                (block (block (block (if (local.get 0) (then (return (i32.const 42)))))))
                (i32.const 0)""");
        assertThat(Wat.call(f, 1)).isEqualTo(42);
        assertThat(Wat.call(f, 0)).isEqualTo(0);
    }

    @Test
    void localsAreZeroInitialisedAndTeeWorks() {
        Instance f = Wat.function("(result f64) (local i64 f32 f64)",
                "(f64.add (local.tee 2 (f64.const 1.25)) (f64.convert_i64_s (local.get 0)))");
        assertThat(Wat.call(f)).isEqualTo(1.25);
    }

    @Test
    void globalsReadAndWrite() {
        Instance inst = Wat.instance("""
                (module
                  (global $g (export "g") (mut i64) (i64.const 40))
                  (global $h (export "h") f32 (f32.const 0.5))
                  (func (export "bump") (result i64)
                    (global.set $g (i64.add (global.get $g) (i64.const 2)))
                    (global.get $g))
                  (func (export "readH") (result f32) (global.get $h)))""");
        assertThat(inst.invoke("bump")).containsExactly(42L);
        assertThat(inst.getGlobal("g")).isEqualTo(42L);
        inst.setGlobal("g", 100L);
        assertThat(inst.invoke("bump")).containsExactly(102L);
        assertThat(inst.getGlobal("h")).isEqualTo(0.5f);
        assertThat(inst.invoke("readH")).containsExactly(0.5f);
    }
}
