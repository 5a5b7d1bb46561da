package dev.gatun.spring.autoconfigure.module;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.gatun.Instance;
import dev.gatun.InstancePool;
import dev.gatun.InstancePre;
import dev.gatun.InterruptedTrap;
import dev.gatun.Module;
import dev.gatun.OutOfFuelTrap;
import dev.gatun.PoolConfig;
import dev.gatun.PoolExhaustedException;
import dev.gatun.PooledInstance;
import dev.gatun.TrapKind;
import dev.gatun.WasmTrap;
import dev.gatun.spring.autoconfigure.GatunProperties.ModuleProperties;
import dev.gatun.spring.autoconfigure.exception.WasmExecutionException;
import dev.gatun.spring.autoconfigure.exception.WasmFuelExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmPoolExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmTimeoutException;
import dev.gatun.spring.autoconfigure.exception.WasmTrapException;

/**
 * One configured module at run time: its compiled module, its pool, and the bookkeeping of its calls. Each
 * call borrows an instance, applies the deadline and fuel, runs, translates failures and gives it back (an
 * instance that trapped or was stopped is discarded by the pool).
 */
public final class WasmModuleRuntime implements AutoCloseable {
    private final String name;
    private final Module module;
    private final InstancePre pre;
    private final ModuleProperties settings;
    private final Duration engineDefaultTimeout;
    private final Supplier<List<WasmCallDecorator>> decorators;
    private final Supplier<List<WasmCallObserver>> observers;
    private final boolean exportsMemory;
    private volatile InstancePool pool;
    private final Map<TrapKind, AtomicLong> trapCounts = new EnumMap<>(TrapKind.class);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastTrap;

    WasmModuleRuntime(String name, Module module, InstancePre pre, ModuleProperties settings, Duration engineDefaultTimeout,
            Supplier<List<WasmCallDecorator>> decorators, Supplier<List<WasmCallObserver>> observers) {
        this.engineDefaultTimeout = engineDefaultTimeout;
        this.name = name;
        this.module = module;
        this.pre = pre;
        this.settings = settings;
        this.decorators = decorators;
        this.observers = observers;
        this.exportsMemory = module.exports().stream().anyMatch(e -> e.name().equals(settings.abi().memory())
                && e.type() instanceof dev.gatun.ExternType.Memory);
        for (TrapKind kind : TrapKind.values()) trapCounts.put(kind, new AtomicLong());
        this.pool = newPool();
    }

    private InstancePool newPool() {
        var p = settings.pool();
        return pre.pool(new PoolConfig(p.minIdle(), p.maxSize(), p.borrowTimeout()));
    }

    public String name() {
        return name;
    }

    public Module module() {
        return module;
    }

    public InstancePool pool() {
        return pool;
    }

    public ModuleProperties settings() {
        return settings;
    }

    public long calls() {
        return calls.get();
    }

    public long failures() {
        return failures.get();
    }

    public String lastTrap() {
        return lastTrap;
    }

    /** Traps so far, by kind (only kinds that happened). */
    public Map<String, Long> trapCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        trapCounts.forEach((kind, count) -> {
            if (count.get() > 0) counts.put(kind.name().toLowerCase(java.util.Locale.ROOT), count.get());
        });
        return counts;
    }

    /**
     * The deadline of each call: the module's timeout (else {@code gatun.engine.default-timeout}), or the shorter
     * one a decorator asks for.
     */
    public Duration effectiveTimeout() {
        Duration timeout = settings.timeout() != null ? settings.timeout() : engineDefaultTimeout;
        for (WasmCallDecorator d : decorators.get()) {
            Duration other = d.timeout(name);
            if (other != null && (timeout == null || other.compareTo(timeout) < 0)) timeout = other;
        }
        return timeout;
    }

    /** Whether every decorator would let a call through now. */
    public boolean permitsCalls() {
        return decorators.get().stream().allMatch(d -> d.permitsCalls(name));
    }

    public List<WasmCallDecorator> decorators() {
        return decorators.get();
    }

    /** Runs {@code body} on a borrowed instance, decorated (circuit breaker, bulkhead, ...). */
    public <T> T call(String function, Function<Instance, T> body) {
        Supplier<T> attempt = () -> invoke(function, body);
        for (WasmCallDecorator decorator : decorators.get()) attempt = decorator.decorate(name, function, attempt);
        return attempt.get();
    }

    private <T> T invoke(String function, Function<Instance, T> body) {
        long start = System.nanoTime();
        calls.incrementAndGet();
        Duration timeout = effectiveTimeout();
        Long fuel = settings.limits().fuel();
        long pages = -1;
        long fuelUsed = -1;
        WasmExecutionException failure = null;
        try (PooledInstance pooled = borrow(function)) {
            Instance instance = pooled.instance();
            if (timeout != null) instance.setTimeout(timeout);
            if (fuel != null) instance.setFuel(fuel);
            try {
                return body.apply(instance);
            } catch (WasmTrap trap) {
                failure = translate(function, trap, timeout);
                throw failure;
            } finally {
                if (!instance.isClosed()) {
                    if (exportsMemory) pages = instance.memory(settings.abi().memory()).pages();
                    if (fuel != null) fuelUsed = fuel - instance.fuel();
                }
            }
        } catch (WasmPoolExhaustedException e) {
            failure = e;
            throw e;
        } finally {
            if (failure != null) failures.incrementAndGet();
            WasmCallRecord record = new WasmCallRecord(name, function, System.nanoTime() - start, failure, pages, fuelUsed);
            for (WasmCallObserver observer : observers.get()) observer.called(record);
        }
    }

    private PooledInstance borrow(String function) {
        try {
            return pool.borrow();
        } catch (PoolExhaustedException e) {
            throw new WasmPoolExhaustedException(name, function, e);
        }
    }

    private WasmExecutionException translate(String function, WasmTrap trap, Duration timeout) {
        trapCounts.get(trap.kind()).incrementAndGet();
        lastTrap = trap.getMessage();
        if (trap instanceof OutOfFuelTrap) return new WasmFuelExhaustedException(name, function, trap);
        if (trap instanceof InterruptedTrap && (timeout != null || String.valueOf(trap.getMessage()).contains("deadline"))) {
            return new WasmTimeoutException(name, function, timeout, trap);
        }
        return new WasmTrapException(name, function, trap);
    }

    /** Fills the pool up to its maximum size with ready instances; returns how many are idle afterwards. */
    public int warm() {
        int max = settings.pool().maxSize();
        List<PooledInstance> borrowed = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < max; i++) borrowed.add(pool.borrow());
        } catch (PoolExhaustedException e) {
            // in use by callers: warm what is free
        } finally {
            borrowed.forEach(PooledInstance::close);
        }
        return pool.stats().idle();
    }

    /** Replaces the pool with a fresh one (borrowed instances of the old one are closed when returned). */
    public void reset() {
        InstancePool old = pool;
        pool = newPool();
        old.close();
    }

    @Override
    public void close() {
        pool.close();
    }
}
