package dev.gatun.internal.runtime;

import dev.gatun.WasmException;
import dev.gatun.internal.compile.NotSupportedException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Zeroed off-heap address space reserved once for an off-heap memory's maximum size (a {@link SharedMemory},
 * or an {@link OffHeapMemory}), so its base never moves.
 * On Linux it is an anonymous {@code mmap} with {@code MAP_NORESERVE}: the kernel commits pages only when
 * touched, so a 4 GiB maximum costs nothing until used. Elsewhere it falls back to an arena allocation of the
 * whole size, for maxima up to {@link #ARENA_LIMIT}. Either way the region is freed when the segment becomes
 * unreachable.
 */
final class ReservedRegion {
    private ReservedRegion() {}

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final long MAP_FAILED = -1;
    /** Without mmap the whole maximum is allocated (and zeroed) at once: only for modest maxima. */
    private static final long ARENA_LIMIT = 256L << 20;

    private static final int MADV_DONTNEED = 4;
    private static final long OS_PAGE = 4096;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        if (System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            } catch (RuntimeException | Error e) {
                mmap = null; // no native access: use arena allocation
                munmap = null;
                madvise = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    /** A zeroed region of {@code bytes} bytes (at least page-aligned), or a clear error when none can be had. */
    static MemorySegment reserve(long bytes) {
        return reserve(bytes, Arena.ofAuto());
    }

    /**
     * As {@link #reserve(long)}, the region living as long as {@code arena}: closing it unmaps the region
     * (and later accesses through the segment throw instead of touching unmapped memory).
     */
    static MemorySegment reserve(long bytes, Arena arena) {
        long length = Math.max(bytes, 1);
        if (MMAP != null) {
            long address;
            try {
                address = (long) MMAP.invokeExact(0L, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L);
            } catch (Throwable e) {
                throw new IllegalStateException("mmap of " + length + " bytes failed", e);
            }
            if (address == MAP_FAILED || address == 0) {
                // out of address space (e.g. a module declaring thousands of 4 GiB memories): say so, never
                // fall back to committing the whole size
                throw new WasmException("cannot reserve " + length + " bytes of address space for an off-heap memory (mmap"
                        + " failed: address space or overcommit limit reached)");
            }
            return MemorySegment.ofAddress(address).reinterpret(length, arena, region -> unmap(region.address(), length));
        }
        if (length > ARENA_LIMIT) {
            throw new NotSupportedException("off-heap memory of " + length + " bytes without mmap (at most "
                    + ARENA_LIMIT + " bytes are committed up front)");
        }
        try {
            return arena.allocate(length, 4096);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            throw new WasmException("cannot reserve " + length + " bytes for an off-heap memory");
        }
    }

    /**
     * Zeroes {@code length} bytes at {@code offset}. With mmap, whole OS pages inside the range are handed back
     * to the kernel (they read as zero again and stop counting as resident); only the ragged ends are written.
     */
    static void zero(MemorySegment region, long offset, long length) {
        if (length <= 0) return;
        long start = offset;
        long end = offset + length;
        if (MADVISE != null && length >= 4 * OS_PAGE) {
            long firstPage = (region.address() + start + OS_PAGE - 1) & -OS_PAGE;
            long lastPage = (region.address() + end) & -OS_PAGE;
            try {
                int result = (int) MADVISE.invokeExact(firstPage, lastPage - firstPage, MADV_DONTNEED);
                if (result == 0) {
                    region.asSlice(start, firstPage - region.address() - start).fill((byte) 0);
                    region.asSlice(lastPage - region.address(), region.address() + end - lastPage).fill((byte) 0);
                    return;
                }
            } catch (Throwable e) {
                // fall through to writing zeros
            }
        }
        region.asSlice(start, length).fill((byte) 0);
    }

    /** Whether regions are mmap-reserved (Linux), so pages can be dropped and files mapped over them. */
    static boolean mapsPages() {
        return MMAP != null;
    }

    static long roundUpToOsPage(long bytes) {
        return (bytes + OS_PAGE - 1) & -OS_PAGE;
    }

    /**
     * {@code mmap} of {@code length} bytes of file {@code fd} from its start, read-write, with {@code flags} (at
     * {@code address} when they include MAP_FIXED); the mapped address, or -1 when it failed.
     */
    static long mapFile(long address, long length, int flags, int fd) {
        if (MMAP == null) return MAP_FAILED;
        try {
            long mapped = (long) MMAP.invokeExact(address, length, PROT_READ_WRITE, flags, fd, 0L);
            return mapped == 0 ? MAP_FAILED : mapped;
        } catch (Throwable e) {
            return MAP_FAILED;
        }
    }

    static void unmapPages(long address, long length) {
        unmap(address, length);
    }

    /**
     * Drops the pages of {@code [offset, offset + length)} (both OS-page aligned within {@code region}) with
     * {@code madvise(MADV_DONTNEED)}: anonymous pages read as zero again, pages of a private file mapping refault
     * from the file. False when that is not possible here or failed (the pages are then unchanged).
     */
    static boolean dropPages(MemorySegment region, long offset, long length) {
        if (MADVISE == null) return false;
        if (length <= 0) return true;
        try {
            return (int) MADVISE.invokeExact(region.address() + offset, roundUpToOsPage(length), MADV_DONTNEED) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static void unmap(long address, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(address, length);
        } catch (Throwable e) {
            // freeing address space at cleanup: nothing sensible to do on failure
        }
    }
}
