package dev.gatun.benchmarks;

import dev.gatun.InterruptedTrap;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gatun: decode, validate and compile to JVM bytecode once in {@link #prepare}; each run instantiates that same
 * compiled module (so its hidden class, and HotSpot's compiled code for it, is reused across runs, as a warm
 * run should) with Gatun's WASI preview1 and the {@code bench} imports, and calls {@code _start}. A run that
 * takes longer than the run timeout is interrupted (Gatun polls at loop headers) and reported as failed, so
 * that one miscompiled module cannot stall a long corpus run. {@code -D}{@value #OFF_HEAP_PROPERTY}{@code =true}
 * compiles with every memory off-heap (as {@code EngineConfig.Builder.offHeapMemories} does), to compare the two
 * memory representations on real programs. {@link #withoutInterruptChecks()} ({@code gatun-unchecked}) compiles
 * without loop-header polls, to measure what they cost; its runs cannot be interrupted.
 */
public final class GatunEngine implements BenchEngine {
    static final String OFF_HEAP_PROPERTY = "gatun.bench.offHeapMemories";
    private final Duration runTimeout;
    private final boolean interruptChecks;
    private final Timer watchdog = new Timer("gatun-bench-watchdog", true);

    public GatunEngine(Duration runTimeout) {
        this(runTimeout, true);
    }

    private GatunEngine(Duration runTimeout, boolean interruptChecks) {
        this.runTimeout = runTimeout;
        this.interruptChecks = interruptChecks;
    }

    /** Gatun compiled without interrupt checks; a run is never interrupted (there is nothing to poll). */
    static GatunEngine withoutInterruptChecks() {
        return new GatunEngine(null, false);
    }

    @Override
    public String name() {
        return interruptChecks ? "gatun" : "gatun-unchecked";
    }

    @Override
    public Prepared prepare(CorpusModule module) throws Exception {
        try {
            ModuleModel model = ModuleDecoder.decode(Files.readAllBytes(module.wasm()));
            CompiledModule compiled = ModuleCompiler.compile(Validator.validate(model), interruptChecks, false,
                    Boolean.getBoolean(OFF_HEAP_PROPERTY));
            return () -> run(module, compiled, interruptChecks ? runTimeout : null, watchdog);
        } catch (NotSupportedException e) {
            throw new SkippedException(e.getMessage(), e);
        }
    }

    private static RunResult run(CorpusModule module, CompiledModule compiled, Duration timeout, Timer watchdog)
            throws TimeoutException {
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
        TimerTask interrupt = null;
        try {
            Instance instance = Instance.instantiate(compiled, imports(compiled.module(), wasi, clock),
                    Instance.DEFAULT_MAX_CALL_DEPTH);
            if (instance.export("memory") instanceof LinearMemory exported) memory.set(exported);
            if (timeout != null) {
                interrupt = new TimerTask() {
                    @Override
                    public void run() {
                        instance.interrupt();
                    }
                };
                watchdog.schedule(interrupt, Math.max(1, timeout.toMillis()));
            }
            instance.invoke("_start");
        } catch (WasiExit exit) {
            exitCode = exit.code();
        } catch (InterruptedTrap e) {
            throw new TimeoutException("run interrupted after the run timeout of " + timeout.toSeconds() + " s");
        } finally {
            if (interrupt != null) {
                interrupt.cancel();
                watchdog.purge(); // a cancelled task stays queued (holding the instance) until its time otherwise
            }
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

    @Override
    public void close() {
        watchdog.cancel();
    }
}
