package dev.gatun;

import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.runtime.OffHeapMemory;
import dev.gatun.internal.runtime.ResourceLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance's share of its engine's limits: per-memory page limit, per-table element limit, and the
 * engine-wide total of reserved memory bytes (given back when the instance closes). A heap memory is charged for
 * its array's whole capacity, spare included, so the total bounds the JVM heap the memories really hold (see
 * {@link HeapMemory} for how spare capacity is sized under a total). A memory the host created
 * ({@link Memory#create}) counts against the first instance that imports it while that instance lives, so a
 * guest cannot grow it past the engine's limits either.
 */
final class InstanceResources implements ResourceLimiter {
    private final Engine engine;
    private final long maxMemoryBytes;
    private final long maxTotalBytes;
    private final long maxTableElements;
    private final AtomicLong reserved = new AtomicLong();
    /** Host-created memories this instance put under its limits; handed back on release. */
    private final List<LinearMemory> adopted = new ArrayList<>(0);

    InstanceResources(Engine engine) {
        this.engine = engine;
        EngineConfig config = engine.config();
        this.maxMemoryBytes = config.maxMemoryPages < 0 ? -1 : config.maxMemoryPages * 65536;
        this.maxTotalBytes = config.maxTotalMemoryBytes;
        this.maxTableElements = config.maxTableElements;
    }

    @Override
    public boolean memoryGrowing(long currentBytes, long desiredBytes) {
        if (maxMemoryBytes >= 0 && desiredBytes > maxMemoryBytes) return false;
        long delta = desiredBytes - currentBytes;
        while (true) {
            long total = engine.reservedMemoryBytes.get();
            if (maxTotalBytes >= 0 && total + delta > maxTotalBytes) return false;
            if (engine.reservedMemoryBytes.compareAndSet(total, total + delta)) break;
        }
        reserved.addAndGet(delta);
        return true;
    }

    @Override
    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    @Override
    public long memoryBudgetLeft() {
        return maxTotalBytes < 0 ? Long.MAX_VALUE : Math.max(0, maxTotalBytes - engine.reservedMemoryBytes.get());
    }

    @Override
    public void memoryReleased(long bytes) {
        engine.reservedMemoryBytes.addAndGet(-bytes);
        reserved.addAndGet(-bytes);
    }

    @Override
    public boolean tableGrowing(long current, long desired) {
        return maxTableElements < 0 || desired <= maxTableElements;
    }

    @Override
    public synchronized void memoryImported(LinearMemory memory, String importName) {
        switch (memory) {
            case HeapMemory heap when heap.limiter == null -> {
                charge(heap.reservedBytes(), importName);
                heap.limiter = this;
            }
            case OffHeapMemory offHeap when offHeap.limiter == null -> {
                charge(offHeap.byteSize(), importName);
                offHeap.limiter = this;
            }
            default -> {
                return; // defined by an instance (already limited), or shared (fixed maximum, never moves)
            }
        }
        adopted.add(memory);
    }

    private void charge(long bytes, String importName) {
        if (!memoryGrowing(0, bytes)) {
            throw new ResourceLimitException("imported memory " + importName + " of " + bytes
                    + " bytes is over the engine's memory limits");
        }
    }

    /** Gives everything back (the instance closed); adopted host memories are free for the next importer. */
    synchronized void releaseAll() {
        for (LinearMemory memory : adopted) {
            if (memory instanceof HeapMemory heap && heap.limiter == this) heap.limiter = null;
            if (memory instanceof OffHeapMemory offHeap && offHeap.limiter == this) offHeap.limiter = null;
        }
        adopted.clear();
        engine.reservedMemoryBytes.addAndGet(-reserved.getAndSet(0));
    }
}
