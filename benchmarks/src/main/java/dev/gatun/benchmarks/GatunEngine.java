package dev.gatun.benchmarks;

import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.validate.Validator;
import java.nio.file.Files;

/**
 * Gatun: decode, validate and compile to JVM bytecode in {@link #prepare}, so the compile time is measured even
 * before Gatun can run the modules. Running needs WASI, which the engine does not have yet (the {@code wasi}
 * branch adds it): each run is reported as skipped with that reason until it is wired in here.
 */
public final class GatunEngine implements BenchEngine {
    static final String NO_WASI = "Gatun has no WASI preview1 yet (the wasi branch is not merged)";

    @Override
    public String name() {
        return "gatun";
    }

    @Override
    public Prepared prepare(CorpusModule module) throws Exception {
        ModuleModel model = ModuleDecoder.decode(Files.readAllBytes(module.wasm()));
        CompiledModule compiled;
        try {
            compiled = ModuleCompiler.compile(Validator.validate(model));
        } catch (NotSupportedException e) {
            throw new SkippedException(e.getMessage(), e);
        }
        return () -> run(compiled);
    }

    private static RunResult run(CompiledModule compiled) throws SkippedException {
        // When WASI lands: instantiate `compiled` with the WASI imports (module folder preopened as ".", argv[0] =
        // stem, stdout/stderr captured) plus bench.start/bench.end backed by a BenchClock, then call _start.
        throw new SkippedException(NO_WASI);
    }
}
