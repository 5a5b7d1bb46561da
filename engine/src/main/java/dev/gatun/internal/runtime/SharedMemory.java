package dev.gatun.internal.runtime;

import dev.gatun.internal.compile.NotSupportedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A shared linear memory ({@code (memory n m shared)}): off-heap, reserved once for its declared maximum so its
 * base never moves and every thread and instance importing it sees the same bytes. Growth only publishes a
 * larger {@link #byteSize} (volatile), so it is visible to all threads at their next access. Compiled code
 * reaches it through {@link SegmentMemoryAccess} (plain accesses) and {@link AtomicAccess} (atomics).
 */
public final class SharedMemory extends SegmentMemory {
    private volatile long byteSize;
    /** Threads blocked in memory.atomic.wait on this memory, by address. */
    final WaitQueues waiters = new WaitQueues();

    public SharedMemory(long minPages, long maxPages) {
        this(minPages, maxPages, false);
    }

    /** A shared memory64 is reserved at its maximum too, so that maximum must fit the off-heap limit. */
    public SharedMemory(long minPages, long maxPages, boolean is64) {
        super(ReservedRegion.reserve(checkedMax(minPages, maxPages, is64) * PAGE_SIZE), maxPages, is64);
        this.byteSize = minPages * PAGE_SIZE;
    }

    private static long checkedMax(long minPages, long maxPages, boolean is64) {
        if (maxPages < 0) throw new IllegalArgumentException("a shared memory needs a maximum size");
        long limit = is64 ? OffHeapMemory.reservationLimitPages() : 65536;
        if (maxPages > limit) {
            throw new NotSupportedException("shared memory of " + maxPages + " pages (at most " + limit
                    + " are reserved; see " + OffHeapMemory.RESERVATION_PROPERTY + ")");
        }
        if (minPages > maxPages) throw new IllegalArgumentException("minimum " + minPages + " > maximum " + maxPages);
        return maxPages;
    }

    /** Under the grow lock, so a concurrent grow cannot publish its size before the record is bound. */
    @Override
    synchronized void attachDefinition(MemorySegment record) {
        super.attachDefinition(record);
    }

    @Override
    void storeSize(MemorySegment record, long offset, long size) {
        LENGTH_IN_RECORD.setVolatile(record, offset, size);
    }

    private static final java.lang.invoke.VarHandle LENGTH_IN_RECORD = ValueLayout.JAVA_LONG.varHandle();

    @Override
    public long pages() {
        return byteSize / PAGE_SIZE;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    /** Serialized so concurrent grows each see the previous one's result (the spec's atomic grow). */
    @Override
    public synchronized long grow(long deltaPages) {
        long old = pages();
        if (deltaPages < 0 || deltaPages > maxPages - old) return -1;
        byteSize = (old + deltaPages) * PAGE_SIZE; // the reserved region is already zeroed
        publishSize();
        return old;
    }
}
