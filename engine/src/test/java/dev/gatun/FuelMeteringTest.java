package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Fuel is one unit per executed instruction (block, loop, if, else and end included; an end that a branch
 * or an else jumps over is not executed), charged per basic block: the counts below are worked out by hand.
 */
class FuelMeteringTest {
    private static final String MIX = """
            (module
              (tag $oops)
              (func (export "spin") (loop (br 0)))
              (func $seven (result i32) (i32.const 7))
              (func (export "branchy") (param i32) (result i32)
                (block $out (result i32)
                  (if (local.get 0) (then (br $out (i32.const 1))) (else (nop)))
                  (block $skip (br $skip))
                  (i32.const 2)))
              (func (export "catching") (result i32)
                (block $handler (try_table (catch $oops $handler) (throw $oops)))
                (i32.const 5))
              (func (export "caller") (result i32) (call $seven) (i32.const 1) (i32.add))
              (func (export "mix") (param $n i32) (result i32) (local $acc i32)
                (loop $top
                  (if (i32.and (local.get $n) (i32.const 1))
                    (then (local.set $acc (i32.add (local.get $acc) (i32.const 3))))
                    (else
                      (block $b
                        (br_if $b (i32.eq (local.get $n) (i32.const 2)))
                        (local.set $acc (i32.add (local.get $acc) (i32.const 1))))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $top (local.get $n)))
                (local.get $acc)))
            """;

    /*
     * mix, per loop iteration: the condition (local.get, i32.const, i32.and, if) = 4 and the tail
     * (local.get, i32.const, i32.sub, local.set, local.get, br_if) = 6;
     *   odd n:   then (local.get, i32.const, i32.add, local.set, else) = 5                  -> 15
     *   n == 2:  block 1, (local.get, i32.const, i32.eq, br_if) 4, taken past the block's end,
     *            the if's end 1                                                             -> 16
     *   even n:  block 1, 4, (local.get, i32.const, i32.add, local.set, end) 5, the if's end 1 -> 21
     * plus the loop instruction 1 before, and after it (end, local.get, end) 3.
     */
    private static long expectedMix(int n) {
        long fuel = 1 + 3;
        for (int i = n; i >= 1; i--) fuel += i % 2 == 1 ? 15 : i == 2 ? 16 : 21;
        return fuel;
    }

    private final Engine engine = Engine.create(EngineConfig.builder().consumeFuel(true).build());
    private final Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, MIX));

    private long fuelUsedBy(Runnable call) {
        instance.setFuel(1_000_000);
        call.run();
        return 1_000_000 - instance.fuel();
    }

    @Test
    void ifElseAndBlocksInsideALoopAreChargedExactly() {
        var mix = instance.function("mix").asIntUnaryOperator();
        assertThat(expectedMix(5)).isEqualTo(86);
        for (int n : new int[] {1, 2, 5, 10, 101}) {
            assertThat(fuelUsedBy(() -> mix.applyAsInt(n))).as("n = %d", n).isEqualTo(expectedMix(n));
        }
        assertThat(mix.applyAsInt(5)).isEqualTo(3 + 1 + 3 + 3);
    }

    @Test
    void aCallChargesTheCalleeItsOwnInstructions() {
        // caller: call, i32.const, i32.add, end; $seven: i32.const, end
        assertThat(fuelUsedBy(() -> instance.function("caller").asIntSupplier().getAsInt())).isEqualTo(6);
    }

    @Test
    void codeReachedOnlyByBranchesIsCharged() {
        // block, local.get, if = 3; then: i32.const, br = 2 (the rest is skipped); the function's end = 1
        var branchy = instance.function("branchy").asIntUnaryOperator();
        assertThat(fuelUsedBy(() -> branchy.applyAsInt(1))).isEqualTo(6);
        // 3; else: nop, end of the if = 2 (the else arm is entered after the then arm ended in a br);
        // block, br = 2; after the inner block's end (reached by the br only): i32.const, end, end = 3
        assertThat(fuelUsedBy(() -> branchy.applyAsInt(0))).isEqualTo(10);
    }

    @Test
    void aCaughtExceptionResumesChargingAtTheHandler() {
        // block, try_table, throw (one block: the first two are entered by falling in); then, at the
        // handler's label after the block's end: i32.const, end
        assertThat(fuelUsedBy(() -> instance.function("catching").asIntSupplier().getAsInt())).isEqualTo(5);
    }

    @Test
    void splitFunctionsAreChargedTheSame() {
        String previous = System.getProperty("gatun.split.budget");
        System.setProperty("gatun.split.budget", "48"); // every splittable function in many small segments
        Instance split;
        try {
            Engine splitting = Engine.create(EngineConfig.builder().consumeFuel(true).build());
            split = new Linker(splitting).instantiate(Module.fromWat(splitting, MIX));
        } finally {
            if (previous == null) System.clearProperty("gatun.split.budget");
            else System.setProperty("gatun.split.budget", previous);
        }
        var mix = split.function("mix").asIntUnaryOperator();
        instance.setFuel(1_000_000);
        for (int n : new int[] {1, 2, 5, 10}) {
            split.setFuel(1_000_000);
            assertThat(mix.applyAsInt(n)).isEqualTo(instance.function("mix").asIntUnaryOperator().applyAsInt(n));
            assertThat(1_000_000 - split.fuel()).as("n = %d", n).isEqualTo(expectedMix(n));
        }
    }

    /** Calls inside loops, and traps after calls, in loops and in callees: the counts are worked out below. */
    private static final String CALLS = """
            (module
              (memory 1)
              (func $seven (result i32) (i32.const 7))
              (func $spin3 (local i32)
                (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                  (br_if 0 (i32.lt_u (local.get 0) (i32.const 3)))))
              (func (export "callsInLoop") (param $n i32) (result i32) (local $acc i32)
                (loop $top
                  (local.set $acc (i32.add (local.get $acc) (call $seven)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $top (local.get $n)))
                (local.get $acc))
              (func (export "trapAfterCall") (param i32) (result i32)
                (drop (call $seven))
                (i32.div_u (i32.const 1) (local.get 0)))
              (func (export "trapInLoop") (param $n i32) (result i32) (local $i i32)
                (loop $top
                  (drop (call $seven))
                  (if (i32.eq (local.get $i) (local.get $n)) (then (drop (i32.load (i32.const 65536)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (call $spin3)
                  (br $top))
                (unreachable)))
            """;

    /*
     * callsInLoop: loop 1; per iteration 10 (local.get, call, i32.add, local.set, local.get, i32.const,
     * i32.sub, local.set, local.get, br_if) + $seven's 2; after the loop (end, local.get, end) 3.
     */
    private static long expectedCallsInLoop(int n) {
        return 1 + 12L * n + 3;
    }

    /*
     * trapInLoop: loop 1; per iteration the head (call, drop, local.get, local.get, i32.eq, if) 6 + $seven's 2;
     * not trapping, past the if (local.get, i32.const, i32.add, local.set, call, br) 6 + $spin3's 27 (loop 1,
     * 3 x 8, end, end 2); the trapping one enters the then arm (i32.const, i32.load, drop, end) 4, charged whole.
     */
    private static long expectedTrapInLoop(int n) {
        return 1 + 41L * n + 8 + 4;
    }

    private static Instance callsInstance(boolean split) {
        String previous = System.getProperty("gatun.split.budget");
        if (split) System.setProperty("gatun.split.budget", "48");
        try {
            Engine engine = Engine.create(EngineConfig.builder().consumeFuel(true).build());
            return new Linker(engine).instantiate(Module.fromWat(engine, CALLS));
        } finally {
            if (previous == null) System.clearProperty("gatun.split.budget");
            else System.setProperty("gatun.split.budget", previous);
        }
    }

    private static long fuelUsed(Instance target, Runnable call) {
        target.setFuel(1_000_000);
        call.run();
        return 1_000_000 - target.fuel();
    }

    private static long fuelUsedUntilTrap(Instance target, Runnable call, Class<? extends WasmTrap> trap) {
        target.setFuel(1_000_000);
        assertThatThrownBy(call::run).isInstanceOf(trap);
        return 1_000_000 - target.fuel();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "split = {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void fuelIsExactAcrossCallsAndAfterTraps(boolean split) {
        Instance calls = callsInstance(split);
        var callsInLoop = calls.function("callsInLoop").asIntUnaryOperator();
        for (int n : new int[] {1, 2, 5, 300}) {
            assertThat(fuelUsed(calls, () -> callsInLoop.applyAsInt(n))).as("n = %d", n)
                    .isEqualTo(expectedCallsInLoop(n));
        }
        // one block: call, drop, i32.const, local.get, i32.div_u, end = 6, charged at entry; $seven's 2
        var trapAfterCall = calls.function("trapAfterCall").asIntUnaryOperator();
        assertThat(fuelUsedUntilTrap(calls, () -> trapAfterCall.applyAsInt(0), IntegerDivideByZeroTrap.class))
                .isEqualTo(8);
        var trapInLoop = calls.function("trapInLoop").asIntUnaryOperator();
        for (int n : new int[] {0, 1, 4, 100}) {
            assertThat(fuelUsedUntilTrap(calls, () -> trapInLoop.applyAsInt(n), MemoryOutOfBoundsTrap.class))
                    .as("n = %d", n).isEqualTo(expectedTrapInLoop(n));
        }
        // readable and refillable between calls, after a trap as after a return
        calls.setFuel(expectedCallsInLoop(3));
        assertThat(callsInLoop.applyAsInt(3)).isEqualTo(21);
        assertThat(calls.fuel()).isZero();
        calls.addFuel(expectedCallsInLoop(2) - 1);
        assertThatThrownBy(() -> callsInLoop.applyAsInt(2)).isInstanceOf(OutOfFuelTrap.class);
        assertThat(calls.fuel()).isZero();
        // running out inside a callee, in the middle of the caller's loop: 1 + 3 iterations + 10 of the
        // fourth, whose call finds 1 unit left for $seven's 2
        calls.setFuel(1 + 3 * 12 + 10 + 1);
        assertThatThrownBy(() -> callsInLoop.applyAsInt(10)).isInstanceOf(OutOfFuelTrap.class);
        assertThat(calls.fuel()).isZero();
        calls.setFuel(1_000);
        assertThat(callsInLoop.applyAsInt(2)).isEqualTo(14);
        assertThat(calls.fuel()).isEqualTo(1_000 - expectedCallsInLoop(2));
    }

    /** A callee's exceptions, caught by the caller's try_table or leaving both. */
    private static final String THROWS = """
            (module
              (tag $e (param i32))
              (func $thrower (param i32)
                (if (i32.and (local.get 0) (i32.const 1)) (then (throw $e (local.get 0)))))
              (func (export "catchFromCallee") (param $n i32) (result i32) (local $sum i32)
                (loop $top
                  (local.set $sum (i32.add (local.get $sum)
                    (block $h (result i32)
                      (try_table (catch $e $h) (call $thrower (local.get $n)))
                      (i32.const 100))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $top (local.get $n)))
                (local.get $sum))
              (func (export "uncaught") (param $n i32) (result i32)
                (call $thrower (local.get $n))
                (local.get $n)))
            """;

    /*
     * catchFromCallee: loop 1; per iteration the head (local.get, block, try_table, local.get, call, end) 6,
     * $thrower's test (local.get, i32.const, i32.and, if) 4 and then either, odd n, its throw arm (local.get,
     * throw) 2, or, even n, its end 1 and the try_table's fall-through (i32.const, end) 2; then after $h
     * (i32.add, local.set, local.get, i32.const, i32.sub, local.set, local.get, br_if) 8; after the loop 3.
     */
    private static long expectedCatchFromCallee(int n) {
        long fuel = 1 + 3;
        for (int i = n; i >= 1; i--) fuel += i % 2 == 1 ? 6 + 4 + 2 + 8 : 6 + 4 + 1 + 2 + 8;
        return fuel;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "split = {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void exceptionsFromCalleesLeaveTheFuelExact(boolean split) {
        String previous = System.getProperty("gatun.split.budget");
        if (split) System.setProperty("gatun.split.budget", "48");
        Instance throwing;
        try {
            Engine metering = Engine.create(EngineConfig.builder().consumeFuel(true).build());
            throwing = new Linker(metering).instantiate(Module.fromWat(metering, THROWS));
        } finally {
            if (previous == null) System.clearProperty("gatun.split.budget");
            else System.setProperty("gatun.split.budget", previous);
        }
        var catching = throwing.function("catchFromCallee").asIntUnaryOperator();
        assertThat(expectedCatchFromCallee(1)).isEqualTo(24);
        for (int n : new int[] {1, 2, 5, 40}) {
            assertThat(fuelUsed(throwing, () -> catching.applyAsInt(n))).as("n = %d", n)
                    .isEqualTo(expectedCatchFromCallee(n));
        }
        var uncaught = throwing.function("uncaught").asIntUnaryOperator();
        // uncaught (local.get, call, local.get, end) 4, $thrower's test 4 and throw arm 2
        throwing.setFuel(1_000);
        assertThatThrownBy(() -> uncaught.applyAsInt(1)).isInstanceOf(ThrownWasmException.class);
        assertThat(throwing.fuel()).isEqualTo(1_000 - 10);
        // ... or, returning, $thrower's end 1
        assertThat(fuelUsed(throwing, () -> uncaught.applyAsInt(2))).isEqualTo(9);
    }

    @Test
    void aHostFunctionInterruptsItsCallerAtTheNextLoopHeader() {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        Module module = Module.fromWat(engine, """
                (module (import "env" "tick" (func $tick))
                  (func (export "spin") (loop (call $tick) (br 0))))
                """);
        Instance ticking = new Linker(engine).func("env", "tick", FuncType.of(java.util.List.of(), java.util.List.of()),
                (caller, args) -> {
                    if (calls.incrementAndGet() == 100) caller.interrupt();
                    return null;
                }).instantiate(module);
        ticking.setFuel(Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> ticking.function("spin").asRunnable().run()).isInstanceOf(InterruptedTrap.class);
        assertThat(calls.get()).isEqualTo(100);
    }

    @Test
    void fuelCodeStillStopsAtADeadline() {
        instance.setFuel(Long.MAX_VALUE / 2);
        instance.setTimeout(java.time.Duration.ofMillis(20));
        assertThatThrownBy(() -> instance.function("spin").asRunnable().run())
                .isInstanceOf(InterruptedTrap.class).hasMessageContaining("deadline exceeded");
    }

    @Test
    void exactlyEnoughFuelRunsAndOneLessTraps() {
        var mix = instance.function("mix").asIntUnaryOperator();
        instance.setFuel(expectedMix(5));
        assertThat(mix.applyAsInt(5)).isEqualTo(10);
        assertThat(instance.fuel()).isZero();

        Instance fresh = new Linker(engine).instantiate(Module.fromWat(engine, MIX));
        fresh.setFuel(expectedMix(5) - 1);
        assertThatThrownBy(() -> fresh.function("mix").asIntUnaryOperator().applyAsInt(5))
                .isInstanceOf(OutOfFuelTrap.class);
        assertThat(fresh.fuel()).isZero();
    }
}
