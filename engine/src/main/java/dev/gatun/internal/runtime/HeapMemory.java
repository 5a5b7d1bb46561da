package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.WasmException;
import dev.gatun.internal.compile.NotSupportedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A linear memory in a Java {@code byte[]}: the fastest access path on HotSpot (compiled code keeps the array
 * in a JVM local and reads it through byte-array view VarHandles, see {@link HeapMemoryAccess}). Limited to
 * {@link #HEAP_PAGE_LIMIT} pages since arrays stop short of 2 GiB; growing past that fails like any other
 * failed grow (returns -1), which the spec allows. Memories declared larger, and memory64, live off-heap.
 *
 * <p>Once {@link #allowSpareCapacity allowed} (by a module whose code bounds accesses by the Wasm size: one
 * that contains memory.grow or imports a memory), the array keeps spare capacity past the Wasm size
 * ({@link #byteLength}), an eighth of its size (at least 1 MiB) from instantiation on
 * ({@link #withSpareCapacity}): a grow that fits only moves the
 * size, one that does not allocates room for about twice the new size (at most {@link #MAX_SPARE_BYTES} more,
 * capped by the maximum and by the limiter's per-memory limit, so a limited memory's heap use stays within it), so a
 * guest allocator growing page by page copies its memory a few times instead of at every grow.
 *
 * <p>Accounting: the {@link #limiter} is charged for the array's whole capacity ({@link #reservedBytes}), not just
 * the Wasm size, so an engine-wide total ({@link ResourceLimiter#memoryBudgetLeft}) bounds the heap really held. The
 * Wasm pages are charged first and must fit (else the grow returns -1 or instantiation fails, as before); spare
 * capacity is only reserved from what the total has left, in whole pages and at most half of it, so the other half
 * stays for other memories' pages: a module that fits the total by its Wasm size never fails for its own spare
 * (it just gets less, down to none), and a grow within the capacity needs no further charge. A grow past the
 * capacity charges the new array's capacity less the old one's; closing the instance gives the whole capacity back.
 *
 * <p>With spare capacity the Wasm size, not the array length, is the bound of every access: compiled code keeps
 * both the array and the size in JVM locals and reloads them after every call and grow (see
 * {@link HeapMemoryAccess}). Bytes past the size are always zero, so a grow within the capacity needs no
 * clearing; {@link #restore} re-zeroes what the guest wrote past the image. Otherwise the array is exactly
 * the Wasm size (grows reallocate exactly) and its length is the bound compiled code checks.
 */
public final class HeapMemory implements LinearMemory {
    /** The most pages a byte[] can hold (2 GiB - 64 KiB). */
    public static final long HEAP_PAGE_LIMIT = 32767;

    /** At most this much capacity is added past the new size when a grow must reallocate. */
    static final int MAX_SPARE_BYTES = 64 << 20;

    /** The memory's bytes and spare capacity (all zero past {@link #byteLength}); replaced by {@link #grow}. */
    public byte[] bytes;
    /** The Wasm size in bytes (a multiple of the page size): the bound of every access. */
    public int byteLength;
    /** Whether grows may leave the array longer than the Wasm size. */
    private boolean spareCapacity;
    private final long maxPages;
    /** Consulted before growing; null when unlimited. */
    public ResourceLimiter limiter;
    /** The instance that defined this memory: its interrupt state stops long bulk operations; may be null. */
    public InstanceContext owner;
    /** Bulk operations longer than this check for interrupts between chunks of this size. */
    static final int BULK_CHUNK = 1 << 20;
    /** The maximum the memory was declared with (import matching), or -1. */
    private final long declaredMaxPages;
    /** This memory's definition record in its owner's vmctx, kept in sync on grow; null if none. */
    private MemorySegment definition;

    /**
     * @param minPages initial size in pages
     * @param maxPages declared maximum in pages, or -1 for none
     */
    public HeapMemory(long minPages, long maxPages) {
        this.declaredMaxPages = maxPages;
        if (minPages > HEAP_PAGE_LIMIT) {
            throw new NotSupportedException("memory of " + minPages + " pages (heap memories hold at most "
                    + HEAP_PAGE_LIMIT + " pages)");
        }
        this.maxPages = maxPages < 0 ? HEAP_PAGE_LIMIT : Math.min(maxPages, HEAP_PAGE_LIMIT);
        try {
            this.bytes = new byte[(int) (minPages * PAGE_SIZE)];
            this.byteLength = bytes.length;
        } catch (OutOfMemoryError e) {
            throw new WasmException("cannot allocate a memory of " + minPages + " pages: the JVM heap is too small");
        }
    }

    /** A memory whose initial contents are {@code initialBytes} (taken, not copied; whole pages). */
    HeapMemory(byte[] initialBytes, long maxPages) {
        this.declaredMaxPages = maxPages;
        this.maxPages = maxPages < 0 ? HEAP_PAGE_LIMIT : Math.min(maxPages, HEAP_PAGE_LIMIT);
        this.bytes = initialBytes;
        this.byteLength = initialBytes.length;
    }

    /**
     * A memory of a module whose code bounds accesses by the Wasm size (see {@link #allowSpareCapacity}), with
     * {@link #initialSpareBytes} of spare capacity from the start: guest allocators grow soon after start, often
     * by a page (libsodium-generichash grows its 258 pages by one in every run), and a first grow that must
     * reallocate copies the whole memory. {@code image} (whole pages; copied) or, when null, zeros.
     */
    public static HeapMemory withSpareCapacity(byte[] image, long minPages, long maxPages, ResourceLimiter limiter) {
        long size = image != null ? image.length : minPages * PAGE_SIZE;
        long cappedMax = maxPages < 0 ? HEAP_PAGE_LIMIT : Math.min(maxPages, HEAP_PAGE_LIMIT);
        long wanted = Math.max(size, Math.min(capacityLimit(cappedMax, limiter), size + initialSpareBytes(size)));
        long capacity = reserveSpare(limiter, size, wanted); // the Wasm size itself was charged by the instantiator
        HeapMemory memory;
        try {
            memory = new HeapMemory(image != null ? Arrays.copyOf(image, (int) capacity) : new byte[(int) capacity], maxPages);
            memory.byteLength = (int) size;
        } catch (OutOfMemoryError e) {
            // no room for spare capacity: the exact array (grows will reallocate), or the plain constructor's error
            if (limiter != null && capacity > size) limiter.memoryReleased(capacity - size);
            memory = image != null ? new HeapMemory(image.clone(), maxPages) : new HeapMemory(minPages, maxPages);
        }
        memory.allowSpareCapacity();
        return memory;
    }

    /** The most bytes an array may take: the maximum in pages, or the limiter's per-memory limit if lower. */
    private static long capacityLimit(long maxPages, ResourceLimiter limiter) {
        long limit = limiter == null ? -1 : limiter.maxMemoryBytes();
        return limit < 0 ? maxPages * PAGE_SIZE : Math.min(maxPages * PAGE_SIZE, limit);
    }

    /**
     * Reserves spare capacity past {@code heldBytes} (already charged) towards {@code wantedBytes}: all of it
     * without a limiter, else whole pages from at most half of what the limiter's total has left; none when that
     * is refused. Returns the capacity now charged (at least {@code heldBytes}).
     */
    private static long reserveSpare(ResourceLimiter limiter, long heldBytes, long wantedBytes) {
        if (limiter == null || wantedBytes <= heldBytes) return Math.max(heldBytes, wantedBytes);
        long spare = Math.min(wantedBytes - heldBytes, limiter.memoryBudgetLeft() / 2) / PAGE_SIZE * PAGE_SIZE;
        return spare > 0 && limiter.memoryGrowing(heldBytes, heldBytes + spare) ? heldBytes + spare : heldBytes;
    }

    /** Spare capacity a growing memory starts with: an eighth of its size, at least 1 MiB. */
    static long initialSpareBytes(long byteLength) {
        return Math.max(16L * PAGE_SIZE, byteLength / 8);
    }

    /**
     * Whether a memory of these limits is kept in a heap array: unshared 32-bit memories whose minimum fits.
     * The rest live off-heap ({@link OffHeapMemory}, {@link SharedMemory}); the compiler decides the same way.
     */
    public static boolean fits(dev.gatun.internal.model.Limits limits) {
        return !limits.shared() && !limits.is64() && limits.min() <= HEAP_PAGE_LIMIT;
    }

    /** Binds the vmctx memory definition this memory mirrors its size into. */
    void attachDefinition(MemorySegment record) {
        this.definition = record;
        publishSize();
    }

    private void publishSize() {
        if (definition == null) return;
        definition.set(ValueLayout.JAVA_LONG, VmContextLayout.Field.MEMORY_BYTE_LENGTH.offsetInRecord,
                (long) byteLength);
        definition.set(ValueLayout.JAVA_LONG, VmContextLayout.Field.MEMORY_MAX_BYTE_LENGTH.offsetInRecord,
                maxPages * PAGE_SIZE);
    }

    @Override
    public long pages() {
        return byteLength / PAGE_SIZE;
    }

    @Override
    public long byteSize() {
        return byteLength;
    }

    /** The bytes the array holds, spare capacity included: what a {@link #limiter} is charged for. */
    public long reservedBytes() {
        return bytes.length;
    }

    /** Lets grows keep spare capacity: only for memories whose every accessor bounds by the Wasm size. */
    public void allowSpareCapacity() {
        spareCapacity = true;
    }

    /** A copy of the bytes within the Wasm size. */
    public byte[] contents() {
        return Arrays.copyOf(bytes, byteLength);
    }

    /** The declared maximum in pages, or -1 when none was declared. */
    public long declaredMaxPages() {
        return declaredMaxPages;
    }

    @Override
    public long maxPages() {
        return maxPages;
    }

    @Override
    public long grow(long deltaPages) {
        long old = pages();
        if (deltaPages < 0 || deltaPages > maxPages - old) return -1;
        if (deltaPages == 0) return old;
        long newBytes = (old + deltaPages) * PAGE_SIZE;
        if (newBytes <= bytes.length) {
            // within the capacity, which is already charged: only the per-memory limit applies
            long limit = limiter == null ? -1 : limiter.maxMemoryBytes();
            if (limit >= 0 && newBytes > limit) return -1;
        } else {
            long held = bytes.length;
            if (limiter != null && !limiter.memoryGrowing(held, newBytes)) return -1;
            if (!reallocate((int) newBytes)) {
                if (limiter != null) limiter.memoryReleased(newBytes - held);
                return -1; // the JVM heap could not back it: a failed grow, not a crash
            }
        }
        byteLength = (int) newBytes;
        publishSize();
        return old;
    }

    /**
     * Moves the bytes into an array of at least {@code needed} bytes (already charged), with spare capacity when
     * the limiter's budget and the heap allow; false when not even {@code needed} can be allocated.
     */
    private boolean reallocate(int needed) {
        long maxBytes = capacityLimit(maxPages, limiter);
        long wanted = spareCapacity
                ? Math.max(needed, Math.min(maxBytes, needed + (long) Math.min(needed, MAX_SPARE_BYTES))) : needed;
        long withSpare = reserveSpare(limiter, needed, wanted);
        byte[] larger;
        try {
            larger = new byte[(int) withSpare];
        } catch (OutOfMemoryError e) {
            if (limiter != null && withSpare > needed) limiter.memoryReleased(withSpare - needed);
            try {
                larger = new byte[needed];
            } catch (OutOfMemoryError again) {
                return false;
            }
        }
        System.arraycopy(bytes, 0, larger, 0, byteLength);
        bytes = larger;
        return true;
    }

    /** memory.size for compiled code (i32 address type). */
    public static int size(HeapMemory memory) {
        return (int) memory.pages();
    }

    /** memory.grow for compiled code: delta is an unsigned i32; returns the old size or -1. */
    public static int grow(int deltaPages, HeapMemory memory) {
        return (int) memory.grow(Integer.toUnsignedLong(deltaPages));
    }

    // ---- bulk memory for compiled code: operands in Wasm stack order, unsigned i32 addresses ----

    /** memory.fill: bounds are checked before anything is written. */
    public static void fill(int address, int value, int length, HeapMemory memory) {
        long start = Integer.toUnsignedLong(address);
        long n = Integer.toUnsignedLong(length);
        memory.checkRange(start, n);
        int from = (int) start;
        int end = (int) (start + n);
        while (end - from > BULK_CHUNK) { // a long fill stays interruptible
            java.util.Arrays.fill(memory.bytes, from, from + BULK_CHUNK, (byte) value);
            from += BULK_CHUNK;
            if (memory.owner != null) memory.owner.checkInterruptedInBulk();
        }
        java.util.Arrays.fill(memory.bytes, from, end, (byte) value);
    }

    /** memory.copy between two (possibly equal) memories; overlapping ranges copy as if through a buffer. */
    public static void copy(int destination, int source, int length, HeapMemory target, HeapMemory origin) {
        long d = Integer.toUnsignedLong(destination);
        long s = Integer.toUnsignedLong(source);
        long n = Integer.toUnsignedLong(length);
        target.checkRange(d, n);
        origin.checkRange(s, n);
        if (n > BULK_CHUNK && target.owner != null) target.owner.checkInterruptedInBulk();
        System.arraycopy(origin.bytes, (int) s, target.bytes, (int) d, (int) n);
        if (n > BULK_CHUNK && target.owner != null) target.owner.checkInterruptedInBulk();
    }

    /**
     * Back to the just-instantiated state for instance reuse: {@code image} (the initial contents, data
     * segments applied) copied over, the length back to the image's, the vmctx record updated.
     */
    public void restore(byte[] image) {
        if (bytes.length < image.length || (!spareCapacity && bytes.length != image.length)) {
            long held = bytes.length;
            bytes = image.clone(); // without spare capacity the array length is the bound
            if (limiter != null && held > bytes.length) limiter.memoryReleased(held - bytes.length);
        } else {
            System.arraycopy(image, 0, bytes, 0, image.length);
            // what the guest wrote past the image must read as zero after a later grow
            if (byteLength > image.length) Arrays.fill(bytes, image.length, byteLength, (byte) 0);
        }
        if (byteLength != image.length) {
            byteLength = image.length; // a kept array stays charged: its capacity is still held
            publishSize();
        }
    }

    /** memory.init from a data segment (a dropped segment is empty). */
    public static void init(int destination, int source, int length, HeapMemory memory, InstanceContext ctx,
                            int segment) {
        byte[] data = ctx.dataSegments[segment];
        long d = Integer.toUnsignedLong(destination);
        long s = Integer.toUnsignedLong(source);
        long n = Integer.toUnsignedLong(length);
        memory.checkRange(d, n);
        if (s + n > data.length) throw new MemoryOutOfBoundsTrap();
        System.arraycopy(data, (int) s, memory.bytes, (int) d, (int) n);
    }

    @Override
    public void write(long address, byte[] source, int sourceOffset, int length) {
        checkRange(address, length);
        System.arraycopy(source, sourceOffset, bytes, (int) address, length);
    }

    @Override
    public void read(long address, byte[] target, int targetOffset, int length) {
        checkRange(address, length);
        System.arraycopy(bytes, (int) address, target, targetOffset, length);
    }

    private void checkRange(long address, long length) {
        if (address < 0 || length < 0 || address > byteLength - length) throw new MemoryOutOfBoundsTrap();
    }
}
