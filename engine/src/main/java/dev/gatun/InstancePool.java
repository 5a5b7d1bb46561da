package dev.gatun;

import dev.gatun.internal.runtime.ExecutionLimits;
import dev.gatun.internal.runtime.InstanceContext;
import dev.gatun.internal.runtime.InstanceSnapshot;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pool of instances of one {@link InstancePre}. A borrowed instance belongs to one thread until
 * it is returned; on return it is put back into its just-instantiated state (memories copied from the image
 * taken after instantiation, globals, tables, dropped segments, fuel restored), which costs a copy of its
 * memory instead of a new instantiation. An instance that trapped (including interrupts, deadlines and fuel)
 * is closed, never reused, and so is one whose state cannot be restored exactly (it defines a shared memory,
 * which other threads may write through its export). Closing the pool closes idle instances at once and
 * borrowed ones when returned.
 *
 * <p>Which pages the guest wrote is not tracked in compiled code: that needs a mark per store (measured
 * +54..78% on a store-heavy loop). Heap memories ({@code byte[]}) are reset by copying their whole image back.
 * Off-heap memories (all of them with {@link EngineConfig.Builder#offHeapMemories}, else memory64 and very large
 * ones) are, on Linux, mapped copy-on-write from one image file per pool, and reset by dropping their pages
 * ({@code madvise}), so the kernel's page tables say what was written and a reset costs only that (each written
 * page then faults once on its next use); elsewhere they are copied back too. Measured on the 1 MiB data image
 * with one page written per call: borrow+call+return ≈ 7 µs mapped, ≈ 40 µs copied. Closing the pool closes the image file (instances still borrowed keep their mapping
 * until they are returned and closed).
 */
public final class InstancePool implements AutoCloseable {
    /** A pooled instance and its reset image. */
    static final class Entry {
        final Instance instance;
        final InstanceSnapshot snapshot;

        Entry(Instance instance, InstanceSnapshot sibling) {
            this.instance = instance;
            this.snapshot = InstanceSnapshot.of(instance.runtime, sibling);
        }
    }

    private final InstancePre pre;
    private final PoolConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Entry> idle = new ArrayDeque<>();
    private int size;
    private int inUse;
    private long created;
    private long reset;
    private long discarded;
    private long waits;
    private boolean closed;
    /** The first snapshot taken: later instances share its memory images when equal (one data image). */
    private volatile InstanceSnapshot firstSnapshot;
    /**
     * Snapshots that made their own image files: the first one, and any taken concurrently with it before it
     * was published. Closing the pool closes their files.
     */
    private final java.util.List<InstanceSnapshot> imageOwners = new java.util.ArrayList<>();

    private InstancePool(InstancePre pre, PoolConfig config) {
        this.pre = pre;
        this.config = config;
    }

    /** A pool with {@code config.minIdle()} instances created up front. */
    public static InstancePool create(InstancePre pre, PoolConfig config) {
        InstancePool pool = new InstancePool(pre, config);
        try {
            for (int i = 0; i < config.minIdle(); i++) {
                Entry entry = pool.newEntry();
                pool.lock.lock();
                try {
                    pool.size++;
                    pool.idle.push(entry);
                } finally {
                    pool.lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    private Entry newEntry() {
        InstanceSnapshot sibling = firstSnapshot;
        Entry entry = new Entry(pre.instantiate(), sibling);
        lock.lock();
        try {
            if (firstSnapshot == null) firstSnapshot = entry.snapshot;
            if (sibling == null) imageOwners.add(entry.snapshot);
            if (closed) entry.snapshot.releaseImages(); // raced with close(): it maps nothing new any more
            created++;
        } finally {
            lock.unlock();
        }
        return entry;
    }

    /**
     * An instance for the calling thread: an idle one, a new one while below the maximum size, else the
     * first one returned within the borrow timeout ({@link PoolExhaustedException} after it).
     */
    public PooledInstance borrow() {
        long deadline = System.nanoTime() + config.borrowTimeout().toNanos();
        boolean waited = false;
        lock.lock();
        try {
            while (true) {
                if (closed) throw new IllegalStateException("instance pool is closed");
                Entry entry = idle.poll();
                if (entry != null) {
                    inUse++;
                    return new PooledInstance(this, entry);
                }
                if (size < config.maxSize()) {
                    size++;
                    inUse++;
                    break; // instantiate outside the lock
                }
                if (!waited) {
                    waited = true;
                    waits++;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PoolExhaustedException("no pooled instance became free within " + config.borrowTimeout()
                            + " (all " + config.maxSize() + " in use)");
                }
                try {
                    available.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PoolExhaustedException("interrupted while waiting for a pooled instance");
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            return new PooledInstance(this, newEntry());
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                size--;
                inUse--;
                available.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    void giveBack(Entry entry) {
        Instance instance = entry.instance;
        InstanceContext ctx = instance.context();
        boolean reusable = !instance.isClosed() && !instance.hasTrapped() && !ctx.interruptRequested()
                && entry.snapshot.restorable();
        lock.lock();
        try {
            reusable &= !closed;
        } finally {
            lock.unlock();
        }
        if (reusable) {
            entry.snapshot.restore(instance.runtime);
            restoreLimits(instance, ctx);
            if (instance.wasi != null) {
                try {
                    instance.wasi.reset();
                } catch (RuntimeException e) {
                    reusable = false; // no fresh WASI state (e.g. a preopen vanished): not reusable
                    instance.close();
                }
            }
        } else {
            instance.close();
        }
        boolean replenish;
        lock.lock();
        try {
            inUse--;
            if (reusable) {
                reset++;
                idle.push(entry);
            } else {
                size--;
                discarded++;
            }
            replenish = !closed && idle.size() < config.minIdle() && size < config.maxSize();
            if (replenish) size++;
            available.signal();
        } finally {
            lock.unlock();
        }
        if (replenish) replenish();
    }

    /** Brings the idle count back up to minIdle after a discard (the slot in {@code size} is reserved). */
    private void replenish() {
        Entry fresh;
        try {
            fresh = newEntry();
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                size--;
            } finally {
                lock.unlock();
            }
            return; // borrow() will instantiate (and report the failure) when it needs one
        }
        lock.lock();
        try {
            if (closed) {
                size--;
                discarded++;
                fresh.instance.close();
            } else {
                idle.push(fresh);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void restoreLimits(Instance instance, InstanceContext ctx) {
        EngineConfig engine = pre.module().engine().config();
        instance.guard.timeoutNanos = engine.defaultTimeout == null ? 0 : engine.defaultTimeout.toNanos();
        ctx.limits.setDeadline(ctx, ExecutionLimits.NO_DEADLINE);
        if (engine.consumeFuel) ctx.limits.setFuel(ctx, engine.initialFuel);
    }

    public PoolStats stats() {
        lock.lock();
        try {
            return new PoolStats(size, idle.size(), inUse, created, reset, discarded, waits);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes idle instances and the memory image files now; borrowed ones are closed when returned. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Entry entry; (entry = idle.poll()) != null; ) {
                entry.instance.close();
                size--;
                discarded++;
            }
            for (InstanceSnapshot owner : imageOwners) owner.releaseImages();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

}
