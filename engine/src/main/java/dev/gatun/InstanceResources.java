package dev.gatun;

import dev.gatun.internal.runtime.ResourceLimiter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance's share of its engine's limits: per-memory page limit, per-table element limit, and the
 * engine-wide total of reserved memory bytes (given back when the instance closes).
 */
final class InstanceResources implements ResourceLimiter {
    private final Engine engine;
    private final long maxMemoryBytes;
    private final long maxTotalBytes;
    private final long maxTableElements;
    private final AtomicLong reserved = new AtomicLong();

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
    public void memoryReleased(long bytes) {
        engine.reservedMemoryBytes.addAndGet(-bytes);
        reserved.addAndGet(-bytes);
    }

    @Override
    public boolean tableGrowing(long current, long desired) {
        return maxTableElements < 0 || desired <= maxTableElements;
    }

    /** Gives everything back (the instance closed). */
    void releaseAll() {
        engine.reservedMemoryBytes.addAndGet(-reserved.getAndSet(0));
    }
}
