package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.InterruptedTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.InstanceContext;
import dev.gatun.internal.text.WatParser;
import dev.gatun.internal.validate.Validator;
import java.lang.foreign.Arena;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop whose body spans several segment methods of a split function goes back to its header through the
 * segment dispatcher on every iteration, so the loop-local poll state (countdown, fuel mark) is re-taken
 * from the context each time: such a loop must still stop on an interrupt, with and without fuel.
 */
class SplitLimitChecksTest {
    /** Function 1 is one loop whose body (~30 instructions) is many times a 48-byte segment budget. */
    private static final String MODULE = """
            (module
              (func $seven (result i32) (i32.const 7))
              (func (export "spin") (local $a i32) (local $b i32)
                (loop $top
                  (local.set $a (i32.add (local.get $a) (i32.const 1)))
                  (local.set $b (i32.xor (local.get $b) (local.get $a)))
                  (local.set $a (i32.add (local.get $a) (call $seven)))
                  (local.set $b (i32.rotl (local.get $b) (i32.const 3)))
                  (local.set $a (i32.mul (local.get $a) (i32.const 5)))
                  (local.set $b (i32.sub (local.get $b) (local.get $a)))
                  (br $top))))
            """;

    private static CompiledModule compileSplit(boolean fuel) {
        return SplitBudget.with("48",
                () -> ModuleCompiler.compile(Validator.validate(WatParser.parseModule(MODULE)), true, fuel));
    }

    private static long segmentsOf(CompiledModule compiled, int function) {
        String prefix = CompilationUnit.functionMethodName(function) + "$s";
        return Arrays.stream(compiled.generatedClass().getDeclaredMethods()).map(Method::getName)
                .filter(n -> n.startsWith(prefix)).count();
    }

    @ParameterizedTest(name = "fuel = {0}")
    @ValueSource(booleans = {false, true})
    void aLoopCrossingSegmentsStopsOnInterrupt(boolean fuel) throws Exception {
        var compiled = compileSplit(fuel);
        assertThat(segmentsOf(compiled, 1)).as("segments of the looping function").isGreaterThan(3);
        AtomicReference<InstanceContext> context = new AtomicReference<>();
        Instance instance = Instance.instantiate(compiled, Map.of(), Instance.DEFAULT_MAX_CALL_DEPTH, Arena.ofAuto(),
                ctx -> {
                    context.set(ctx);
                    if (fuel) {
                        ctx.limits.enableFuel(ctx);
                        ctx.limits.setFuel(ctx, Long.MAX_VALUE / 2);
                    }
                });
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                instance.invoke("spin");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(50);
        assertThat(run).isNotDone(); // it spins
        instance.interrupt();
        assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedTrap.class);
        if (fuel) assertThat(context.get().limits.fuel(context.get())).isLessThan(Long.MAX_VALUE / 2);
    }
}
