package dev.gatun.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Function;

/** Chicory 1.5.1, either its interpreter or its compiler to JVM bytecode (the fair peer), with its own WASI. */
public final class ChicoryEngine implements BenchEngine {
    private final boolean compiled;

    private ChicoryEngine(boolean compiled) {
        this.compiled = compiled;
    }

    public static ChicoryEngine interpreter() {
        return new ChicoryEngine(false);
    }

    public static ChicoryEngine compiler() {
        return new ChicoryEngine(true);
    }

    @Override
    public String name() {
        return compiled ? "chicory-compiler" : "chicory-interpreter";
    }

    @Override
    public Prepared prepare(CorpusModule module) throws Exception {
        WasmModule parsed = Parser.parse(Files.readAllBytes(module.wasm()));
        // The compiler does its whole-module translation here, so that prepare time includes it.
        Function<Instance, Machine> machines = compiled ? MachineFactoryCompiler.compile(parsed) : null;
        return () -> run(module, parsed, machines);
    }

    private static RunResult run(CorpusModule module, WasmModule parsed, Function<Instance, Machine> machines) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        BenchClock clock = new BenchClock();
        WasiOptions options = WasiOptions.builder()
                .withStdout(stdout)
                .withStderr(stderr)
                .withArguments(List.of(module.stem()))
                .withDirectory(".", module.folder())
                .build();
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            ImportValues imports = ImportValues.builder()
                    .addFunction(wasi.toHostFunctions())
                    .addFunction(new HostFunction("bench", "start", FunctionType.empty(), (instance, args) -> {
                        clock.start();
                        return null;
                    }))
                    .addFunction(new HostFunction("bench", "end", FunctionType.empty(), (instance, args) -> {
                        clock.end();
                        return null;
                    }))
                    .build();
            Instance.Builder builder = Instance.builder(parsed).withImportValues(imports).withStart(false);
            if (machines != null) builder.withMachineFactory(machines);
            Instance instance = builder.build();
            int exitCode = 0;
            try {
                instance.export("_start").apply();
            } catch (WasiExitException e) {
                exitCode = e.exitCode();
            }
            return new RunResult(clock.measuredNanos(), exitCode, stdout.toByteArray(), stderr.toByteArray());
        }
    }
}
