package dev.gatun.internal.runtime;

/**
 * A linear memory instance, whatever its backing. Compiled code uses the concrete {@link HeapMemory} for
 * unshared 32-bit memories whose declared minimum fits in a {@code byte[]} ({@link HeapMemory#fits}), and a
 * {@link SegmentMemory} (off-heap: {@link SharedMemory}, {@link OffHeapMemory}) for the rest, each with its own
 * access path in the compiler.
 */
public interface LinearMemory {
    int PAGE_SIZE = 65536;

    /** Current size in pages. */
    long pages();

    /** Current size in bytes. */
    long byteSize();

    /** Maximum size in pages this memory may grow to (declared maximum, or the implementation's limit). */
    long maxPages();

    /**
     * Grows by {@code deltaPages} (unsigned) pages; returns the old size in pages, or -1 (memory unchanged)
     * when the result would exceed the maximum or the implementation's limit.
     */
    long grow(long deltaPages);

    /** Copies bytes in (instantiation's data segments, hosts); traps when out of bounds. */
    void write(long address, byte[] source, int sourceOffset, int length);

    /** Copies bytes out; traps when out of bounds. */
    void read(long address, byte[] target, int targetOffset, int length);
}
