package dev.gatun;

import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.JvmTypes;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.runtime.FunctionRef;
import dev.gatun.internal.runtime.HostFunctions;
import dev.gatun.internal.runtime.InstantiationPlan;
import dev.gatun.internal.runtime.LinkException;
import java.lang.foreign.MemoryLayout;
import java.lang.ref.Cleaner;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A module with its imports resolved and type-checked: {@link #instantiate()} does only per-instance work
 * (allocating the vmctx, memories, tables, binding host functions to their caller). Thread-safe.
 */
public final class InstancePre {
    record Resolved(Import imp, ExternType type, Object definition, int functionIndex) {}

    private static final Cleaner CLEANER = Cleaner.create();

    private final Module module;
    private final List<Resolved> imports;
    /** Batches of vmctx blocks for this module's instances; see {@link VmContextAllocator}. */
    private final VmContextAllocator vmctxAllocator;
    /** The per-module part of instantiation, done once. */
    private final InstantiationPlan plan;

    InstancePre(Module module, List<Resolved> imports) {
        this.module = module;
        this.imports = List.copyOf(imports);
        this.plan = InstantiationPlan.of(module.compiled());
        MemoryLayout layout = module.compiled().layout().memoryLayout();
        this.vmctxAllocator = new VmContextAllocator(layout.byteSize(), layout.byteAlignment());
        VmContextAllocator allocator = vmctxAllocator; // the cleaning action must not hold this InstancePre
        CLEANER.register(this, allocator::retire);
    }

    public Module module() {
        return module;
    }

    /** A pool of instances of this module (see {@link InstancePool}). */
    public InstancePool pool(PoolConfig config) {
        return InstancePool.create(this, config);
    }

    /** A fresh instance (running the start function, if any). */
    public Instance instantiate() {
        Engine engine = module.engine();
        EngineConfig config = engine.config();
        int live = engine.liveInstances.incrementAndGet();
        if (config.maxInstances >= 0 && live > config.maxInstances) {
            engine.liveInstances.decrementAndGet();
            throw new ResourceLimitException("the engine allows at most " + config.maxInstances + " live instances");
        }
        CompiledModule compiled = module.compiled();
        VmContextAllocator.Block vmctx = vmctxAllocator.acquire();
        InstanceResources resources = new InstanceResources(engine);
        Instance.Release release = new Instance.Release(engine, vmctxAllocator, vmctx, resources);
        Caller caller = new Caller(module.model());
        WasiSession[] wasi = new WasiSession[1];
        try {
            dev.gatun.internal.runtime.Instance runtime = dev.gatun.internal.runtime.Instance.instantiate(plan,
                    importMap(compiled, caller, wasi), config.maxCallDepth, vmctx.segment(), ctx -> {
                        caller.bind(ctx);
                        ctx.resourceLimiter = resources;
                        ctx.limits.stopOnThreadInterrupt(config.stopOnThreadInterrupt);
                        if (!config.interruptChecks) ctx.limits.checksCompiledOut();
                        if (config.consumeFuel) {
                            ctx.limits.enableFuel(ctx);
                            ctx.limits.setFuel(ctx, config.initialFuel);
                        }
                    });
            Instance instance = new Instance(module, runtime, release);
            instance.wasi = wasi[0];
            return instance;
        } catch (LinkException e) {
            if (wasi[0] != null) wasi[0].close();
            release.run();
            throw new UnlinkableException(e.getMessage());
        } catch (RuntimeException | Error e) {
            if (wasi[0] != null) wasi[0].close();
            release.run();
            throw e;
        }
    }

    /**
     * Runs {@code export} on {@code threads} Java threads at once, the wasi-threads way: each thread
     * instantiates this module itself (own globals, tables, stack) and calls the export with {@code args};
     * they communicate through the shared memories linked as imports ({@link Memory#createShared}). Waits for
     * all of them, at most {@code timeout} in total; a thread still running then is interrupted (a wait in
     * {@code memory.atomic.wait} ends with a trap) and reported as timed out. Results come in thread order.
     */
    public List<ThreadResult> runOnThreads(int threads, String export, Duration timeout, Value... args) {
        Value[] shared = args.clone();
        return runOnThreads(threads, export, timeout, thread -> shared);
    }

    /** {@link #runOnThreads(int, String, Duration, Value...)} with arguments per thread (e.g. a thread id). */
    public List<ThreadResult> runOnThreads(int threads, String export, Duration timeout,
                                           IntFunction<Value[]> argumentsFor) {
        if (threads < 1) throw new IllegalArgumentException("thread count must be positive: " + threads);
        if (timeout == null || timeout.isNegative()) throw new IllegalArgumentException("timeout must be >= 0: " + timeout);
        if (!module.exports().stream().anyMatch(e -> e.name().equals(export) && e.type() instanceof ExternType.Func)) {
            throw new UnknownExportException("module exports no function \"" + export + "\"");
        }
        Value[][] arguments = new Value[threads][];
        for (int i = 0; i < threads; i++) arguments[i] = argumentsFor.apply(i);
        List<ThreadResult> results = new ArrayList<>(threads);
        for (var r : dev.gatun.internal.runtime.WasmThreads.run(threads, i -> {
            try (Instance instance = instantiate()) {
                return instance.function(export).call(arguments[i]);
            }
        }, timeout)) {
            results.add(new ThreadResult(r.thread(), (Value[]) r.results(), r.failure()));
        }
        return List.copyOf(results);
    }

    /** @param wasi receives the instance's WASI state when the module imports WASI functions */
    private Map<String, Map<String, Object>> importMap(CompiledModule compiled, Caller caller, WasiSession[] wasi) {
        Map<String, Map<String, Object>> map = new HashMap<>();
        for (Resolved r : imports) {
            Object value = switch (r.definition()) {
                case Linker.TypedHost host -> typedHost(compiled, r, host, caller);
                case Linker.GenericHost host -> genericHost(compiled, r, host, caller);
                case Memory memory -> memory.memory;
                case Global global -> global.global;
                case Table table -> table.table;
                case Linker.InstanceExport export -> export.value();
                case Linker.WasiImport imp -> {
                    if (wasi[0] == null) wasi[0] = new WasiSession(imp.configs(), caller);
                    yield HostFunctions.hostFunction(compiled.functionTypeIds()[r.functionIndex()],
                            compiled.functionTypes()[r.functionIndex()], wasi[0].function(imp.name()),
                            r.imp().module() + "." + r.imp().name());
                }
                default -> throw new IllegalStateException("unexpected definition " + r.definition());
            };
            map.computeIfAbsent(r.imp().module(), k -> new HashMap<>()).put(r.imp().name(), value);
        }
        return map;
    }

    private static FunctionRef typedHost(CompiledModule compiled, Resolved r, Linker.TypedHost host, Caller caller) {
        var type = compiled.functionTypes()[r.functionIndex()];
        MethodHandle target = host.takesCaller() ? MethodHandles.insertArguments(host.handle(), 0, caller) : host.handle();
        return new FunctionRef(compiled.functionTypeIds()[r.functionIndex()], type,
                target.asType(JvmTypes.targetType(type)), new long[0], new Object[0], host.where(), null);
    }

    private static FunctionRef genericHost(CompiledModule compiled, Resolved r, Linker.GenericHost host, Caller caller) {
        var type = compiled.functionTypes()[r.functionIndex()];
        FuncType publicType = host.type();
        return HostFunctions.hostFunction(compiled.functionTypeIds()[r.functionIndex()], type, args -> {
            Value[] in = new Value[args.length];
            for (int i = 0; i < args.length; i++) in[i] = Value.fromBoxed(publicType.params().get(i), args[i]);
            Value[] out = host.function().call(caller, in);
            if (out == null) return null;
            Object[] boxed = new Object[out.length];
            for (int i = 0; i < out.length; i++) {
                if (i < publicType.results().size() && out[i].type() != publicType.results().get(i)) {
                    throw new WasmException("host function " + r.imp().module() + "." + r.imp().name() + " returned "
                            + out[i] + " as result " + i + ", its type says " + publicType.results().get(i));
                }
                boxed[i] = out[i].boxed();
            }
            return boxed;
        }, r.imp().module() + "." + r.imp().name());
    }
}
