package dev.gatun.benchmarks;

import dev.gatun.WasmException;
import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.validate.Validator;
import dev.gatun.internal.wasi.WasiPreview1;
import dev.gatun.wasi.WasiConfig;
import dev.gatun.wasi.WasiExit;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gatun: decode, validate and compile to JVM bytecode once in {@link #prepare}; each run instantiates that same
 * compiled module (so its hidden class, and HotSpot's compiled code for it, is reused across runs, as a warm
 * run should) with Gatun's WASI preview1 and the {@code bench} imports, and calls {@code _start}.
 */
public final class GatunEngine implements BenchEngine {

    @Override
    public String name() {
        return "gatun";
    }

    @Override
    public Prepared prepare(CorpusModule module) throws Exception {
        try {
            ModuleModel model = ModuleDecoder.decode(Files.readAllBytes(module.wasm()));
            CompiledModule compiled = ModuleCompiler.compile(Validator.validate(model));
            return () -> run(module, compiled);
        } catch (NotSupportedException e) {
            throw new SkippedException(e.getMessage(), e);
        }
    }

    private static RunResult run(CorpusModule module, CompiledModule compiled) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        WasiConfig config = WasiConfig.builder()
                .args(module.stem())
                .stdout(stdout)
                .stderr(stderr)
                .preopen(module.folder(), ".")
                .build();
        AtomicReference<LinearMemory> memory = new AtomicReference<>();
        WasiPreview1 wasi = new WasiPreview1(config, memory::get);
        BenchClock clock = new BenchClock();
        int exitCode = 0;
        try {
            Instance instance = Instance.instantiate(compiled, imports(compiled.module(), wasi, clock),
                    Instance.DEFAULT_MAX_CALL_DEPTH);
            if (instance.export("memory") instanceof LinearMemory exported) memory.set(exported);
            instance.invoke("_start");
        } catch (WasiExit exit) {
            exitCode = exit.code();
        } finally {
            wasi.closeAll();
        }
        return new RunResult(clock.measuredNanos(), exitCode, stdout.toByteArray(), stderr.toByteArray());
    }

    /** WASI functions and {@code bench.start}/{@code bench.end}; anything else is left for linking to reject. */
    private static Map<String, Map<String, Object>> imports(ModuleModel module, WasiPreview1 wasi, BenchClock clock) {
        Map<String, Object> bench = Map.of(
                "start", (HostFunction) args -> {
                    clock.start();
                    return null;
                },
                "end", (HostFunction) args -> {
                    clock.end();
                    return null;
                });
        Map<String, Map<String, Object>> imports = new HashMap<>();
        imports.put("bench", bench);
        Map<String, Object> wasiImports = new HashMap<>();
        for (ModuleModel.Import imp : module.imports()) {
            if (!imp.module().equals(WasiPreview1.MODULE)) continue;
            WasiPreview1.Function function = wasi.functions().get(imp.name());
            if (function == null) throw new WasmException("not supported: WASI function " + imp.module() + "." + imp.name());
            wasiImports.put(imp.name(), function.body());
        }
        imports.put(WasiPreview1.MODULE, wasiImports);
        return imports;
    }
}
