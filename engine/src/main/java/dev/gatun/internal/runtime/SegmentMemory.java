package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A linear memory off the JVM heap: one {@link ReservedRegion} spanning its maximum, so its base never moves
 * and growing only makes more of the region accessible. Compiled code reaches it through
 * {@link SegmentMemoryAccess} and {@link SegmentMemoryOps} (plain accesses through the segment, each behind our
 * bounds check against {@link #byteSize}), and atomics through {@link AtomicAccess}.
 */
public abstract sealed class SegmentMemory implements LinearMemory permits SharedMemory, OffHeapMemory {
    /** Spans the maximum size; only the first {@link #byteSize} bytes are accessible to Wasm. */
    public final MemorySegment segment;
    /** The most pages this memory may reach (its reservation). */
    final long maxPages;
    /** memory64: addressed by i64 (linking must match it). */
    public final boolean is64;
    /** This memory's definition record in its defining instance's vmctx, kept in sync on grow; null if none. */
    private MemorySegment definition;

    SegmentMemory(MemorySegment segment, long maxPages, boolean is64) {
        this.segment = segment;
        this.maxPages = maxPages;
        this.is64 = is64;
    }

    @Override
    public final long maxPages() {
        return maxPages;
    }

    @Override
    public final void write(long address, byte[] source, int sourceOffset, int length) {
        checkRange(address, length);
        MemorySegment.copy(source, sourceOffset, segment, ValueLayout.JAVA_BYTE, address, length);
    }

    @Override
    public final void read(long address, byte[] target, int targetOffset, int length) {
        checkRange(address, length);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, address, target, targetOffset, length);
    }

    /** Binds the vmctx memory definition: the base address (fixed for good), size and maximum. */
    void attachDefinition(MemorySegment record) {
        this.definition = record;
        record.set(ValueLayout.JAVA_LONG, VmContextLayout.Field.MEMORY_BASE.offsetInRecord, segment.address());
        record.set(ValueLayout.JAVA_LONG, VmContextLayout.Field.MEMORY_MAX_BYTE_LENGTH.offsetInRecord,
                maxPages * PAGE_SIZE);
        publishSize();
    }

    /** Writes the current size into the bound definition (after a grow, reset or shrink); nothing if unbound. */
    final void publishSize() {
        if (definition != null) {
            storeSize(definition, VmContextLayout.Field.MEMORY_BYTE_LENGTH.offsetInRecord, byteSize());
        }
    }

    /** A plain store; a memory other threads grow publishes its size with a volatile one. */
    void storeSize(MemorySegment record, long offset, long size) {
        record.set(ValueLayout.JAVA_LONG, offset, size);
    }

    /** Traps unless {@code [address, address + length)} lies within the accessible bytes. */
    final void checkRange(long address, long length) {
        if (address < 0 || length < 0 || address > byteSize() - length) throw new MemoryOutOfBoundsTrap();
    }
}
