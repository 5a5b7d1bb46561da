package dev.gatun.internal.runtime;

import dev.gatun.internal.compile.NotSupportedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;

/**
 * An unshared linear memory off the JVM heap, for what a {@code byte[]} cannot hold: every memory64, and 32-bit
 * memories declared with more than {@link HeapMemory#HEAP_PAGE_LIMIT} pages. The region is reserved once for
 * the declared maximum, capped at {@link #reservationLimitPages()} (system property
 * {@value #RESERVATION_PROPERTY}, default 8 GiB; a 32-bit memory reserves at most the 4 GiB it can address); a
 * grow beyond it returns -1.
 *
 * <p>The region lives in its own shared arena: {@link #free()} (the defining instance's close) unmaps it at once,
 * after which any access throws {@link IllegalStateException} rather than touching unmapped memory; a memory
 * dropped without close is unmapped when it becomes unreachable. One instance runs at a time, so the size is a
 * plain field.
 */
public final class OffHeapMemory extends SegmentMemory {
    /** System property: the most pages an off-heap memory reserves (and so may grow to). */
    public static final String RESERVATION_PROPERTY = "gatun.memory.maxOffHeapPages";
    private static final long DEFAULT_RESERVATION_PAGES = 131072;
    private static final long WASM32_MAX_PAGES = 65536;
    private static final Cleaner CLEANER = Cleaner.create();

    private long byteSize;
    /** The maximum the memory was declared with (import matching), or -1. */
    private final long declaredMaxPages;
    /** Consulted before growing; null when unlimited. */
    public ResourceLimiter limiter;
    /** The instance that defined this memory: its interrupt state stops long bulk operations; may be null. */
    public InstanceContext owner;
    private final Cleaner.Cleanable unmapper;

    /**
     * @param minPages initial size in pages
     * @param maxPages declared maximum in pages, or -1 for none
     * @param is64 whether it is a memory64
     */
    public OffHeapMemory(long minPages, long maxPages, boolean is64) {
        this(minPages, maxPages, is64, Arena.ofShared());
    }

    private OffHeapMemory(long minPages, long maxPages, boolean is64, Arena arena) {
        super(ReservedRegion.reserve(reservedPages(minPages, maxPages, is64) * PAGE_SIZE, arena),
                reservedPages(minPages, maxPages, is64), is64);
        this.declaredMaxPages = maxPages;
        this.byteSize = minPages * PAGE_SIZE;
        this.unmapper = CLEANER.register(this, new Unmapper(arena));
    }

    /** The most pages any off-heap memory reserves: {@value #RESERVATION_PROPERTY}, default 131072 (8 GiB). */
    public static long reservationLimitPages() {
        return Long.getLong(RESERVATION_PROPERTY, DEFAULT_RESERVATION_PAGES);
    }

    /** The declared maximum within the engine's limit; a 32-bit memory never needs more than 4 GiB. */
    private static long reservedPages(long minPages, long maxPages, boolean is64) {
        long limit = is64 ? reservationLimitPages() : Math.min(reservationLimitPages(), WASM32_MAX_PAGES);
        if (minPages > limit) {
            throw new NotSupportedException("memory of " + minPages + " pages (off-heap memories reserve at most "
                    + limit + " pages; raise " + RESERVATION_PROPERTY + ")");
        }
        return maxPages < 0 ? limit : Math.min(maxPages, limit);
    }

    /** Closes the region's arena; safe to run twice (close, then the cleaner). */
    private record Unmapper(Arena arena) implements Runnable {
        @Override
        public void run() {
            try {
                arena.close();
            } catch (IllegalStateException alreadyClosed) {
                // closed before: nothing left to free
            }
        }
    }

    /**
     * Unmaps the region now (instance close); later accesses throw {@link IllegalStateException}. The bytes it
     * held against the engine's limits are given back by the instance's own release, as for heap memories.
     */
    public void free() {
        unmapper.clean();
    }

    @Override
    public long pages() {
        return byteSize / PAGE_SIZE;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    /** The declared maximum in pages, or -1 when none was declared. */
    public long declaredMaxPages() {
        return declaredMaxPages;
    }

    @Override
    public long grow(long deltaPages) {
        long old = pages();
        if (deltaPages < 0 || deltaPages > maxPages - old) return -1;
        if (deltaPages == 0) return old;
        long newBytes = (old + deltaPages) * PAGE_SIZE;
        if (limiter != null && !limiter.memoryGrowing(byteSize, newBytes)) return -1;
        byteSize = newBytes; // the reserved region is zeroed and already mapped
        publishSize();
        return old;
    }

    /**
     * Back to the just-instantiated state for instance reuse: size {@code bytes}, {@code image} at address 0
     * and zeros after it (bytes beyond the image were zero when the snapshot was taken).
     */
    public void restore(byte[] image, long bytes) {
        long used = byteSize;
        MemorySegment.copy(image, 0, segment, ValueLayout.JAVA_BYTE, 0, image.length);
        ReservedRegion.zero(segment, image.length, used - image.length);
        if (limiter != null && used > bytes) limiter.memoryReleased(used - bytes);
        byteSize = bytes;
        publishSize();
    }

    /**
     * Maps {@code image} copy-on-write over the start of the region (whose bytes must equal the image's
     * contents, zeros after them), so that {@link #restoreMapped} can reset by dropping pages; false (memory
     * unchanged) when that is not possible.
     */
    boolean mapImage(MemoryImage image) {
        return image.mapOnto(segment);
    }

    /**
     * As {@link #restore}, for a memory whose start {@link #mapImage maps} {@code image}'s file: every page in use
     * is dropped, so written image pages refault from the file and the rest as zeros; untouched pages cost
     * nothing. Falls back to copying when the pages cannot be dropped.
     */
    public void restoreMapped(byte[] image, long bytes) {
        if (!ReservedRegion.dropPages(segment, 0, byteSize)) {
            restore(image, bytes);
            return;
        }
        if (limiter != null && byteSize > bytes) limiter.memoryReleased(byteSize - bytes);
        byteSize = bytes;
        publishSize();
    }

    /**
     * The accessible bytes up to the last non-zero one, as an array (the snapshot of a pool's instance);
     * fails clearly when that is 2 GiB or more.
     */
    public byte[] nonZeroPrefix() {
        long end = byteSize;
        final int chunk = PAGE_SIZE;
        MemorySegment zeros = MemorySegment.ofArray(new byte[chunk]);
        while (end > 0) {
            long start = Math.max(0, end - chunk);
            if (segment.asSlice(start, end - start).mismatch(zeros.asSlice(0, end - start)) >= 0) break;
            end = start;
        }
        while (end > 0 && segment.get(ValueLayout.JAVA_BYTE, end - 1) == 0) end--;
        if (end >= Integer.MAX_VALUE - 8) {
            throw new NotSupportedException("pooling an instance whose memory holds data beyond 2 GiB");
        }
        return segment.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
    }
}
