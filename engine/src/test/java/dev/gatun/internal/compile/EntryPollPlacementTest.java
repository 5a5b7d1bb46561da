package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.FuncType;
import dev.gatun.Instance;
import dev.gatun.InterruptedTrap;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.UnreachableTrap;
import dev.gatun.Value;
import dev.gatun.internal.validate.Validator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A function polls the interrupt flag at its entry only when one run of it may make two or more calls
 * (LimitCheckEmitter.pollsAtEntry follows the paths of a loop-free body): functions with at most one call on
 * every path (panics, {@code call; unreachable}, on paths of their own) poll nowhere, and interrupts still stop
 * call trees at the next entry poll.
 */
class EntryPollPlacementTest {
    @ParameterizedTest(name = "{0}: polls = {1}")
    @CsvSource(delimiter = '|', value = {
            "(call $t)                                                               | false",
            "(call_indirect (i32.const 0))                                           | false",
            "(call $t) (unreachable)                                                 | false",
            "(if (local.get 0) (then (call $t) (unreachable))) (call $t) (unreachable) | false",
            "(nop)                                                                   | false",
            "(call $t) (call $t)                                                     | true",
            "(call $t) (return) (call $t)                                            | false",
            "(if (local.get 0) (then (call $t) (unreachable))) (call $t)             | false",
            "(if (local.get 0) (then (call $t)) (else (call $t)))                    | false",
            "(block (br_if 0 (local.get 0)) (call $t) (return)) (call $t)            | false",
            "(block (block (br_table 0 1 (local.get 0))) (call $t) (return)) (call $t) | false",
            "(call $t) (if (local.get 0) (then (call $t) (unreachable)))             | true",
            "(if (local.get 0) (then (call $t))) (call $t)                           | true",
            "(if (local.get 0) (then) (else (call $t))) (call $t)                    | true",
            "(block (br_if 0 (local.get 0)) (call $t)) (call $t)                     | true",
            "(block (block (br_table 0 1 (local.get 0))) (call $t)) (call $t)        | true",
            "(block (call $t) (br 0)) (call $t)                                      | true",
            "(block (try_table (catch_all 0) (call $t) (unreachable)))               | true",
            "(return_call $t)                                                        | true",
            "(loop (call $t))                                                        | true"})
    void pollsAtEntryOnlyWhenARunMayMakeTwoCalls(String body, boolean polls) {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse("""
                (module (type $v (func)) (table 1 funcref) (elem (i32.const 0) $t) (tag $e)
                  (func $t)
                  (func (param i32) %s))
                """.formatted(body))));

        assertThat(GeneratedMethods.invokedMethods(bytes, CompilationUnit.functionMethodName(1)))
                .as("calls of %s", body)
                .filteredOn("pollLimits"::equals).hasSize(polls ? 1 : 0);
    }

    /**
     * A call tree 2^40 calls wide whose leaves reach the host through a function with one call and no poll:
     * the interrupt the first leaf raises stops the tree at the next node's entry.
     */
    @ParameterizedTest(name = "fuel = {0}")
    @ValueSource(booleans = {false, true})
    void anInterruptStopsACallTreeWhoseLeavesDoNotPoll(boolean fuel) {
        Engine engine = Engine.create(fuel ? EngineConfig.builder().consumeFuel(true).build() : EngineConfig.defaults());
        Module module = Module.fromWat(engine, """
                (module (import "env" "tick" (func $tick))
                  (func $leaf (call $tick))
                  (func $tree (export "tree") (param i32)
                    (if (i32.eqz (local.get 0)) (then (call $leaf) (return)))
                    (call $tree (i32.sub (local.get 0) (i32.const 1)))
                    (call $tree (i32.sub (local.get 0) (i32.const 1)))))
                """);
        AtomicInteger ticks = new AtomicInteger();
        Instance instance = new Linker(engine).func("env", "tick", FuncType.of(List.of(), List.of()),
                (caller, args) -> {
                    if (ticks.incrementAndGet() == 1) caller.interrupt();
                    if (ticks.get() > 3) throw new IllegalStateException("the tree went on after the interrupt");
                    return null;
                }).instantiate(module);
        if (fuel) instance.setFuel(Long.MAX_VALUE / 2);

        assertThatThrownBy(() -> instance.function("tree").call(Value.i32(40))).isInstanceOf(InterruptedTrap.class);
        assertThat(ticks.get()).as("leaves run before the tree stopped").isEqualTo(1);
    }

    /** Functions without an entry poll still call, return and trap as before. */
    @ParameterizedTest(name = "argument {0}")
    @ValueSource(ints = {0, 1})
    void aFunctionWhoseOnlyCallsArePanicsRunsBothWays(int argument) {
        Engine engine = Engine.create();
        Module module = Module.fromWat(engine, """
                (module
                  (func $panic)
                  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
                  (func (export "checked") (param i32) (result i32)
                    (if (local.get 0) (then (call $panic) (unreachable)))
                    (call $double (i32.const 21))))
                """);
        Instance instance = new Linker(engine).instantiate(module);
        if (argument == 0) {
            assertThat(instance.function("checked").asIntUnaryOperator().applyAsInt(0)).isEqualTo(42);
        } else {
            assertThatThrownBy(() -> instance.function("checked").asIntUnaryOperator().applyAsInt(1)).isInstanceOf(UnreachableTrap.class);
        }
    }
}
