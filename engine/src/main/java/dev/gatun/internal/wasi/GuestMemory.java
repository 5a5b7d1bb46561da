package dev.gatun.internal.wasi;

import dev.gatun.WasmException;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.LinearMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The guest's exported {@code memory}, looked up when a WASI call runs (the host functions exist before the
 * instance does). Pointers are unsigned i32; an access outside the memory fails the call with EFAULT.
 */
final class GuestMemory {
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final Supplier<LinearMemory> source;

    GuestMemory(Supplier<LinearMemory> source) {
        this.source = source;
    }

    /** The current bytes (re-read on every call: memory.grow replaces the array). */
    private byte[] bytes() {
        LinearMemory memory = source.get();
        if (memory == null) throw new WasmException("WASI call before the module's memory is bound (no exported \"memory\"?)");
        if (memory instanceof HeapMemory heap) return heap.bytes;
        throw new WasmException("not supported: WASI over a memory that is not a heap memory");
    }

    /** Checks [pointer, pointer+length) and returns the pointer as an array index. */
    private static int check(byte[] bytes, int pointer, long length) {
        long start = Integer.toUnsignedLong(pointer);
        if (length < 0 || start + length > bytes.length) throw new WasiError(Errno.FAULT);
        return (int) start;
    }

    int i32(int pointer) {
        byte[] b = bytes();
        return (int) I32.get(b, check(b, pointer, 4));
    }

    long i64(int pointer) {
        byte[] b = bytes();
        return (long) I64.get(b, check(b, pointer, 8));
    }

    int u16(int pointer) {
        byte[] b = bytes();
        return Short.toUnsignedInt((short) I16.get(b, check(b, pointer, 2)));
    }

    int u8(int pointer) {
        byte[] b = bytes();
        return Byte.toUnsignedInt(b[check(b, pointer, 1)]);
    }

    void setI32(int pointer, int value) {
        byte[] b = bytes();
        I32.set(b, check(b, pointer, 4), value);
    }

    void setI64(int pointer, long value) {
        byte[] b = bytes();
        I64.set(b, check(b, pointer, 8), value);
    }

    void setI16(int pointer, int value) {
        byte[] b = bytes();
        I16.set(b, check(b, pointer, 2), (short) value);
    }

    void setU8(int pointer, int value) {
        byte[] b = bytes();
        b[check(b, pointer, 1)] = (byte) value;
    }

    /** Copies guest bytes out. */
    byte[] read(int pointer, int length) {
        byte[] b = bytes();
        int start = check(b, pointer, Integer.toUnsignedLong(length));
        byte[] copy = new byte[length];
        System.arraycopy(b, start, copy, 0, length);
        return copy;
    }

    /** Copies host bytes in. */
    void write(int pointer, byte[] data, int offset, int length) {
        byte[] b = bytes();
        int start = check(b, pointer, length);
        System.arraycopy(data, offset, b, start, length);
    }

    void fill(int pointer, int length, byte value) {
        byte[] b = bytes();
        int start = check(b, pointer, Integer.toUnsignedLong(length));
        java.util.Arrays.fill(b, start, start + length, value);
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
        byte[] b = bytes();
        for (int i = 0; i < count; i++) {
            int pointer = i32(iovs + i * 8);
            int length = i32(iovs + i * 8 + 4);
            check(b, pointer, Integer.toUnsignedLong(length));
            pairs[2 * i] = pointer;
            pairs[2 * i + 1] = length;
        }
        return pairs;
    }

    /** Direct access for bulk copies into/out of channels: the bytes and a checked start index. */
    java.nio.ByteBuffer window(int pointer, int length) {
        byte[] b = bytes();
        int start = check(b, pointer, Integer.toUnsignedLong(length));
        return java.nio.ByteBuffer.wrap(b, start, length);
    }
}
