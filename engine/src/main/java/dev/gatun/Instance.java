package dev.gatun;

import dev.gatun.internal.runtime.FunctionRef;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.InstanceContext;
import dev.gatun.internal.runtime.WasmGlobal;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An instantiated module with typed access to its exports. Calls run on the calling thread; an instance is
 * not for concurrent use (one thread at a time; {@link InstancePool} hands instances out that way), except
 * {@link #interrupt()}, which any thread may call. {@link #close()} releases its off-heap vmctx block at once
 * (freed with the rest of its batch, see {@link VmContextAllocator}; a cleaner releases instances dropped
 * unclosed) and gives its resources back to the engine.
 */
public final class Instance implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    final dev.gatun.internal.runtime.Instance runtime;
    final CallGuard guard;
    private final Module module;
    private final Engine engine;
    private final Cleaner.Cleanable cleanable;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    /** The instance's WASI state when it imports WASI through {@link Linker#defineWasi}; else null. */
    WasiSession wasi;

    Instance(Module module, dev.gatun.internal.runtime.Instance runtime, Release release) {
        this.module = module;
        this.engine = module.engine();
        this.runtime = runtime;
        this.guard = new CallGuard(runtime.context());
        guard.owner = this;
        this.cleanable = CLEANER.register(this, release);
        EngineConfig config = engine.config();
        if (config.defaultTimeout != null) guard.timeoutNanos = config.defaultTimeout.toNanos();
    }

    /** Returns an instance's vmctx block and gives its resources back, exactly once (close or cleaner). */
    static final class Release implements Runnable {
        private final Engine engine;
        private final VmContextAllocator allocator;
        private final VmContextAllocator.Block vmctx;
        private final InstanceResources resources;

        Release(Engine engine, VmContextAllocator allocator, VmContextAllocator.Block vmctx,
                InstanceResources resources) {
            this.engine = engine;
            this.allocator = allocator;
            this.vmctx = vmctx;
            this.resources = resources;
            engine.liveArenas.incrementAndGet();
            engine.liveArenaBytes.addAndGet(vmctx.segment().byteSize());
        }

        @Override
        public void run() {
            allocator.release(vmctx);
            engine.liveArenas.decrementAndGet();
            engine.liveArenaBytes.addAndGet(-vmctx.segment().byteSize());
            resources.releaseAll();
            engine.liveInstances.decrementAndGet();
        }
    }

    public Module module() {
        return module;
    }

    public List<ExportType> exports() {
        return module.exports();
    }

    private Object export(String name) {
        checkOpen();
        return runtime.export(name);
    }

    private void checkOpen() {
        if (guard.closed) throw new InstanceClosedException("instance used after close()");
    }

    /** The exported function {@code name}; throws {@link UnknownExportException} if there is none. */
    public Function function(String name) {
        checkOpen();
        return functions.computeIfAbsent(name, n -> {
            if (runtime.export(n) instanceof FunctionRef ref) return new Function(this, n, ref);
            throw missing("function", n);
        });
    }

    public Memory memory(String name) {
        Object export = export(name);
        if (export instanceof HeapMemory || export instanceof dev.gatun.internal.runtime.SegmentMemory) {
            return new Memory((dev.gatun.internal.runtime.LinearMemory) export);
        }
        throw missing("memory", name);
    }

    public Global global(String name) {
        if (export(name) instanceof WasmGlobal global) return new Global(global);
        throw missing("global", name);
    }

    public Table table(String name) {
        if (export(name) instanceof dev.gatun.internal.runtime.Table table) return new Table(table);
        throw missing("table", name);
    }

    /** The exported exception tag {@code name} (to match {@link ThrownWasmException#tag()} or to throw one). */
    public ExceptionTag tag(String name) {
        if (export(name) instanceof ExceptionTag tag) return tag;
        throw missing("tag", name);
    }

    private UnknownExportException missing(String kind, String name) {
        return new UnknownExportException("no exported " + kind + " \"" + name + "\"; the exports are " + exports());
    }

    /**
     * Stops running code of this instance with an {@link InterruptedTrap} at its next function entry or loop
     * header (microseconds); any thread. Called while nothing runs, it stops the next call at once. The
     * request is cleared when the trap leaves the outermost call.
     */
    public void interrupt() {
        if (!guard.closed) runtime.interrupt();
    }

    /** A deadline for every following outermost call: each may run this long (null: no deadline). */
    public void setTimeout(Duration timeout) {
        checkOpen();
        guard.timeoutNanos = timeout == null ? 0 : Math.max(1, timeout.toNanos());
        if (timeout == null) context().limits.setDeadline(context(), dev.gatun.internal.runtime.ExecutionLimits.NO_DEADLINE);
    }

    /** Fuel left (engines with fuel only). */
    public long fuel() {
        requireFuel();
        return context().limits.fuel(context());
    }

    /** Sets the fuel left (between calls). */
    public void setFuel(long fuel) {
        requireFuel();
        context().limits.setFuel(context(), fuel);
    }

    /** Adds fuel (between calls). */
    public void addFuel(long fuel) {
        requireFuel();
        long now = fuel();
        context().limits.setFuel(context(), now > Long.MAX_VALUE - fuel ? Long.MAX_VALUE : now + fuel);
    }

    private void requireFuel() {
        checkOpen();
        if (!context().limits.fuelEnabled()) {
            throw new IllegalStateException("fuel is off for this engine (EngineConfig.Builder.consumeFuel)");
        }
    }

    /**
     * Whether a call into this instance ended with a trap (including interrupts and running out of fuel) or
     * an exception from a host function: the guest stopped midway, its state may be inconsistent.
     */
    public boolean hasTrapped() {
        return guard.trapped;
    }

    public boolean isClosed() {
        return guard.closed;
    }

    InstanceContext context() {
        return runtime.context();
    }

    /** Frees the instance's off-heap state; later use throws {@link InstanceClosedException}. Idempotent. */
    @Override
    public void close() {
        if (guard.closed) return;
        guard.closed = true;
        // a running guest stops at its next function entry or loop header (it polls a field, not the vmctx)
        context().interrupt();
        context().release();
        if (wasi != null) wasi.close();
        runtime.freeOffHeapMemories();
        cleanable.clean();
    }
}
