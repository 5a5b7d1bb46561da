package dev.gatun;

import dev.gatun.internal.runtime.AtomicMemoryView;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.runtime.OffHeapMemory;
import dev.gatun.internal.runtime.SegmentMemory;
import dev.gatun.internal.runtime.SharedMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A linear memory: an instance's export, the caller's memory in a host function, or a host-created one to
 * import. Multi-byte values are little-endian as in Wasm; an access outside the memory throws
 * {@link MemoryOutOfBoundsTrap} (inside a host function that becomes the guest's trap). A shared memory
 * ({@link #isShared()}) may be used from several threads; {@link #atomics()} gives its synchronizing view.
 * Memories of more than 32767 pages, and every memory64, live off the JVM heap; addresses are {@code long}
 * throughout, so the same calls reach past 2 GiB there.
 */
public final class Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The runtime memory: a {@link HeapMemory}, or off-heap (then {@link #offHeap} is set). */
    final LinearMemory memory;
    /** Set for off-heap memories (shared ones, memory64, and those above 2 GiB). */
    private final SegmentMemory offHeap;
    private AtomicMemory atomics;

    Memory(LinearMemory memory) {
        if (!(memory instanceof HeapMemory) && !(memory instanceof SegmentMemory)) {
            throw new IllegalArgumentException("no public view of a " + memory.getClass().getSimpleName());
        }
        this.memory = memory;
        this.offHeap = memory instanceof SegmentMemory s ? s : null;
    }

    /**
     * A host memory to import: {@code minPages} 64 KiB pages, growable to {@code maxPages} (-1: no maximum).
     * Up to 32767 pages it is a heap array, as modules declaring such a minimum expect; above, it is off-heap,
     * as modules declaring a minimum above 32767 pages expect.
     */
    public static Memory create(long minPages, long maxPages) {
        if (minPages > HeapMemory.HEAP_PAGE_LIMIT) return new Memory(new OffHeapMemory(minPages, maxPages, false));
        return new Memory(new HeapMemory(minPages, maxPages));
    }

    /**
     * A 32-bit host memory kept off-heap whatever its size, as modules of an engine with
     * {@link EngineConfig.Builder#offHeapMemories} expect for their imports.
     */
    public static Memory createOffHeap(long minPages, long maxPages) {
        return new Memory(new OffHeapMemory(minPages, maxPages, false));
    }

    /** A host memory64 to import into modules declaring {@code (memory i64 ...)}; it lives off-heap. */
    public static Memory create64(long minPages, long maxPages) {
        return new Memory(new OffHeapMemory(minPages, maxPages, true));
    }

    /**
     * A host shared memory to import into modules declaring {@code (memory min max shared)}: its bytes never
     * move and growth is seen by every instance and thread. A maximum is required (at most 65536 pages).
     */
    public static Memory createShared(long minPages, long maxPages) {
        if (maxPages < 0) throw new IllegalArgumentException("a shared memory needs a maximum size");
        return new Memory(new SharedMemory(minPages, maxPages));
    }

    /** Whether this is a shared memory (declared {@code shared}, or made by {@link #createShared}). */
    public boolean isShared() {
        return memory instanceof SharedMemory;
    }

    /** Whether this is a memory64 (addressed by i64). */
    public boolean is64() {
        return offHeap != null && offHeap.is64;
    }

    /**
     * The atomic view of this shared memory, for synchronizing with Wasm threads.
     *
     * @throws IllegalStateException if the memory is not shared (Wasm cannot wait on those either)
     */
    public AtomicMemory atomics() {
        if (!(memory instanceof SharedMemory shared)) {
            throw new IllegalStateException("atomics need a shared memory; this memory is not shared");
        }
        AtomicMemory view = atomics;
        if (view == null) atomics = view = new AtomicMemory(new AtomicMemoryView(shared));
        return view;
    }

    public long pages() {
        return memory.pages();
    }

    public long byteSize() {
        return memory.byteSize();
    }

    /** Grows by {@code deltaPages}; returns the old size in pages, or -1 when over a maximum or limit. */
    public long grow(long deltaPages) {
        return memory.grow(deltaPages);
    }

    private byte[] heap() {
        return ((HeapMemory) memory).bytes;
    }

    /** The off-heap memory's accessible bytes, checked to hold {@code length} bytes at {@code address}. */
    private MemorySegment offHeapAt(long address, int length) {
        if (address < 0 || length < 0 || address > offHeap.byteSize() - (long) length) throw new MemoryOutOfBoundsTrap();
        return offHeap.segment;
    }

    private int at(long address, int length) {
        if (address < 0 || length < 0 || address > memory.byteSize() - length) throw new MemoryOutOfBoundsTrap();
        return (int) address;
    }

    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        memory.read(address, out, 0, length);
        return out;
    }

    public void read(long address, byte[] target, int offset, int length) {
        memory.read(address, target, offset, length);
    }

    public void write(long address, byte[] source) {
        memory.write(address, source, 0, source.length);
    }

    public void write(long address, byte[] source, int offset, int length) {
        memory.write(address, source, offset, length);
    }

    /** {@code length} bytes at {@code address} decoded as UTF-8. */
    public String readString(long address, int length) {
        if (offHeap != null) return new String(read(address, length), StandardCharsets.UTF_8);
        int at = at(address, length);
        return new String(heap(), at, length, StandardCharsets.UTF_8);
    }

    /** Writes {@code text} as UTF-8 (no terminator); returns the number of bytes written. */
    public int writeString(long address, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(address, bytes);
        return bytes.length;
    }

    /** A NUL-terminated UTF-8 string starting at {@code address}. */
    public String readCString(long address) {
        if (offHeap != null) return readOffHeapCString(address);
        byte[] bytes = heap();
        int start = at(address, 0);
        int size = (int) memory.byteSize(); // the array has spare capacity past the Wasm size
        int end = start;
        while (end < size && bytes[end] != 0) end++;
        if (end == size) throw new MemoryOutOfBoundsTrap();
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    private String readOffHeapCString(long address) {
        MemorySegment bytes = offHeapAt(address, 0);
        long end = address;
        long size = offHeap.byteSize();
        while (end < size && bytes.get(ValueLayout.JAVA_BYTE, end) != 0) end++;
        if (end == size) throw new MemoryOutOfBoundsTrap();
        if (end - address > Integer.MAX_VALUE) throw new IllegalArgumentException("string longer than 2 GiB");
        return new String(read(address, (int) (end - address)), StandardCharsets.UTF_8);
    }

    public byte getByte(long address) {
        if (offHeap != null) return offHeapAt(address, 1).get(ValueLayout.JAVA_BYTE, address);
        return heap()[at(address, 1)];
    }

    public void putByte(long address, byte value) {
        if (offHeap != null) offHeapAt(address, 1).set(ValueLayout.JAVA_BYTE, address, value);
        else heap()[at(address, 1)] = value;
    }

    public short getShort(long address) {
        if (offHeap != null) return offHeapAt(address, 2).get(SHORT_LE, address);
        return (short) SHORT.get(heap(), at(address, 2));
    }

    public void putShort(long address, short value) {
        if (offHeap != null) offHeapAt(address, 2).set(SHORT_LE, address, value);
        else SHORT.set(heap(), at(address, 2), value);
    }

    public int getInt(long address) {
        if (offHeap != null) return offHeapAt(address, 4).get(INT_LE, address);
        return (int) INT.get(heap(), at(address, 4));
    }

    public void putInt(long address, int value) {
        if (offHeap != null) offHeapAt(address, 4).set(INT_LE, address, value);
        else INT.set(heap(), at(address, 4), value);
    }

    public long getLong(long address) {
        if (offHeap != null) return offHeapAt(address, 8).get(LONG_LE, address);
        return (long) LONG.get(heap(), at(address, 8));
    }

    public void putLong(long address, long value) {
        if (offHeap != null) offHeapAt(address, 8).set(LONG_LE, address, value);
        else LONG.set(heap(), at(address, 8), value);
    }

    public float getFloat(long address) {
        if (offHeap != null) return offHeapAt(address, 4).get(FLOAT_LE, address);
        return (float) FLOAT.get(heap(), at(address, 4));
    }

    public void putFloat(long address, float value) {
        if (offHeap != null) offHeapAt(address, 4).set(FLOAT_LE, address, value);
        else FLOAT.set(heap(), at(address, 4), value);
    }

    public double getDouble(long address) {
        if (offHeap != null) return offHeapAt(address, 8).get(DOUBLE_LE, address);
        return (double) DOUBLE.get(heap(), at(address, 8));
    }

    public void putDouble(long address, double value) {
        if (offHeap != null) offHeapAt(address, 8).set(DOUBLE_LE, address, value);
        else DOUBLE.set(heap(), at(address, 8), value);
    }

    ExternType.Memory type() {
        return new ExternType.Memory(memory.pages(), memory.maxPages());
    }
}
