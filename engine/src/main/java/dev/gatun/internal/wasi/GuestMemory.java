package dev.gatun.internal.wasi;

import dev.gatun.WasmException;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.runtime.SegmentMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The guest's exported {@code memory}, looked up when a WASI call runs (the host functions exist before the
 * instance does). Pointers are unsigned i32; an access outside the memory fails the call with EFAULT.
 */
final class GuestMemory {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Supplier<LinearMemory> source;

    GuestMemory(Supplier<LinearMemory> source) {
        this.source = source;
    }

    /**
     * The current accessible bytes as a segment (re-read on every call: memory.grow replaces a heap memory's
     * array and raises both kinds' sizes): a heap memory's array, or an off-heap memory's region, up to its
     * size.
     */
    private MemorySegment bytes() {
        LinearMemory memory = source.get();
        if (memory == null) throw new WasmException("WASI call before the module's memory is bound (no exported \"memory\"?)");
        return switch (memory) {
            case HeapMemory heap -> MemorySegment.ofArray(heap.bytes).asSlice(0, heap.byteLength); // not the spare capacity
            case SegmentMemory offHeap -> offHeap.segment.asSlice(0, offHeap.byteSize());
            default -> throw new WasmException("not supported: WASI over a " + memory.getClass().getSimpleName());
        };
    }

    /** Checks [pointer, pointer+length) and returns the pointer as an offset. */
    private static long check(MemorySegment bytes, int pointer, long length) {
        long start = Integer.toUnsignedLong(pointer);
        if (length < 0 || start + length > bytes.byteSize()) throw new WasiError(Errno.FAULT);
        return start;
    }

    int i32(int pointer) {
        MemorySegment b = bytes();
        return b.get(I32, check(b, pointer, 4));
    }

    long i64(int pointer) {
        MemorySegment b = bytes();
        return b.get(I64, check(b, pointer, 8));
    }

    int u16(int pointer) {
        MemorySegment b = bytes();
        return Short.toUnsignedInt(b.get(I16, check(b, pointer, 2)));
    }

    int u8(int pointer) {
        MemorySegment b = bytes();
        return Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, check(b, pointer, 1)));
    }

    void setI32(int pointer, int value) {
        MemorySegment b = bytes();
        b.set(I32, check(b, pointer, 4), value);
    }

    void setI64(int pointer, long value) {
        MemorySegment b = bytes();
        b.set(I64, check(b, pointer, 8), value);
    }

    void setI16(int pointer, int value) {
        MemorySegment b = bytes();
        b.set(I16, check(b, pointer, 2), (short) value);
    }

    void setU8(int pointer, int value) {
        MemorySegment b = bytes();
        b.set(ValueLayout.JAVA_BYTE, check(b, pointer, 1), (byte) value);
    }

    /** Copies guest bytes out. */
    byte[] read(int pointer, int length) {
        MemorySegment b = bytes();
        long start = check(b, pointer, Integer.toUnsignedLong(length));
        byte[] copy = new byte[length];
        MemorySegment.copy(b, ValueLayout.JAVA_BYTE, start, copy, 0, length);
        return copy;
    }

    /** Copies host bytes in. */
    void write(int pointer, byte[] data, int offset, int length) {
        MemorySegment b = bytes();
        long start = check(b, pointer, length);
        MemorySegment.copy(data, offset, b, ValueLayout.JAVA_BYTE, start, length);
    }

    void fill(int pointer, int length, byte value) {
        MemorySegment b = bytes();
        long start = check(b, pointer, Integer.toUnsignedLong(length));
        b.asSlice(start, Integer.toUnsignedLong(length)).fill(value);
    }

    /** A UTF-8 path or string argument; invalid UTF-8 fails with EILSEQ. */
    String string(int pointer, int length) {
        byte[] raw = read(pointer, length);
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WasiError(Errno.ILSEQ);
        }
    }

    /** The buffers of an iovec/ciovec array, as (pointer, length) pairs, bounds-checked. */
    int[] iovecs(int iovs, int count) {
        if (count < 0 || count > 1024) throw new WasiError(Errno.INVAL);
        int[] pairs = new int[count * 2];
        MemorySegment b = bytes();
        for (int i = 0; i < count; i++) {
            int pointer = i32(iovs + i * 8);
            int length = i32(iovs + i * 8 + 4);
            check(b, pointer, Integer.toUnsignedLong(length));
            pairs[2 * i] = pointer;
            pairs[2 * i + 1] = length;
        }
        return pairs;
    }

    /** Writes guest bytes to a stream (stdout, stderr); a heap memory's array is written directly. */
    void writeTo(java.io.OutputStream out, int pointer, int length) throws java.io.IOException {
        MemorySegment b = bytes();
        long start = check(b, pointer, Integer.toUnsignedLong(length));
        if (b.heapBase().orElse(null) instanceof byte[] array) {
            out.write(array, (int) start, length);
        } else {
            out.write(read(pointer, length));
        }
    }

    /** Reads at most {@code length} bytes from a stream (stdin) into guest memory; what the stream's read returns. */
    int readFrom(java.io.InputStream in, int pointer, int length) throws java.io.IOException {
        MemorySegment b = bytes();
        long start = check(b, pointer, Integer.toUnsignedLong(length));
        if (b.heapBase().orElse(null) instanceof byte[] array) return in.read(array, (int) start, length);
        byte[] chunk = new byte[length];
        int n = in.read(chunk, 0, length);
        if (n > 0) MemorySegment.copy(chunk, 0, b, ValueLayout.JAVA_BYTE, start, n);
        return n;
    }

    /** Direct access for bulk copies into/out of channels: the bytes and a checked start index. */
    java.nio.ByteBuffer window(int pointer, int length) {
        MemorySegment b = bytes();
        long start = check(b, pointer, Integer.toUnsignedLong(length));
        return b.asSlice(start, Integer.toUnsignedLong(length)).asByteBuffer();
    }
}
