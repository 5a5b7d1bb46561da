package dev.gatun.benchmarks;

import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.WasmFunctions;
import io.github.kawamuray.wasmtime.WasmtimeException;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;
import io.github.kawamuray.wasmtime.wasi.WasiCtxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wasmtime through wasmtime-java's JNI binding (which bundles a native wasmtime). Modules are compiled ahead in
 * {@link #prepare}; the guest's stdout/stderr go to temporary files, which is the binding's only way to capture them.
 */
public final class WasmtimeEngine implements BenchEngine {
    /**
     * How the binding reports {@code proc_exit}: as an exception whose text carries the code, e.g.
     * {@code I32ExitError: exit code: 0} (wasmtime 7's WASI) or {@code Exited with i32 exit status 0} (older).
     */
    private static final Pattern EXIT_STATUS =
            Pattern.compile("(?:[Ee]xit code:? |[Ee]xit(?:ed with)? (?:i32 )?(?:exit )?status:? )(\\d+)");

    private final Engine engine = new Engine();

    @Override
    public String name() {
        return "wasmtime";
    }

    @Override
    public Prepared prepare(CorpusModule module) throws Exception {
        Module compiled;
        try {
            compiled = Module.fromBinary(engine, Files.readAllBytes(module.wasm()));
        } catch (WasmtimeException e) {
            // e.g. the WasmGC module: the bundled wasmtime 7.0.1 predates GC
            throw new SkippedException("the bundled wasmtime 7.0.1 rejects it: " + e.getMessage(), e);
        }
        return new Prepared() {
            @Override
            public RunResult run() throws Exception {
                return WasmtimeEngine.this.run(module, compiled);
            }

            @Override
            public void close() {
                compiled.dispose();
            }
        };
    }

    private RunResult run(CorpusModule module, Module compiled) throws Exception {
        Path stdout = Files.createTempFile("gatun-bench-wasmtime", ".stdout");
        Path stderr = Files.createTempFile("gatun-bench-wasmtime", ".stderr");
        try {
            BenchClock clock = new BenchClock();
            WasiCtx wasi = new WasiCtxBuilder()
                    .arg(module.stem())
                    .stdout(stdout)
                    .stderr(stderr)
                    .preopenedDir(module.folder(), ".")
                    .build();
            int exitCode = 0;
            try (Store<Void> store = new Store<>(null, engine, wasi);
                 Linker linker = new Linker(engine);
                 Func start = WasmFunctions.wrap(store, clock::start);
                 Func end = WasmFunctions.wrap(store, clock::end)) {
                WasiCtx.addToLinker(linker);
                linker.define(store, "bench", "start", Extern.fromFunc(start));
                linker.define(store, "bench", "end", Extern.fromFunc(end));
                linker.module(store, "", compiled);
                try (Func entry = linker.get(store, "", "_start").orElseThrow().func()) {
                    entry.call(store);
                } catch (RuntimeException e) {
                    exitCode = exitStatus(e);
                }
            }
            return new RunResult(clock.measuredNanos(), exitCode, Files.readAllBytes(stdout), Files.readAllBytes(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** The exit code when {@code e} is the binding's report of {@code proc_exit}; rethrows anything else. */
    static int exitStatus(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = EXIT_STATUS.matcher(t.toString());
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        throw e;
    }

    @Override
    public void close() {
        engine.dispose();
    }
}
