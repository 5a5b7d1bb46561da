package dev.gatun.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3's compute kernels on Gatun and Chicory's compiler in the same run (the {@code engine} parameter):
 * a loop-heavy function, a call-heavy recursive one and a memory-heavy one, all from {@code kernels.wat}.
 * Compare the scores of one kernel across engines: the ratio Gatun ÷ Chicory is the figure to report.
 * {@code gatun-off-heap} is Gatun with the kernels' memory off-heap ({@code EngineConfig.Builder.offHeapMemories}),
 * to see what that representation costs compiled code: not run by default, ask for it with
 * {@code -p engine=gatun,gatun-off-heap}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss8m"})
public class KernelBenchmark {
    /** Rounds of loop_mix per call. */
    static final int LOOP_ROUNDS = 1_000_000;
    /** fib(25): about 243,000 calls. */
    static final int FIB_N = 25;
    /** Passes of memory_mix over 64 KiB. */
    static final int MEMORY_ROUNDS = 50;

    @Param({"gatun", "chicory-compiler"})
    public String engine;

    private KernelInstance kernels;

    @Setup
    public void instantiate() {
        kernels = KernelInstance.of(engine, KernelModule.binary());
    }

    @Benchmark
    public int loopHeavy() {
        return kernels.call(KernelModule.LOOP, LOOP_ROUNDS);
    }

    @Benchmark
    public int recursiveCalls() {
        return kernels.call(KernelModule.RECURSIVE, FIB_N);
    }

    @Benchmark
    public int memoryHeavy() {
        return kernels.call(KernelModule.MEMORY, MEMORY_ROUNDS);
    }
}
