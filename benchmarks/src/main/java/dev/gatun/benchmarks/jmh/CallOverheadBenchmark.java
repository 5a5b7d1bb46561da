package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.Parser;
import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.Module;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import java.util.function.IntBinaryOperator;
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
 * The cost of one call of a trivial export, {@code add: (i32, i32) -> i32}: Gatun through its typed view
 * ({@code asIntBinaryOperator}) and through its method handle ({@code invokeExact}), Chicory's compiler
 * through its export handle. The work inside the guest is one add, so the score is the call overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CallOverheadBenchmark {
    /** Not final, so that the JIT cannot fold the arguments. */
    public int left = 40;
    public int right = 2;

    private Instance gatun;
    private IntBinaryOperator gatunTyped;
    private MethodHandle gatunHandle;
    private ExportFunction chicoryAdd;

    @Setup
    public void instantiate() throws Throwable {
        Engine engine = Engine.create();
        gatun = MicroModule.gatunLinker(engine).instantiate(Module.fromBytes(engine, MicroModule.binary()));
        gatunTyped = gatun.function(MicroModule.ADD).asIntBinaryOperator();
        gatunHandle = gatun.function(MicroModule.ADD).handle();

        var module = Parser.parse(MicroModule.binary());
        chicoryAdd = com.dylibso.chicory.runtime.Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .withImportValues(MicroModule.chicoryImports())
                .build()
                .export(MicroModule.ADD);

        BenchmarkChecks.expect("gatun typed view add(40, 2)", gatunTypedView(), 42);
        BenchmarkChecks.expect("gatun handle add(40, 2)", gatunHandleInvokeExact(), 42);
        BenchmarkChecks.expect("chicory-compiler add(40, 2)", chicoryCompilerExport(), 42);
    }

    @TearDown
    public void close() {
        gatun.close();
    }

    @Benchmark
    public int gatunTypedView() {
        return gatunTyped.applyAsInt(left, right);
    }

    @Benchmark
    public int gatunHandleInvokeExact() throws Throwable {
        return (int) gatunHandle.invokeExact(left, right);
    }

    @Benchmark
    public int chicoryCompilerExport() {
        return (int) chicoryAdd.apply(left, right)[0];
    }
}
