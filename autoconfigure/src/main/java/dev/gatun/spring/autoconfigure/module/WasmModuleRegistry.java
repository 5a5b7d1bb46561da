package dev.gatun.spring.autoconfigure.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.InstancePool;
import dev.gatun.InstancePre;
import dev.gatun.InvalidModuleException;
import dev.gatun.Linker;
import dev.gatun.MalformedModuleException;
import dev.gatun.Module;
import dev.gatun.UnlinkableException;
import dev.gatun.WasmException;
import dev.gatun.spring.autoconfigure.EngineSettings;
import dev.gatun.spring.autoconfigure.GatunProperties;
import dev.gatun.spring.autoconfigure.GatunProperties.ModuleProperties;
import dev.gatun.spring.autoconfigure.WasmConfigurationException;

/**
 * All configured modules, loaded, compiled and linked at start-up (so a missing file, an invalid module or an
 * unsatisfiable import fails start-up, not the first call).
 */
public final class WasmModuleRegistry implements DisposableBean {
    private final Map<String, WasmModuleRuntime> modules = new LinkedHashMap<>();

    public WasmModuleRegistry(Engine engine, GatunProperties properties, ResourceLoader resources,
            HostFunctionBeans hostFunctions, List<GatunLinkerCustomizer> customizers,
            Supplier<List<WasmCallDecorator>> decorators, Supplier<List<WasmCallObserver>> observers) {
        try {
            ModuleDefinitions.resolve(properties).forEach((name, settings) -> {
                Engine moduleEngine = engineFor(engine, properties, name, settings);
                Module module = load(moduleEngine, name, settings.location(), resources);
                Linker linker = new Linker(moduleEngine);
                if (settings.wasi() != null) linker.defineWasi(WasiSettings.config(name, settings.wasi()));
                hostFunctions.defineInto(linker, name, settings.imports());
                customizers.forEach(c -> c.customize(name, linker));
                InstancePre pre = link(linker, name, module, settings.wasi() != null);
                modules.put(name, new WasmModuleRuntime(name, module, pre, settings,
                        properties.engine().defaultTimeout(), decorators, observers));
            });
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    /**
     * The shared engine, or, when the module sets limits that an engine applies to all its instances (or memories
     * placed otherwise than the engine's, {@code pool.off-heap-memories}), an engine of its own:
     * {@code gatun.engine.*} with the module's settings on top.
     */
    private static Engine engineFor(Engine shared, GatunProperties properties, String name, ModuleProperties settings) {
        var limits = settings.limits();
        Boolean offHeapMemories = settings.pool().offHeapMemories();
        boolean ownMemoryPlacement = offHeapMemories != null && offHeapMemories != shared.config().offHeapMemories();
        if (!limits.any() && !ownMemoryPlacement) return shared;
        if (limits.fuel() != null && limits.fuel() <= 0) {
            throw new WasmConfigurationException("gatun.modules." + name + ".limits.fuel must be positive, is "
                    + limits.fuel(), "Set a positive fuel budget per call, or remove the limit");
        }
        try {
            EngineConfig.Builder builder = EngineSettings.builder(properties.engine());
            if (limits.callDepth() != null) builder.maxCallDepth(limits.callDepth());
            if (limits.maxMemoryPages() != null) builder.maxMemoryPages(limits.maxMemoryPages());
            if (limits.fuel() != null) builder.consumeFuel(true).initialFuel(limits.fuel());
            if (offHeapMemories != null) builder.offHeapMemories(offHeapMemories);
            return Engine.create(builder.build());
        } catch (IllegalArgumentException e) {
            throw new WasmConfigurationException("gatun.modules." + name + ".limits: " + e.getMessage(),
                    "Fix the limits of module '" + name + "'", e);
        }
    }

    private static Module load(Engine engine, String name, String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location);
        String where = "gatun.modules." + name + ".location";
        if (!resource.exists()) {
            throw new WasmConfigurationException("module '" + name + "': no file at " + location,
                    "Fix " + where + " (classpath:..., file:...) so that it points at a .wasm or .wat file");
        }
        byte[] bytes;
        try {
            bytes = resource.getContentAsByteArray();
        } catch (IOException e) {
            throw new WasmConfigurationException("module '" + name + "': cannot read " + location + ": " + e.getMessage(),
                    "Make " + location + " readable", e);
        }
        try {
            boolean binary = bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
            return binary ? Module.fromBytes(engine, bytes) : Module.fromWat(engine, new String(bytes, StandardCharsets.UTF_8));
        } catch (MalformedModuleException | InvalidModuleException e) {
            throw new WasmConfigurationException("module '" + name + "' at " + location + " is not a valid Wasm module: "
                    + e.getMessage(), "Rebuild or replace the module file, or fix " + where, e);
        } catch (WasmException e) {
            throw new WasmConfigurationException("module '" + name + "' at " + location + " cannot be compiled: "
                    + e.getMessage(), "Check the module with `gatun validate`, or fix " + where, e);
        }
    }

    private static InstancePre link(Linker linker, String name, Module module, boolean linkerHasWasi) {
        try {
            return linker.instantiatePre(module);
        } catch (UnlinkableException e) {
            throw new WasmConfigurationException("module '" + name + "' cannot be linked: " + e.getMessage(),
                    "Provide each import of module '" + name + "' as a bean method annotated "
                            + "@WasmHostFunction(module=\"...\", name=\"...\"), through gatun.modules." + name
                            + ".imports[<module>.<name>]=<bean>, or with a GatunLinkerCustomizer bean"
                            + (e.getMessage().contains("wasi_snapshot_preview1") && !linkerHasWasi
                                    ? "; for WASI imports, configure gatun.modules." + name + ".wasi (e.g. .wasi.stdio=discard)"
                                    : ""), e);
        }
    }

    /** The runtime of a module; fails with the known names when there is none. */
    public WasmModuleRuntime get(String name) {
        WasmModuleRuntime runtime = modules.get(name);
        if (runtime == null) {
            throw new WasmConfigurationException("no Wasm module named '" + name + "' (configured: " + modules.keySet() + ")",
                    "Configure gatun.modules." + name + ".location, or put " + name + ".wasm in gatun.modules-dir");
        }
        return runtime;
    }

    public boolean contains(String name) {
        return modules.containsKey(name);
    }

    public Collection<WasmModuleRuntime> all() {
        return modules.values();
    }

    /** Factory method of the per-module {@code <name>Module} beans. */
    public Module module(String name) {
        return get(name).module();
    }

    /** Factory method of the per-module {@code <name>Pool} beans. */
    public InstancePool pool(String name) {
        return get(name).pool();
    }

    @Override
    public void destroy() {
        modules.values().forEach(WasmModuleRuntime::close);
    }
}
