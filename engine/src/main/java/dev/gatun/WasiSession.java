package dev.gatun;

import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.wasi.WasiPreview1;
import dev.gatun.wasi.WasiConfig;
import java.util.function.Supplier;

/**
 * The WASI state of one instance: a {@link WasiPreview1} (fd table, open files) made from the linker's config,
 * replaced by a fresh one when a pooled instance is reset, closed with the instance. The host functions bound
 * into the instance look the current state up on each call, so a reset needs no relinking.
 */
final class WasiSession {
    private final Supplier<WasiConfig> configs;
    private final Supplier<LinearMemory> memory;
    private WasiPreview1 current;

    WasiSession(Supplier<WasiConfig> configs, Caller caller) {
        this.configs = configs;
        this.memory = caller::rawMemory0;
        this.current = fresh();
    }

    private WasiPreview1 fresh() {
        WasiConfig config = configs.get();
        if (config == null) throw new IllegalStateException("the WASI config supplier returned null");
        return new WasiPreview1(config, memory);
    }

    /** The body of import {@code name}: forwards to the current state's function. */
    dev.gatun.internal.runtime.HostFunction function(String name) {
        return args -> current.functions().get(name).body().call(args);
    }

    /** Closes the files the guest left open and starts over with a fresh state (pool return). */
    void reset() {
        current.closeAll();
        current = fresh();
    }

    void close() {
        current.closeAll();
    }
}
