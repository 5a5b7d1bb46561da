package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain (non-atomic) loads and stores on a {@link SharedMemory}, called from compiled code in Wasm stack order
 * with the memarg offset as a constant, like {@link HeapMemoryAccess} does for heap memories. The bounds check
 * reads the memory's current (volatile) size, so growth by another thread is seen at once.
 */
public final class SharedMemoryAccess {
    private SharedMemoryAccess() {}

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static long address(SharedMemory memory, int address, long offset, int size) {
        long effective = Integer.toUnsignedLong(address) + offset;
        if (offset < 0 || effective > memory.byteSize() - size) throw new MemoryOutOfBoundsTrap();
        return effective;
    }

    private static MemorySegment bytes(SharedMemory memory) {
        return memory.segment;
    }

    public static int i32Load(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        return bytes(memory).get(INT, at);
    }

    public static long i64Load(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 8);
        return bytes(memory).get(LONG, at);
    }

    public static float f32Load(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        return Float.intBitsToFloat(bytes(memory).get(INT, at));
    }

    public static double f64Load(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 8);
        return Double.longBitsToDouble(bytes(memory).get(LONG, at));
    }

    public static int i32Load8S(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 1);
        return bytes(memory).get(ValueLayout.JAVA_BYTE, at);
    }

    public static int i32Load8U(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 1);
        return bytes(memory).get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    public static int i32Load16S(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 2);
        return bytes(memory).get(SHORT, at);
    }

    public static int i32Load16U(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 2);
        return bytes(memory).get(SHORT, at) & 0xFFFF;
    }

    public static long i64Load8S(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 1);
        return bytes(memory).get(ValueLayout.JAVA_BYTE, at);
    }

    public static long i64Load8U(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 1);
        return bytes(memory).get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    public static long i64Load16S(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 2);
        return bytes(memory).get(SHORT, at);
    }

    public static long i64Load16U(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 2);
        return bytes(memory).get(SHORT, at) & 0xFFFF;
    }

    public static long i64Load32S(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        return bytes(memory).get(INT, at);
    }

    public static long i64Load32U(int address, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        return Integer.toUnsignedLong(bytes(memory).get(INT, at));
    }

    public static void i32Store(int address, int value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        bytes(memory).set(INT, at, value);
    }

    public static void i64Store(int address, long value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 8);
        bytes(memory).set(LONG, at, value);
    }

    public static void f32Store(int address, float value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        bytes(memory).set(INT, at, Float.floatToRawIntBits(value));
    }

    public static void f64Store(int address, double value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 8);
        bytes(memory).set(LONG, at, Double.doubleToRawLongBits(value));
    }

    public static void i32Store8(int address, int value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 1);
        bytes(memory).set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    public static void i32Store16(int address, int value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 2);
        bytes(memory).set(SHORT, at, (short) value);
    }

    public static void i64Store8(int address, long value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 1);
        bytes(memory).set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    public static void i64Store16(int address, long value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 2);
        bytes(memory).set(SHORT, at, (short) value);
    }

    public static void i64Store32(int address, long value, SharedMemory memory, long offset) {
        long at = address(memory, address, offset, 4);
        bytes(memory).set(INT, at, (int) value);
    }
}
