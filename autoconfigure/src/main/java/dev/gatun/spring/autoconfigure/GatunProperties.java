package dev.gatun.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the Gatun engine and of the Wasm modules the application runs ({@code gatun.*}).
 *
 * @param engine settings of the shared engine
 * @param modules the modules, by name; each becomes a {@code Module} bean and an {@code InstancePool} bean
 * @param modulesDir a directory whose every {@code *.wasm} / {@code *.wat} file becomes a module named after
 *        the file (without extension), with default settings unless {@code modules.<name>} says otherwise
 */
@ConfigurationProperties("gatun")
public record GatunProperties(@DefaultValue EngineProperties engine, Map<String, ModuleProperties> modules,
        String modulesDir) {

    public GatunProperties {
        modules = modules == null ? Map.of() : Map.copyOf(modules);
    }

    /**
     * @param consumeFuel whether instances are metered with fuel (needed for {@code limits.fuel})
     * @param defaultTimeout deadline of every call unless the module sets its own
     * @param maxCallDepth deepest Wasm call nesting
     * @param maxMemoryPages largest memory of any instance, in 64 KiB pages
     * @param maxInstances most live instances at once across all modules
     * @param moduleCacheSize compiled modules kept by content hash
     * @param offHeapMemories every memory off the JVM heap, so pools reset memories by remapping their image
     *        (Linux; {@code EngineConfig.Builder.offHeapMemories}); memory-heavy code runs somewhat slower
     */
    public record EngineProperties(@DefaultValue("false") boolean consumeFuel, Duration defaultTimeout,
            Integer maxCallDepth, Long maxMemoryPages, Integer maxInstances,
            @DefaultValue("64") int moduleCacheSize, @DefaultValue("false") boolean offHeapMemories) {
    }

    /**
     * @param location where the module's binary ({@code .wasm}) or text ({@code .wat}) is:
     *        {@code classpath:...}, {@code file:...} or a plain path
     * @param pool the module's instance pool
     * @param limits resource limits of the module's instances
     * @param timeout deadline of each call; the engine stops the guest when it passes
     * @param imports host functions by import: key {@code "<module>.<name>"}, value the name of a bean
     *        (a {@code @WasmHostFunction} bean or a bean with exactly one such method)
     * @param abi how strings and byte arrays are passed through guest memory
     * @param wasi WASI preview1 for the module's {@code wasi_snapshot_preview1} imports (each instance its own
     *        state, fresh when a pooled instance is returned); absent: no WASI
     */
    public record ModuleProperties(String location, @DefaultValue PoolProperties pool,
            @DefaultValue LimitsProperties limits, Duration timeout, Map<String, String> imports,
            @DefaultValue AbiProperties abi, WasiProperties wasi) {

        public ModuleProperties {
            imports = imports == null ? Map.of() : Map.copyOf(imports);
        }

        public static ModuleProperties defaults(String location) {
            return new ModuleProperties(location, PoolProperties.DEFAULTS, LimitsProperties.NONE, null, Map.of(),
                    AbiProperties.DEFAULTS, null);
        }
    }

    /**
     * @param minIdle instances created ahead of time and kept ready
     * @param maxSize most instances of the module at once
     * @param borrowTimeout how long a call waits for a free instance before failing
     * @param offHeapMemories whether the module's memories live off-heap, so that a returned instance's memory is
     *        reset by remapping the module's image (cost: the pages the call wrote) instead of copying it (cost:
     *        the whole image); absent: {@code gatun.engine.off-heap-memories}. Differing from it gives the module
     *        an engine of its own.
     */
    public record PoolProperties(@DefaultValue("0") int minIdle, @DefaultValue("8") int maxSize,
            @DefaultValue("1s") Duration borrowTimeout, Boolean offHeapMemories) {
        static final PoolProperties DEFAULTS = new PoolProperties(0, 8, Duration.ofSeconds(1), null);
    }

    /**
     * @param maxMemoryPages largest memory of an instance, in 64 KiB pages ({@code memory.grow} beyond fails)
     * @param fuel fuel each call starts with (about one unit per instruction); the call fails when it runs out
     * @param callDepth deepest Wasm call nesting
     */
    public record LimitsProperties(Long maxMemoryPages, Long fuel, Integer callDepth) {
        static final LimitsProperties NONE = new LimitsProperties(null, null, null);

        public boolean any() {
            return maxMemoryPages != null || fuel != null || callDepth != null;
        }
    }

    /**
     * @param allocator export that allocates guest memory: {@code malloc} ({@code (i32 size) -> i32}) or
     *        {@code cabi_realloc} ({@code (i32 old, i32 oldSize, i32 align, i32 size) -> i32})
     * @param deallocator export that frees ({@code (i32 ptr) -> ()}); empty for none (the pool resets
     *        instances on return anyway)
     * @param memory the exported memory strings and bytes go through
     */
    public record AbiProperties(@DefaultValue("malloc") String allocator, @DefaultValue("free") String deallocator,
            @DefaultValue("memory") String memory) {
        static final AbiProperties DEFAULTS = new AbiProperties("malloc", "free", "memory");
    }

    /**
     * @param args program arguments (argv; the first is usually the program name)
     * @param env environment variables (nothing of the application's own environment is passed)
     * @param preopens directories given to the guest
     * @param stdio where the guest's standard streams go: {@code discard} (empty stdin, output dropped),
     *        {@code inherit} (the application's stdin/stdout/stderr) or {@code capture} (per call, on the
     *        calling thread: wrap the call in {@code dev.gatun.wasi.WasiCapture.capture(...)})
     */
    public record WasiProperties(List<String> args, Map<String, String> env, List<PreopenProperties> preopens,
            @DefaultValue("discard") Stdio stdio) {

        public WasiProperties {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : new java.util.LinkedHashMap<>(env);
            preopens = preopens == null ? List.of() : List.copyOf(preopens);
            stdio = stdio == null ? Stdio.DISCARD : stdio;
        }
    }

    /**
     * @param guest the directory's path as the guest sees it, e.g. {@code /data}
     * @param host the host directory
     * @param readOnly whether the guest may only read (no creating, writing, renaming or deleting)
     */
    public record PreopenProperties(String guest, String host, @DefaultValue("false") boolean readOnly) {
    }

    /** Where a WASI guest's standard streams go. */
    public enum Stdio {
        /** Empty stdin; stdout and stderr dropped. */
        DISCARD,
        /** The application's own stdin, stdout and stderr. */
        INHERIT,
        /** Per call on the calling thread, through {@code WasiCapture.capture(...)}; discarded outside one. */
        CAPTURE
    }
}
