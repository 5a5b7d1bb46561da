package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Loads and stores of every width on a {@link HeapMemory}'s array, called from compiled code with the array
 * taken from a JVM local. Operands come in Wasm stack order (address, then value) so the emitter needs no
 * shuffling; the memarg offset is a constant. The effective address is computed in 64 bits (u32 address +
 * u32-or-larger offset never wraps) and bounds-checked before the VarHandle access. Heap memories are always
 * 32-bit (memory64 lives off-heap: {@link SegmentMemoryAccess}).
 */
public final class HeapMemoryAccess {
    private HeapMemoryAccess() {}

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The checked effective address of an access of {@code size} bytes. */
    private static int address(byte[] memory, int address, long offset, int size) {
        long effective = Integer.toUnsignedLong(address) + offset;
        if (offset < 0 || effective > memory.length - size) throw new MemoryOutOfBoundsTrap();
        return (int) effective;
    }

    public static int i32Load(int address, byte[] memory, long offset) {
        return (int) INT.get(memory, address(memory, address, offset, 4));
    }

    public static long i64Load(int address, byte[] memory, long offset) {
        return (long) LONG.get(memory, address(memory, address, offset, 8));
    }

    /** Float loads go through the integer bits so NaN payloads survive. */
    public static float f32Load(int address, byte[] memory, long offset) {
        return Float.intBitsToFloat(i32Load(address, memory, offset));
    }

    public static double f64Load(int address, byte[] memory, long offset) {
        return Double.longBitsToDouble(i64Load(address, memory, offset));
    }

    public static int i32Load8S(int address, byte[] memory, long offset) {
        return memory[address(memory, address, offset, 1)];
    }

    public static int i32Load8U(int address, byte[] memory, long offset) {
        return memory[address(memory, address, offset, 1)] & 0xFF;
    }

    public static int i32Load16S(int address, byte[] memory, long offset) {
        return (short) SHORT.get(memory, address(memory, address, offset, 2));
    }

    public static int i32Load16U(int address, byte[] memory, long offset) {
        return (short) SHORT.get(memory, address(memory, address, offset, 2)) & 0xFFFF;
    }

    public static long i64Load8S(int address, byte[] memory, long offset) {
        return i32Load8S(address, memory, offset);
    }

    public static long i64Load8U(int address, byte[] memory, long offset) {
        return i32Load8U(address, memory, offset);
    }

    public static long i64Load16S(int address, byte[] memory, long offset) {
        return i32Load16S(address, memory, offset);
    }

    public static long i64Load16U(int address, byte[] memory, long offset) {
        return i32Load16U(address, memory, offset);
    }

    public static long i64Load32S(int address, byte[] memory, long offset) {
        return i32Load(address, memory, offset);
    }

    public static long i64Load32U(int address, byte[] memory, long offset) {
        return Integer.toUnsignedLong(i32Load(address, memory, offset));
    }

    public static void i32Store(int address, int value, byte[] memory, long offset) {
        INT.set(memory, address(memory, address, offset, 4), value);
    }

    public static void i64Store(int address, long value, byte[] memory, long offset) {
        LONG.set(memory, address(memory, address, offset, 8), value);
    }

    public static void f32Store(int address, float value, byte[] memory, long offset) {
        i32Store(address, Float.floatToRawIntBits(value), memory, offset);
    }

    public static void f64Store(int address, double value, byte[] memory, long offset) {
        i64Store(address, Double.doubleToRawLongBits(value), memory, offset);
    }

    public static void i32Store8(int address, int value, byte[] memory, long offset) {
        memory[address(memory, address, offset, 1)] = (byte) value;
    }

    public static void i32Store16(int address, int value, byte[] memory, long offset) {
        SHORT.set(memory, address(memory, address, offset, 2), (short) value);
    }

    public static void i64Store8(int address, long value, byte[] memory, long offset) {
        i32Store8(address, (int) value, memory, offset);
    }

    public static void i64Store16(int address, long value, byte[] memory, long offset) {
        i32Store16(address, (int) value, memory, offset);
    }

    public static void i64Store32(int address, long value, byte[] memory, long offset) {
        i32Store(address, (int) value, memory, offset);
    }
}
