package dev.gatun.internal.runtime;

import dev.gatun.V128;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * v128 loads and stores on a {@link SegmentMemory} (memory64, 32-bit memories above 2 GiB, shared memories),
 * called like {@link V128Memory} with the memory in place of the array: operands in Wasm stack order, then the
 * memory, the constant memarg offset (and the lane immediate); i32 addresses are zero-extended. The whole
 * access is bounds-checked ({@link SegmentMemoryAccess#effective}) before the segment is touched.
 */
public final class V128SegmentAccess {
    private V128SegmentAccess() {}

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static V128 v128Load(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 16);
        return new V128(m.segment.get(LONG, i), m.segment.get(LONG, i + 8));
    }

    public static V128 v128Load(int address, SegmentMemory m, long offset) {
        return v128Load(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load8x8S(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i16x8ExtendLowI8x16S(new V128(m.segment.get(LONG, i), 0));
    }

    public static V128 v128Load8x8S(int address, SegmentMemory m, long offset) {
        return v128Load8x8S(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load8x8U(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i16x8ExtendLowI8x16U(new V128(m.segment.get(LONG, i), 0));
    }

    public static V128 v128Load8x8U(int address, SegmentMemory m, long offset) {
        return v128Load8x8U(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load16x4S(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i32x4ExtendLowI16x8S(new V128(m.segment.get(LONG, i), 0));
    }

    public static V128 v128Load16x4S(int address, SegmentMemory m, long offset) {
        return v128Load16x4S(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load16x4U(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i32x4ExtendLowI16x8U(new V128(m.segment.get(LONG, i), 0));
    }

    public static V128 v128Load16x4U(int address, SegmentMemory m, long offset) {
        return v128Load16x4U(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load32x2S(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i64x2ExtendLowI32x4S(new V128(m.segment.get(LONG, i), 0));
    }

    public static V128 v128Load32x2S(int address, SegmentMemory m, long offset) {
        return v128Load32x2S(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load32x2U(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i64x2ExtendLowI32x4U(new V128(m.segment.get(LONG, i), 0));
    }

    public static V128 v128Load32x2U(int address, SegmentMemory m, long offset) {
        return v128Load32x2U(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load8Splat(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 1);
        return V128Ops.i8x16Splat(m.segment.get(ValueLayout.JAVA_BYTE, i));
    }

    public static V128 v128Load8Splat(int address, SegmentMemory m, long offset) {
        return v128Load8Splat(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load16Splat(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 2);
        return V128Ops.i16x8Splat(m.segment.get(SHORT, i));
    }

    public static V128 v128Load16Splat(int address, SegmentMemory m, long offset) {
        return v128Load16Splat(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load32Splat(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 4);
        return V128Ops.i32x4Splat(m.segment.get(INT, i));
    }

    public static V128 v128Load32Splat(int address, SegmentMemory m, long offset) {
        return v128Load32Splat(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load64Splat(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i64x2Splat(m.segment.get(LONG, i));
    }

    public static V128 v128Load64Splat(int address, SegmentMemory m, long offset) {
        return v128Load64Splat(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load32Zero(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 4);
        return new V128(m.segment.get(INT, i) & 0xFFFFFFFFL, 0);
    }

    public static V128 v128Load32Zero(int address, SegmentMemory m, long offset) {
        return v128Load32Zero(Integer.toUnsignedLong(address), m, offset);
    }

    public static V128 v128Load64Zero(long address, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return new V128(m.segment.get(LONG, i), 0);
    }

    public static V128 v128Load64Zero(int address, SegmentMemory m, long offset) {
        return v128Load64Zero(Integer.toUnsignedLong(address), m, offset);
    }

    public static void v128Store(long address, V128 v, SegmentMemory m, long offset) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 16);
        m.segment.set(LONG, i, v.lo());
        m.segment.set(LONG, i + 8, v.hi());
    }

    public static void v128Store(int address, V128 v, SegmentMemory m, long offset) {
        v128Store(Integer.toUnsignedLong(address), v, m, offset);
    }

    public static V128 v128Load8Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 1);
        return V128Ops.i8x16ReplaceLane(v, m.segment.get(ValueLayout.JAVA_BYTE, i), lane);
    }

    public static V128 v128Load8Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        return v128Load8Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static V128 v128Load16Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 2);
        return V128Ops.i16x8ReplaceLane(v, m.segment.get(SHORT, i), lane);
    }

    public static V128 v128Load16Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        return v128Load16Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static V128 v128Load32Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 4);
        return V128Ops.i32x4ReplaceLane(v, m.segment.get(INT, i), lane);
    }

    public static V128 v128Load32Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        return v128Load32Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static V128 v128Load64Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        return V128Ops.i64x2ReplaceLane(v, m.segment.get(LONG, i), lane);
    }

    public static V128 v128Load64Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        return v128Load64Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static void v128Store8Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 1);
        m.segment.set(ValueLayout.JAVA_BYTE, i, (byte) V128Ops.i8x16ExtractLaneS(v, lane));
    }

    public static void v128Store8Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        v128Store8Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static void v128Store16Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 2);
        m.segment.set(SHORT, i, (short) V128Ops.i16x8ExtractLaneS(v, lane));
    }

    public static void v128Store16Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        v128Store16Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static void v128Store32Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 4);
        m.segment.set(INT, i, V128Ops.i32x4ExtractLane(v, lane));
    }

    public static void v128Store32Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        v128Store32Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }

    public static void v128Store64Lane(long address, V128 v, SegmentMemory m, long offset, int lane) {
        long i = SegmentMemoryAccess.effective(m, address, offset, 8);
        m.segment.set(LONG, i, V128Ops.i64x2ExtractLane(v, lane));
    }

    public static void v128Store64Lane(int address, V128 v, SegmentMemory m, long offset, int lane) {
        v128Store64Lane(Integer.toUnsignedLong(address), v, m, offset, lane);
    }
}
