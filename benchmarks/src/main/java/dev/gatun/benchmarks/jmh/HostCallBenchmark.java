package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.Module;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host-function call overhead: the guest's {@code call_host(n)} calls the imported {@code env.f} n times in a
 * loop (Wasm to Java and back each time). The score is per host call ({@link OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HostCallBenchmark {
    static final int CALLS = 1_000;

    @Param({"gatun", "chicory-compiler"})
    public String engine;

    private Instance gatun;
    private IntUnaryOperator callHost;

    @Setup
    public void instantiate() {
        callHost = switch (engine) {
            case "gatun" -> {
                Engine gatunEngine = Engine.create();
                gatun = MicroModule.gatunLinker(gatunEngine).instantiate(Module.fromBytes(gatunEngine, MicroModule.binary()));
                yield gatun.function(MicroModule.CALL_HOST).asIntUnaryOperator();
            }
            case "chicory-compiler" -> {
                var module = Parser.parse(MicroModule.binary());
                var export = com.dylibso.chicory.runtime.Instance.builder(module)
                        .withMachineFactory(MachineFactoryCompiler.compile(module))
                        .withImportValues(MicroModule.chicoryImports())
                        .build()
                        .export(MicroModule.CALL_HOST);
                yield n -> (int) export.apply(n)[0];
            }
            default -> throw new IllegalArgumentException("no host-call adapter for engine " + engine);
        };
        BenchmarkChecks.expect(engine + " call_host(" + CALLS + ")", hostCalls(), MicroModule.expectedHostSum(CALLS));
    }

    @TearDown
    public void close() {
        if (gatun != null) gatun.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int hostCalls() {
        return callHost.applyAsInt(CALLS);
    }
}
