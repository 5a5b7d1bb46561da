package dev.gatun.internal.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;

/**
 * An off-heap memory's initial contents in an anonymous in-memory file ({@code memfd_create}), written once per
 * module and mapped copy-on-write ({@code MAP_PRIVATE | MAP_FIXED}) over the start of each pooled instance's
 * reserved region. Untouched pages are the file's page-cache pages, shared by all instances; a written page becomes
 * the instance's private copy, and {@link ReservedRegion#dropPages} throws those copies away, so the pages refault
 * from the file (and the anonymous rest of the region as zeros): a reset then costs what the guest wrote, not the
 * image's size. This is wasmtime's "memory image" for its pooling allocator.
 *
 * <p>Linux only (and only where {@link ReservedRegion} reserves with mmap); {@link #create} returns null
 * elsewhere or when a call fails, and callers copy the image instead. The file descriptor is closed by
 * {@link #close()} (or when the image becomes unreachable); existing mappings keep the file alive on their own.
 */
final class MemoryImage {
    private static final int MFD_CLOEXEC = 1;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED = 0x01;
    private static final int MAP_PRIVATE_FIXED = 0x02 | 0x10;
    private static final long MAP_FAILED = -1;
    private static final Cleaner CLEANER = Cleaner.create();

    private static final MethodHandle MEMFD_CREATE;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle memfdCreate = null;
        MethodHandle ftruncate = null;
        MethodHandle close = null;
        if (ReservedRegion.mapsPages()) {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                memfdCreate = linker.downcallHandle(libc.find("memfd_create").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                ftruncate = linker.downcallHandle(libc.find("ftruncate").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                close = linker.downcallHandle(libc.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            } catch (RuntimeException | Error e) {
                memfdCreate = null; // no memfd: pools copy images instead
            }
        }
        MEMFD_CREATE = memfdCreate;
        FTRUNCATE = ftruncate;
        CLOSE = close;
    }

    /** The file descriptor; owned by {@link #closer}, which closes it once. */
    private final FileDescriptorCloser closer;
    /** The file's (and every mapping's) length: the image rounded up to whole OS pages. */
    final long mappedBytes;
    private final Cleaner.Cleanable cleanable;

    private MemoryImage(int fd, long mappedBytes) {
        this.closer = new FileDescriptorCloser(fd);
        this.mappedBytes = mappedBytes;
        this.cleanable = CLEANER.register(this, closer);
    }

    /** Whether this platform can map images at all (else {@link #create} always returns null). */
    static boolean available() {
        return MEMFD_CREATE != null;
    }

    /**
     * An image of {@code contents} (what an instance's memory holds from address 0; zeros after it), or null when
     * it cannot be had here (not Linux, no memfd, a failing call) or {@code contents} is empty.
     */
    static MemoryImage create(byte[] contents) {
        if (MEMFD_CREATE == null || contents.length == 0) return null;
        long length = ReservedRegion.roundUpToOsPage(contents.length);
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) MEMFD_CREATE.invokeExact(arena.allocateFrom("gatun-memory-image"), MFD_CLOEXEC);
        } catch (Throwable e) {
            return null;
        }
        if (fd < 0) return null;
        MemoryImage image = new MemoryImage(fd, length);
        if (!image.fill(fd, contents)) {
            image.close();
            return null;
        }
        return image;
    }

    /** Sizes the file and writes {@code contents} through a temporary shared mapping; false when a call failed. */
    private boolean fill(int fd, byte[] contents) {
        try {
            if ((int) FTRUNCATE.invokeExact(fd, mappedBytes) != 0) return false;
        } catch (Throwable e) {
            return false;
        }
        long address = ReservedRegion.mapFile(0, mappedBytes, MAP_SHARED, fd);
        if (address == MAP_FAILED) return false;
        try {
            MemorySegment file = MemorySegment.ofAddress(address).reinterpret(mappedBytes);
            MemorySegment.copy(contents, 0, file, ValueLayout.JAVA_BYTE, 0, contents.length);
        } finally {
            ReservedRegion.unmapPages(address, mappedBytes);
        }
        return true;
    }

    /**
     * Maps the image copy-on-write over the first {@link #mappedBytes} of {@code region} (an mmap-reserved region
     * at least that long), replacing what was there; false (region unchanged) when that fails or the image was
     * closed. Synchronized with {@link #close()} so a closed descriptor number, perhaps reused by then, is never
     * mapped.
     */
    synchronized boolean mapOnto(MemorySegment region) {
        if (closer.closed || region.byteSize() < mappedBytes) return false;
        long address = ReservedRegion.mapFile(region.address(), mappedBytes, MAP_PRIVATE_FIXED, closer.fd);
        return address == region.address();
    }

    /** Closes the file descriptor (mappings made from it stay valid); idempotent. */
    synchronized void close() {
        cleanable.clean();
    }

    /** Closes the descriptor once, explicitly or when the image is unreachable. */
    private static final class FileDescriptorCloser implements Runnable {
        final int fd;
        volatile boolean closed;

        FileDescriptorCloser(int fd) {
            this.fd = fd;
        }

        @Override
        public void run() {
            if (closed) return;
            closed = true;
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable e) {
                // releasing a descriptor at cleanup: nothing sensible to do on failure
            }
        }
    }
}
