package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Caller;
import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.FuncType;
import dev.gatun.Instance;
import dev.gatun.InterruptedTrap;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loops with a small constant trip count run without a countdown of their own (BoundedLoops); all others keep it. */
class BoundedLoopsTest {
    /** A counted loop over $k: {@code for (k = init; k <compare> end; k += step)}, with {@code extra} in its body. */
    private static String countedLoop(int init, int step, String compare, int end, String extra) {
        return """
                i32.const %d
                local.set $k
                loop
                  local.get $s
                  local.get $k
                  i32.add
                  local.set $s
                  %s
                  local.get $k
                  i32.const %d
                  i32.add
                  local.tee $k
                  i32.const %d
                  i32.%s
                  br_if 0
                end
                """.formatted(init, extra, step, end, compare);
    }

    private static String function(String body) {
        return """
                (module (import "env" "tick" (func $tick))
                  (func (export "sum") (result i32) (local $k i32) (local $s i32) (local $j i32)
                    %s
                    local.get $s))
                """.formatted(body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "k from 0 to 40 by 4, ne | 0 | 4 | ne | 40 | | 0",
            "k from 0 to 10 by 1, lt_s | 0 | 1 | lt_s | 10 | | 0",
            "k from 10 down to 0, gt_s | 10 | -1 | gt_s | 0 | | 0",
            "1024 iterations | 0 | 1 | ne | 1024 | | 0",
            "1025 iterations | 0 | 1 | ne | 1025 | | 1",
            "ne never met | 0 | 4 | ne | 41 | | 1",
            "k written in the body | 0 | 1 | ne | 10 | i32.const 0 local.set $k | 1",
            "another branch to the loop | 0 | 1 | ne | 10 | local.get $s br_if 0 | 1",
            "a call in the body | 0 | 1 | ne | 10 | call $tick | 1"})
    void onlyShortCountedLoopsGoWithoutAPoll(String name, int init, int step, String compare, int end, String extra,
                                              int polls) {
        String wat = function(countedLoop(init, step, compare, end, extra == null ? "" : extra));
        assertThat(pollsIn(wat)).isEqualTo(polls);
    }

    @Test
    void aLoopNotStartingFromAConstantKeepsItsPoll() {
        String loop = countedLoop(0, 1, "ne", 10, "");
        String fromParam = loop.replace("i32.const 0\nlocal.set $k", "local.get $s\nlocal.set $k");
        assertThat(fromParam).isNotEqualTo(loop);
        assertThat(pollsIn(function(fromParam))).isEqualTo(1);
    }

    @Test
    void nestedLoopsAreBoundedByTheProductOfTheirTrips() {
        String inner10 = countedLoop(0, 1, "ne", 10, "").replace("$k", "$j");
        String outer10 = countedLoop(0, 1, "ne", 10, inner10);
        assertThat(pollsIn(function(outer10))).as("10 x 10").isEqualTo(0);

        String inner100 = countedLoop(0, 1, "ne", 100, "").replace("$k", "$j");
        String outer100 = countedLoop(0, 1, "ne", 100, inner100);
        assertThat(pollsIn(function(outer100))).as("100 x 100: only the outer loop polls").isEqualTo(1);
    }

    @Test
    void boundedLoopsComputeWhatTheyDid() {
        String inner = countedLoop(0, 1, "ne", 3, "").replace("$k", "$j");
        String wat = function(countedLoop(0, 4, "ne", 40, inner));
        Instance instance = instantiate(wat, caller -> { });
        // the outer loop adds 0+4+...+36 = 180; each of its 10 passes runs the inner loop over $j = 0, 1, 2
        // (set to 0 before it), adding 3
        assertThat(instance.function("sum").asIntSupplier().getAsInt()).isEqualTo(180 + 10 * 3);
    }

    @Test
    void anEndlessLoopAroundABoundedOneStillStops() {
        String inner = countedLoop(0, 1, "ne", 10, "");
        String wat = """
                (module (import "env" "tick" (func $tick))
                  (func (export "sum") (result i32) (local $k i32) (local $s i32)
                    (loop (call $tick) %s (br 0))
                    local.get $s))
                """.formatted(inner);
        AtomicInteger ticks = new AtomicInteger();
        Instance instance = instantiate(wat, caller -> {
            if (ticks.incrementAndGet() == 1) caller.interrupt();
            if (ticks.get() > 3) throw new IllegalStateException("the loop went on after the interrupt");
        });
        assertThat(pollsIn(wat)).as("only the outer loop polls").isEqualTo(1);
        assertThatThrownBy(() -> instance.function("sum").asIntSupplier().getAsInt()).isInstanceOf(InterruptedTrap.class);
        assertThat(ticks.get()).isEqualTo(1);
    }

    private static Instance instantiate(String wat, Consumer<Caller> tick) {
        Engine engine = Engine.create(EngineConfig.defaults());
        return new Linker(engine).func("env", "tick", FuncType.of(List.of(), List.of()), (caller, args) -> {
            tick.accept(caller);
            return null;
        }).instantiate(Module.fromWat(engine, wat));
    }

    private static long pollsIn(String wat) {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
        return ClassFile.of().parse(bytes).methods().stream()
                .filter(m -> m.methodName().stringValue().equals(CompilationUnit.functionMethodName(1)))
                .flatMap(m -> m.code().orElseThrow().elementList().stream())
                .filter(e -> e instanceof InvokeInstruction call
                        && call.name().stringValue().equals("pollAfterCountdown"))
                .count();
    }
}
