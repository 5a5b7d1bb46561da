package dev.gatun.benchmarks.jmh;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.Instance;
import dev.gatun.Linker;
import dev.gatun.Module;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Gatun's limit checks cost on a loop kernel ({@code loop_mix}, 1M rounds, as in {@link KernelBenchmark}),
 * all in the same run: {@code off} compiles the checks out ({@code interruptChecks(false)}), {@code deadline}
 * is the default engine with a one-hour timeout set, {@code fuel} meters with {@code consumeFuel(true)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LimitChecksBenchmark {
    @Param({"off", "deadline", "fuel"})
    public String checks;

    private Instance instance;
    private IntUnaryOperator loopMix;

    @Setup
    public void instantiate() {
        EngineConfig config = switch (checks) {
            case "off" -> EngineConfig.builder().interruptChecks(false).build();
            case "deadline" -> EngineConfig.defaults();
            case "fuel" -> EngineConfig.builder().consumeFuel(true).initialFuel(Long.MAX_VALUE / 2).build();
            default -> throw new IllegalArgumentException("unknown limit-check setting " + checks);
        };
        Engine engine = Engine.create(config);
        instance = new Linker(engine).instantiate(Module.fromBytes(engine, KernelModule.binary()));
        if (checks.equals("deadline")) instance.setTimeout(Duration.ofHours(1));
        loopMix = instance.function(KernelModule.LOOP).asIntUnaryOperator();
        BenchmarkChecks.expect(checks + " loop_mix(" + KernelBenchmark.LOOP_ROUNDS + ")", loopKernel(),
                loopMixReference(KernelBenchmark.LOOP_ROUNDS));
        if (checks.equals("fuel")) BenchmarkChecks.expect("fuel was consumed", instance.fuel() < Long.MAX_VALUE / 2);
    }

    @TearDown
    public void close() {
        instance.close();
    }

    @Benchmark
    public int loopKernel() {
        return loopMix.applyAsInt(KernelBenchmark.LOOP_ROUNDS);
    }

    /** loop_mix transcribed to Java (kernels.wat). */
    static int loopMixReference(int rounds) {
        int x = 0x9E3779B9;
        int acc = 0;
        for (int i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            if ((x & 1) != 0) acc += x * 31;
            else acc -= i;
        }
        return acc;
    }
}
