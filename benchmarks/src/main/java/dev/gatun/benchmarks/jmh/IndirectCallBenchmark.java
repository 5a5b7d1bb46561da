package dev.gatun.benchmarks.jmh;

import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.Linker;
import dev.gatun.Module;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code call_indirect} to the module's own functions (C++ virtual calls, Rust trait objects,
 * function pointers): a loop of {@value #CALLS} calls through a table of four small functions of one type,
 * cycling through them, against the same loop calling one of them directly ({@code call}) and against
 * {@code call_ref} on the same elements. Score per loop; divide by {@value #CALLS} for one call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IndirectCallBenchmark {
    static final int CALLS = 100_000;

    private static final String MODULE = """
            (module
              (type $step (func (param i32 i32) (result i32)))
              (table 4 funcref)
              (elem (i32.const 0) $add $xor $mul $sub)
              (func $add (type $step) (i32.add (local.get 0) (local.get 1)))
              (func $xor (type $step) (i32.xor (local.get 0) (local.get 1)))
              (func $mul (type $step) (i32.mul (local.get 0) (i32.or (local.get 1) (i32.const 1))))
              (func $sub (type $step) (i32.sub (local.get 0) (local.get 1)))
              (func (export "indirect") (param $n i32) (result i32) (local $acc i32) (local $i i32)
                (loop $next
                  (local.set $acc (call_indirect (type $step)
                    (local.get $acc) (local.get $i) (i32.and (local.get $i) (i32.const 3))))
                  (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                (local.get $acc))
              (func (export "callRef") (param $n i32) (result i32) (local $acc i32) (local $i i32)
                (loop $next
                  (local.set $acc (call_ref $step (local.get $acc) (local.get $i)
                    (ref.cast (ref $step) (table.get (i32.and (local.get $i) (i32.const 3))))))
                  (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                (local.get $acc))
              (func (export "direct") (param $n i32) (result i32) (local $acc i32) (local $i i32)
                (loop $next
                  (local.set $acc (call $xor (local.get $acc) (local.get $i)))
                  (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                (local.get $acc)))""";

    private Instance instance;
    private IntUnaryOperator indirect;
    private IntUnaryOperator callRef;
    private IntUnaryOperator direct;

    @Setup
    public void instantiate() {
        Engine engine = Engine.create();
        instance = new Linker(engine).instantiate(Module.fromWat(engine, MODULE));
        indirect = instance.function("indirect").asIntUnaryOperator();
        callRef = instance.function("callRef").asIntUnaryOperator();
        direct = instance.function("direct").asIntUnaryOperator();
        BenchmarkChecks.expect("indirect == callRef", indirect.applyAsInt(CALLS), callRef.applyAsInt(CALLS));
    }

    @TearDown
    public void close() {
        instance.close();
    }

    @Benchmark
    public int callIndirect() {
        return indirect.applyAsInt(CALLS);
    }

    @Benchmark
    public int callRef() {
        return callRef.applyAsInt(CALLS);
    }

    @Benchmark
    public int directCall() {
        return direct.applyAsInt(CALLS);
    }
}
