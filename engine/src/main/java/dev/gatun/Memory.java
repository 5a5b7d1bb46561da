package dev.gatun;

import dev.gatun.internal.runtime.HeapMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A linear memory: an instance's export, the caller's memory in a host function, or a host-created one to
 * import. Multi-byte values are little-endian as in Wasm; an access outside the memory throws
 * {@link MemoryOutOfBoundsTrap} (inside a host function that becomes the guest's trap).
 */
public final class Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    final HeapMemory memory;

    Memory(HeapMemory memory) {
        this.memory = memory;
    }

    /** A host memory to import: {@code minPages} 64 KiB pages, growable to {@code maxPages} (-1: no maximum). */
    public static Memory create(long minPages, long maxPages) {
        return new Memory(new HeapMemory(minPages, maxPages));
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

    private int at(long address, int length) {
        byte[] bytes = memory.bytes;
        if (address < 0 || length < 0 || address > bytes.length - (long) length) throw new MemoryOutOfBoundsTrap();
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
        int at = at(address, length);
        return new String(memory.bytes, at, length, StandardCharsets.UTF_8);
    }

    /** Writes {@code text} as UTF-8 (no terminator); returns the number of bytes written. */
    public int writeString(long address, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(address, bytes);
        return bytes.length;
    }

    /** A NUL-terminated UTF-8 string starting at {@code address}. */
    public String readCString(long address) {
        byte[] bytes = memory.bytes;
        int start = at(address, 0);
        int end = start;
        while (end < bytes.length && bytes[end] != 0) end++;
        if (end == bytes.length) throw new MemoryOutOfBoundsTrap();
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    public byte getByte(long address) {
        return memory.bytes[at(address, 1)];
    }

    public void putByte(long address, byte value) {
        memory.bytes[at(address, 1)] = value;
    }

    public short getShort(long address) {
        return (short) SHORT.get(memory.bytes, at(address, 2));
    }

    public void putShort(long address, short value) {
        SHORT.set(memory.bytes, at(address, 2), value);
    }

    public int getInt(long address) {
        return (int) INT.get(memory.bytes, at(address, 4));
    }

    public void putInt(long address, int value) {
        INT.set(memory.bytes, at(address, 4), value);
    }

    public long getLong(long address) {
        return (long) LONG.get(memory.bytes, at(address, 8));
    }

    public void putLong(long address, long value) {
        LONG.set(memory.bytes, at(address, 8), value);
    }

    public float getFloat(long address) {
        return (float) FLOAT.get(memory.bytes, at(address, 4));
    }

    public void putFloat(long address, float value) {
        FLOAT.set(memory.bytes, at(address, 4), value);
    }

    public double getDouble(long address) {
        return (double) DOUBLE.get(memory.bytes, at(address, 8));
    }

    public void putDouble(long address, double value) {
        DOUBLE.set(memory.bytes, at(address, 8), value);
    }

    ExternType.Memory type() {
        return new ExternType.Memory(memory.pages(), memory.maxPages());
    }
}
