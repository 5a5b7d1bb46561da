package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.InstancePre;
import dev.gatun.Module;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * A fresh instance of an already compiled module (the micro module: one host import, a memory page with a
 * data segment, a global): Gatun's {@code InstancePre.instantiate()} then {@code close()}, against Chicory's
 * {@code Instance.builder(...).build()} with its compiled machine factory made once in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class InstantiateBenchmark {
    @Param({"gatun", "chicory-compiler"})
    public String engine;

    private InstancePre gatunPre;
    private WasmModule chicoryModule;
    private Function<com.dylibso.chicory.runtime.Instance, Machine> chicoryMachine;
    private ImportValues chicoryImports;

    @Setup
    public void compile() {
        switch (engine) {
            case "gatun" -> {
                Engine gatunEngine = Engine.create();
                gatunPre = MicroModule.gatunLinker(gatunEngine).instantiatePre(Module.fromBytes(gatunEngine, MicroModule.binary()));
                try (Instance instance = gatunPre.instantiate()) {
                    checkInitialised(instance.function(MicroModule.DATA_BYTE).asIntUnaryOperator().applyAsInt(MicroModule.DATA_ADDRESS));
                }
            }
            case "chicory-compiler" -> {
                chicoryModule = Parser.parse(MicroModule.binary());
                chicoryMachine = MachineFactoryCompiler.compile(chicoryModule);
                chicoryImports = MicroModule.chicoryImports();
                var instance = chicoryInstance();
                checkInitialised((int) instance.export(MicroModule.DATA_BYTE).apply(MicroModule.DATA_ADDRESS)[0]);
            }
            default -> throw new IllegalArgumentException("no instantiate adapter for engine " + engine);
        }
    }

    private void checkInitialised(int firstDataByte) {
        BenchmarkChecks.expect(engine + " first byte of the data segment", firstDataByte, 'g');
    }

    private com.dylibso.chicory.runtime.Instance chicoryInstance() {
        return com.dylibso.chicory.runtime.Instance.builder(chicoryModule)
                .withMachineFactory(chicoryMachine)
                .withImportValues(chicoryImports)
                .build();
    }

    @Benchmark
    public Object instantiate() {
        if (gatunPre != null) {
            Instance instance = gatunPre.instantiate();
            instance.close();
            return instance;
        }
        return chicoryInstance();
    }
}
