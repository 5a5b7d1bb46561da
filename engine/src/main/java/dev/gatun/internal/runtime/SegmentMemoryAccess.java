package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain loads and stores on a {@link SegmentMemory} (memory64, 32-bit memories over 2 GiB, shared memory64),
 * called from compiled code in Wasm stack order with the memarg offset as a constant. The i64-address forms
 * treat address and offset as unsigned: either at or past 2^63, or a sum that overflows, is out of bounds. The
 * i32-address forms zero-extend the address. Every access is checked against the memory's current size before
 * the segment is touched, so nothing outside the accessible bytes is ever read or written.
 */
public final class SegmentMemoryAccess {
    private SegmentMemoryAccess() {}

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The effective address of an access of {@code size} bytes; traps when any of it is out of bounds. */
    static long effective(SegmentMemory memory, long address, long offset, int size) {
        long at = address + offset;
        if ((address | offset | at) < 0 || at > memory.byteSize() - size) throw new MemoryOutOfBoundsTrap();
        return at;
    }

    public static int i32Load(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(INT, effective(memory, address, offset, 4));
    }

    public static int i32Load(int address, SegmentMemory memory, long offset) {
        return i32Load(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(LONG, effective(memory, address, offset, 8));
    }

    public static long i64Load(int address, SegmentMemory memory, long offset) {
        return i64Load(Integer.toUnsignedLong(address), memory, offset);
    }

    public static float f32Load(long address, SegmentMemory memory, long offset) {
        return Float.intBitsToFloat(memory.segment.get(INT, effective(memory, address, offset, 4)));
    }

    public static float f32Load(int address, SegmentMemory memory, long offset) {
        return f32Load(Integer.toUnsignedLong(address), memory, offset);
    }

    public static double f64Load(long address, SegmentMemory memory, long offset) {
        return Double.longBitsToDouble(memory.segment.get(LONG, effective(memory, address, offset, 8)));
    }

    public static double f64Load(int address, SegmentMemory memory, long offset) {
        return f64Load(Integer.toUnsignedLong(address), memory, offset);
    }

    public static int i32Load8S(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(ValueLayout.JAVA_BYTE, effective(memory, address, offset, 1));
    }

    public static int i32Load8S(int address, SegmentMemory memory, long offset) {
        return i32Load8S(Integer.toUnsignedLong(address), memory, offset);
    }

    public static int i32Load8U(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(ValueLayout.JAVA_BYTE, effective(memory, address, offset, 1)) & 0xFF;
    }

    public static int i32Load8U(int address, SegmentMemory memory, long offset) {
        return i32Load8U(Integer.toUnsignedLong(address), memory, offset);
    }

    public static int i32Load16S(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(SHORT, effective(memory, address, offset, 2));
    }

    public static int i32Load16S(int address, SegmentMemory memory, long offset) {
        return i32Load16S(Integer.toUnsignedLong(address), memory, offset);
    }

    public static int i32Load16U(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(SHORT, effective(memory, address, offset, 2)) & 0xFFFF;
    }

    public static int i32Load16U(int address, SegmentMemory memory, long offset) {
        return i32Load16U(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load8S(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(ValueLayout.JAVA_BYTE, effective(memory, address, offset, 1));
    }

    public static long i64Load8S(int address, SegmentMemory memory, long offset) {
        return i64Load8S(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load8U(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(ValueLayout.JAVA_BYTE, effective(memory, address, offset, 1)) & 0xFF;
    }

    public static long i64Load8U(int address, SegmentMemory memory, long offset) {
        return i64Load8U(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load16S(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(SHORT, effective(memory, address, offset, 2));
    }

    public static long i64Load16S(int address, SegmentMemory memory, long offset) {
        return i64Load16S(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load16U(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(SHORT, effective(memory, address, offset, 2)) & 0xFFFF;
    }

    public static long i64Load16U(int address, SegmentMemory memory, long offset) {
        return i64Load16U(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load32S(long address, SegmentMemory memory, long offset) {
        return memory.segment.get(INT, effective(memory, address, offset, 4));
    }

    public static long i64Load32S(int address, SegmentMemory memory, long offset) {
        return i64Load32S(Integer.toUnsignedLong(address), memory, offset);
    }

    public static long i64Load32U(long address, SegmentMemory memory, long offset) {
        return Integer.toUnsignedLong(memory.segment.get(INT, effective(memory, address, offset, 4)));
    }

    public static long i64Load32U(int address, SegmentMemory memory, long offset) {
        return i64Load32U(Integer.toUnsignedLong(address), memory, offset);
    }

    public static void i32Store(long address, int value, SegmentMemory memory, long offset) {
        memory.segment.set(INT, effective(memory, address, offset, 4), value);
    }

    public static void i32Store(int address, int value, SegmentMemory memory, long offset) {
        i32Store(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void i64Store(long address, long value, SegmentMemory memory, long offset) {
        memory.segment.set(LONG, effective(memory, address, offset, 8), value);
    }

    public static void i64Store(int address, long value, SegmentMemory memory, long offset) {
        i64Store(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void f32Store(long address, float value, SegmentMemory memory, long offset) {
        memory.segment.set(INT, effective(memory, address, offset, 4), Float.floatToRawIntBits(value));
    }

    public static void f32Store(int address, float value, SegmentMemory memory, long offset) {
        f32Store(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void f64Store(long address, double value, SegmentMemory memory, long offset) {
        memory.segment.set(LONG, effective(memory, address, offset, 8), Double.doubleToRawLongBits(value));
    }

    public static void f64Store(int address, double value, SegmentMemory memory, long offset) {
        f64Store(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void i32Store8(long address, int value, SegmentMemory memory, long offset) {
        memory.segment.set(ValueLayout.JAVA_BYTE, effective(memory, address, offset, 1), (byte) value);
    }

    public static void i32Store8(int address, int value, SegmentMemory memory, long offset) {
        i32Store8(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void i32Store16(long address, int value, SegmentMemory memory, long offset) {
        memory.segment.set(SHORT, effective(memory, address, offset, 2), (short) value);
    }

    public static void i32Store16(int address, int value, SegmentMemory memory, long offset) {
        i32Store16(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void i64Store8(long address, long value, SegmentMemory memory, long offset) {
        memory.segment.set(ValueLayout.JAVA_BYTE, effective(memory, address, offset, 1), (byte) value);
    }

    public static void i64Store8(int address, long value, SegmentMemory memory, long offset) {
        i64Store8(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void i64Store16(long address, long value, SegmentMemory memory, long offset) {
        memory.segment.set(SHORT, effective(memory, address, offset, 2), (short) value);
    }

    public static void i64Store16(int address, long value, SegmentMemory memory, long offset) {
        i64Store16(Integer.toUnsignedLong(address), value, memory, offset);
    }

    public static void i64Store32(long address, long value, SegmentMemory memory, long offset) {
        memory.segment.set(INT, effective(memory, address, offset, 4), (int) value);
    }

    public static void i64Store32(int address, long value, SegmentMemory memory, long offset) {
        i64Store32(Integer.toUnsignedLong(address), value, memory, offset);
    }
}
