package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain loads and stores on a {@link SegmentMemory}, called from compiled code in Wasm stack order with the
 * memarg offset as a constant. Two forms of each:
 * <ul>
 *   <li>{@code (address, [value,] MemorySegment segment, long limit, long offset)}: for an unshared memory whose
 *       segment and accessible size compiled code keeps in JVM locals (reloaded after calls and grows, as the
 *       heap path keeps its array). Both then stay loop-invariant for the JIT, so it can hoist the loads and
 *       checks that a field read per access would pin inside the loop;</li>
 *   <li>{@code (address, [value,] SegmentMemory memory, long offset)}: reads both from the memory at each access
 *       (shared memories, whose size other threads grow, and memories other than memory 0).</li>
 * </ul>
 * The i64-address forms treat address and offset as unsigned: either at or past 2^63, or a sum that overflows,
 * is out of bounds. The i32-address forms zero-extend the address. Every access is checked against the
 * accessible size before the segment is touched, so nothing outside the accessible bytes is ever read or
 * written; the segment's own checks (its reservation's length, and its arena still open) remain, so an access
 * after the memory is freed throws instead of touching unmapped memory.
 */
public final class SegmentMemoryAccess {
    private SegmentMemoryAccess() {}

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The effective address of an access of {@code size} bytes; traps when any of it is out of bounds. */
    static long effective(SegmentMemory memory, long address, long offset, int size) {
        return effective(address, offset, memory.byteSize(), size);
    }

    /**
     * As {@link #effective(SegmentMemory, long, long, int)} against {@code limit} accessible bytes. For
     * zero-extended i32 addresses and the constant offsets the sign test folds away.
     */
    static long effective(long address, long offset, long limit, int size) {
        long at = address + offset;
        if ((address | offset | at) < 0 || at > limit - size) throw new MemoryOutOfBoundsTrap();
        return at;
    }

    public static int i32Load(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        return segment.get(INT, at);
    }

    public static int i32Load(int address, MemorySegment segment, long limit, long offset) {
        return i32Load(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static int i32Load(long address, SegmentMemory memory, long offset) {
        return i32Load(address, memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load(int address, SegmentMemory memory, long offset) {
        return i32Load(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 8);
        return segment.get(LONG, at);
    }

    public static long i64Load(int address, MemorySegment segment, long limit, long offset) {
        return i64Load(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load(long address, SegmentMemory memory, long offset) {
        return i64Load(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load(int address, SegmentMemory memory, long offset) {
        return i64Load(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static float f32Load(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        return Float.intBitsToFloat(segment.get(INT, at));
    }

    public static float f32Load(int address, MemorySegment segment, long limit, long offset) {
        return f32Load(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static float f32Load(long address, SegmentMemory memory, long offset) {
        return f32Load(address, memory.segment, memory.byteSize(), offset);
    }

    public static float f32Load(int address, SegmentMemory memory, long offset) {
        return f32Load(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static double f64Load(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 8);
        return Double.longBitsToDouble(segment.get(LONG, at));
    }

    public static double f64Load(int address, MemorySegment segment, long limit, long offset) {
        return f64Load(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static double f64Load(long address, SegmentMemory memory, long offset) {
        return f64Load(address, memory.segment, memory.byteSize(), offset);
    }

    public static double f64Load(int address, SegmentMemory memory, long offset) {
        return f64Load(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load8S(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 1);
        return segment.get(ValueLayout.JAVA_BYTE, at);
    }

    public static int i32Load8S(int address, MemorySegment segment, long limit, long offset) {
        return i32Load8S(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static int i32Load8S(long address, SegmentMemory memory, long offset) {
        return i32Load8S(address, memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load8S(int address, SegmentMemory memory, long offset) {
        return i32Load8S(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load8U(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 1);
        return segment.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    public static int i32Load8U(int address, MemorySegment segment, long limit, long offset) {
        return i32Load8U(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static int i32Load8U(long address, SegmentMemory memory, long offset) {
        return i32Load8U(address, memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load8U(int address, SegmentMemory memory, long offset) {
        return i32Load8U(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load16S(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 2);
        return segment.get(SHORT, at);
    }

    public static int i32Load16S(int address, MemorySegment segment, long limit, long offset) {
        return i32Load16S(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static int i32Load16S(long address, SegmentMemory memory, long offset) {
        return i32Load16S(address, memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load16S(int address, SegmentMemory memory, long offset) {
        return i32Load16S(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load16U(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 2);
        return segment.get(SHORT, at) & 0xFFFF;
    }

    public static int i32Load16U(int address, MemorySegment segment, long limit, long offset) {
        return i32Load16U(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static int i32Load16U(long address, SegmentMemory memory, long offset) {
        return i32Load16U(address, memory.segment, memory.byteSize(), offset);
    }

    public static int i32Load16U(int address, SegmentMemory memory, long offset) {
        return i32Load16U(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load8S(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 1);
        return segment.get(ValueLayout.JAVA_BYTE, at);
    }

    public static long i64Load8S(int address, MemorySegment segment, long limit, long offset) {
        return i64Load8S(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load8S(long address, SegmentMemory memory, long offset) {
        return i64Load8S(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load8S(int address, SegmentMemory memory, long offset) {
        return i64Load8S(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load8U(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 1);
        return segment.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    public static long i64Load8U(int address, MemorySegment segment, long limit, long offset) {
        return i64Load8U(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load8U(long address, SegmentMemory memory, long offset) {
        return i64Load8U(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load8U(int address, SegmentMemory memory, long offset) {
        return i64Load8U(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load16S(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 2);
        return segment.get(SHORT, at);
    }

    public static long i64Load16S(int address, MemorySegment segment, long limit, long offset) {
        return i64Load16S(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load16S(long address, SegmentMemory memory, long offset) {
        return i64Load16S(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load16S(int address, SegmentMemory memory, long offset) {
        return i64Load16S(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load16U(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 2);
        return segment.get(SHORT, at) & 0xFFFF;
    }

    public static long i64Load16U(int address, MemorySegment segment, long limit, long offset) {
        return i64Load16U(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load16U(long address, SegmentMemory memory, long offset) {
        return i64Load16U(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load16U(int address, SegmentMemory memory, long offset) {
        return i64Load16U(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load32S(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        return segment.get(INT, at);
    }

    public static long i64Load32S(int address, MemorySegment segment, long limit, long offset) {
        return i64Load32S(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load32S(long address, SegmentMemory memory, long offset) {
        return i64Load32S(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load32S(int address, SegmentMemory memory, long offset) {
        return i64Load32S(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load32U(long address, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        return Integer.toUnsignedLong(segment.get(INT, at));
    }

    public static long i64Load32U(int address, MemorySegment segment, long limit, long offset) {
        return i64Load32U(Integer.toUnsignedLong(address), segment, limit, offset);
    }

    public static long i64Load32U(long address, SegmentMemory memory, long offset) {
        return i64Load32U(address, memory.segment, memory.byteSize(), offset);
    }

    public static long i64Load32U(int address, SegmentMemory memory, long offset) {
        return i64Load32U(Integer.toUnsignedLong(address), memory.segment, memory.byteSize(), offset);
    }

    public static void i32Store(long address, int value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        segment.set(INT, at, value);
    }

    public static void i32Store(int address, int value, MemorySegment segment, long limit, long offset) {
        i32Store(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i32Store(long address, int value, SegmentMemory memory, long offset) {
        i32Store(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i32Store(int address, int value, SegmentMemory memory, long offset) {
        i32Store(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store(long address, long value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 8);
        segment.set(LONG, at, value);
    }

    public static void i64Store(int address, long value, MemorySegment segment, long limit, long offset) {
        i64Store(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i64Store(long address, long value, SegmentMemory memory, long offset) {
        i64Store(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store(int address, long value, SegmentMemory memory, long offset) {
        i64Store(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void f32Store(long address, float value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        segment.set(INT, at, Float.floatToRawIntBits(value));
    }

    public static void f32Store(int address, float value, MemorySegment segment, long limit, long offset) {
        f32Store(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void f32Store(long address, float value, SegmentMemory memory, long offset) {
        f32Store(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void f32Store(int address, float value, SegmentMemory memory, long offset) {
        f32Store(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void f64Store(long address, double value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 8);
        segment.set(LONG, at, Double.doubleToRawLongBits(value));
    }

    public static void f64Store(int address, double value, MemorySegment segment, long limit, long offset) {
        f64Store(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void f64Store(long address, double value, SegmentMemory memory, long offset) {
        f64Store(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void f64Store(int address, double value, SegmentMemory memory, long offset) {
        f64Store(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void i32Store8(long address, int value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 1);
        segment.set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    public static void i32Store8(int address, int value, MemorySegment segment, long limit, long offset) {
        i32Store8(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i32Store8(long address, int value, SegmentMemory memory, long offset) {
        i32Store8(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i32Store8(int address, int value, SegmentMemory memory, long offset) {
        i32Store8(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void i32Store16(long address, int value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 2);
        segment.set(SHORT, at, (short) value);
    }

    public static void i32Store16(int address, int value, MemorySegment segment, long limit, long offset) {
        i32Store16(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i32Store16(long address, int value, SegmentMemory memory, long offset) {
        i32Store16(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i32Store16(int address, int value, SegmentMemory memory, long offset) {
        i32Store16(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store8(long address, long value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 1);
        segment.set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    public static void i64Store8(int address, long value, MemorySegment segment, long limit, long offset) {
        i64Store8(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i64Store8(long address, long value, SegmentMemory memory, long offset) {
        i64Store8(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store8(int address, long value, SegmentMemory memory, long offset) {
        i64Store8(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store16(long address, long value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 2);
        segment.set(SHORT, at, (short) value);
    }

    public static void i64Store16(int address, long value, MemorySegment segment, long limit, long offset) {
        i64Store16(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i64Store16(long address, long value, SegmentMemory memory, long offset) {
        i64Store16(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store16(int address, long value, SegmentMemory memory, long offset) {
        i64Store16(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store32(long address, long value, MemorySegment segment, long limit, long offset) {
        long at = effective(address, offset, limit, 4);
        segment.set(INT, at, (int) value);
    }

    public static void i64Store32(int address, long value, MemorySegment segment, long limit, long offset) {
        i64Store32(Integer.toUnsignedLong(address), value, segment, limit, offset);
    }

    public static void i64Store32(long address, long value, SegmentMemory memory, long offset) {
        i64Store32(address, value, memory.segment, memory.byteSize(), offset);
    }

    public static void i64Store32(int address, long value, SegmentMemory memory, long offset) {
        i64Store32(Integer.toUnsignedLong(address), value, memory.segment, memory.byteSize(), offset);
    }
}
