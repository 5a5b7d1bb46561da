package dev.gatun.internal.runtime;

import dev.gatun.CallStackExhaustedTrap;
import dev.gatun.WasmException;
import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ValType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An instantiated module: the internal entry point for the runner and, later, the public API.
 *
 * <p>Imports are a map {@code module name -> field name -> value} where a value is a {@link FunctionRef}
 * (e.g. another instance's export), a {@link HostFunction} (typed by the import), a {@link WasmGlobal}, a
 * {@link LinearMemory}, a {@link Table} or a {@link Tag}. Values cross {@link #invoke} boxed with exact bits (Integer,
 * Long, Float, Double, references as they are).
 *
 * <p>The vmctx block lives in an automatic {@link Arena}: it is freed when the instance is unreachable.
 */
public final class Instance {
    /** Deterministic Wasm call-depth limit; the JVM stack of a default thread holds it for small frames. */
    public static final int DEFAULT_MAX_CALL_DEPTH = 5_000;

    private final CompiledModule compiled;
    private final InstanceContext ctx;
    private final Map<String, Object> exports = new HashMap<>();
    private final Map<FunctionRef, MethodHandle> invokers = new ConcurrentHashMap<>();

    private Instance(CompiledModule compiled, InstanceContext ctx) {
        this.compiled = compiled;
        this.ctx = ctx;
    }

    /** Compiles and instantiates in one step. */
    public static Instance instantiate(ModuleModel module, Map<String, Map<String, Object>> imports) {
        return instantiate(ModuleCompiler.compile(module), imports, DEFAULT_MAX_CALL_DEPTH);
    }

    /**
     * Links imports, allocates memories/tables/globals, applies active element and data segments (a trap
     * there aborts instantiation, keeping earlier writes to imported memories and tables, as the spec
     * says), then runs the start function.
     */
    public static Instance instantiate(CompiledModule compiled, Map<String, Map<String, Object>> imports,
                                       int maxCallDepth) {
        return instantiate(compiled, imports, maxCallDepth, Arena.ofAuto(), ctx -> { });
    }

    /**
     * As {@link #instantiate(CompiledModule, Map, int)}, with the vmctx allocated in {@code arena} (whose
     * owner frees it) and {@code configure} applied to the context before any code runs (limits, fuel).
     */
    public static Instance instantiate(CompiledModule compiled, Map<String, Map<String, Object>> imports,
                                       int maxCallDepth, Arena arena,
                                       java.util.function.Consumer<InstanceContext> configure) {
        return instantiate(compiled, imports, maxCallDepth, arena.allocate(compiled.layout().memoryLayout()), configure);
    }

    /**
     * As {@link #instantiate(CompiledModule, Map, int, Arena, java.util.function.Consumer)}, in a zeroed
     * vmctx block of the layout's size provided by the caller (who frees it).
     */
    public static Instance instantiate(CompiledModule compiled, Map<String, Map<String, Object>> imports,
                                       int maxCallDepth, MemorySegment vmctx,
                                       java.util.function.Consumer<InstanceContext> configure) {
        return instantiate(InstantiationPlan.of(compiled), imports, maxCallDepth, vmctx, configure);
    }

    /** As above, with the per-module part of the work done beforehand ({@code plan}, kept by the caller). */
    public static Instance instantiate(InstantiationPlan plan, Map<String, Map<String, Object>> imports,
                                       int maxCallDepth, MemorySegment vmctx,
                                       java.util.function.Consumer<InstanceContext> configure) {
        CompiledModule compiled = plan.compiled;
        ModuleModel module = compiled.module();
        VmContextLayout layout = compiled.layout();
        InstanceContext ctx = new InstanceContext(vmctx, layout, compiled.maxExtraResults(), compiled.maxParams(),
                maxCallDepth);
        configure.accept(ctx);
        Instance instance = new Instance(compiled, ctx);
        new Instantiator(plan, ctx, instance.exports).run(imports == null ? Map.of() : imports);
        if (module.start() >= 0) instance.call(ctx.functions[module.start()], new Object[0]);
        return instance;
    }

    // ---- API ----

    /** All exports by name, as importable values (for registering this instance under a module name). */
    public Map<String, Object> exports() {
        return java.util.Collections.unmodifiableMap(exports);
    }

    /** An export by name (a FunctionRef, WasmGlobal, LinearMemory, Table or Tag), or null. */
    public Object export(String name) {
        return exports.get(name);
    }

    /** Calls an exported function; returns all its results (empty array for none). */
    public Object[] invoke(String name, Object... args) {
        if (!(exports.get(name) instanceof FunctionRef function)) {
            throw new WasmException("no exported function \"" + name + "\"");
        }
        return call(function, args);
    }

    private Object[] call(FunctionRef function, Object[] args) {
        List<ValType> params = function.type.params();
        if (args.length != params.size()) {
            throw new IllegalArgumentException(function.name + " takes " + params.size() + " arguments, got " + args.length);
        }
        for (int i = 0; i < args.length; i++) Values.check(params.get(i), args[i], "argument " + i);
        MethodHandle invoker = invokers.computeIfAbsent(function, Instance::genericInvoker);
        int outerCalls = ctx.javaCalls;
        if (outerCalls == 0) ctx.enterOutermost();
        ctx.javaCalls = outerCalls + 1;
        Object first;
        try {
            first = (Object) invoker.invokeExact(args);
            if (TailCalls.hasPending(function)) first = TailCalls.drain(function.owner, function.owner);
        } catch (StackOverflowError e) {
            // second line of defence: the JVM stack ran out before the Wasm depth limit
            throw new CallStackExhaustedTrap();
        } catch (dev.gatun.InterruptedTrap e) {
            // the interrupt request is spent on the call it stopped (as in the public API's CallGuard)
            if (outerCalls == 0) ctx.clearInterrupt();
            throw e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new WasmException("unexpected exception in " + function.name, e);
        } finally {
            ctx.javaCalls = outerCalls;
            // compiled code restores a handed-over depth on every way out; an outermost call ends at the limit anyway
            if (outerCalls == 0) ctx.entryDepth = ctx.maxCallDepth;
        }
        List<ValType> resultTypes = function.type.results();
        Object[] results = new Object[resultTypes.size()];
        for (int i = 0; i < results.length; i++) {
            ValType t = resultTypes.get(i);
            if (i == 0) results[i] = first;
            else results[i] = dev.gatun.internal.compile.JvmTypes.isObject(t) ? function.extraRefs[i - 1] : Values.fromBits(t, function.extraBits[i - 1]);
        }
        return results;
    }

    private static MethodHandle genericInvoker(FunctionRef function) {
        return function.target.asSpreader(Object[].class, function.type.params().size())
                .asType(MethodType.methodType(Object.class, Object[].class));
    }

    /** The value of an exported global (boxed). */
    public Object getGlobal(String name) {
        return global(name).value();
    }

    /** Sets an exported mutable global. */
    public void setGlobal(String name, Object value) {
        WasmGlobal global = global(name);
        if (!global.type.mutable()) throw new WasmException("global \"" + name + "\" is immutable");
        Values.check(global.type.type(), value, "global " + name);
        global.setValue(value);
    }

    private WasmGlobal global(String name) {
        if (exports.get(name) instanceof WasmGlobal g) return g;
        throw new WasmException("no exported global \"" + name + "\"");
    }

    /** Asks running code of this instance to trap at its next loop header; callable from any thread. */
    public void interrupt() {
        ctx.interrupt();
    }

    public void clearInterrupt() {
        ctx.clearInterrupt();
    }

    /** The compiled module this is an instance of (to instantiate it again without recompiling). */
    public CompiledModule compiled() {
        return compiled;
    }

    /** For tests and tools: the instance's context (vmctx and handles). */
    /**
     * Unmaps the off-heap memories this instance defined (close); imported ones belong to their definer. An
     * importer still holding one afterwards gets an {@link IllegalStateException} on access, never a crash.
     */
    public void freeOffHeapMemories() {
        int first = compiled.module().importedCount(dev.gatun.internal.model.Externals.ExternKind.MEMORY);
        for (int i = first; i < ctx.memories.length; i++) {
            if (ctx.memories[i] instanceof OffHeapMemory memory) memory.free();
        }
    }

    public InstanceContext context() {
        return ctx;
    }
}
