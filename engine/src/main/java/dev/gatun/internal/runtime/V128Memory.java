package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.V128;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * v128 loads and stores (full, extending, splat, zero-filling and single-lane) on a heap memory's array,
 * called like {@link HeapMemoryAccess}: operands in Wasm stack order, then the array, the Wasm size
 * (the bound: the array has spare capacity past it) and the constant memarg offset (and the lane immediate). Bounds are checked over the whole access before anything is read
 * or written, so an out-of-bounds access traps without a partial effect, exactly like scalar accesses.
 * Off-heap memories (memory64 among them) use {@link V128SegmentAccess}.
 */
public final class V128Memory {
    private V128Memory() {}

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static int address(int memorySize, int address, long offset, int width) {
        long effective = Integer.toUnsignedLong(address) + offset;
        if (offset < 0 || effective > memorySize - width) throw new MemoryOutOfBoundsTrap();
        return (int) effective;
    }

    public static V128 v128Load(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 16);
        return new V128((long) LONG.get(m, i), (long) LONG.get(m, i + 8));
    }

    public static V128 v128Load8x8S(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i16x8ExtendLowI8x16S(new V128((long) LONG.get(m, i), 0));
    }

    public static V128 v128Load8x8U(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i16x8ExtendLowI8x16U(new V128((long) LONG.get(m, i), 0));
    }

    public static V128 v128Load16x4S(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i32x4ExtendLowI16x8S(new V128((long) LONG.get(m, i), 0));
    }

    public static V128 v128Load16x4U(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i32x4ExtendLowI16x8U(new V128((long) LONG.get(m, i), 0));
    }

    public static V128 v128Load32x2S(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i64x2ExtendLowI32x4S(new V128((long) LONG.get(m, i), 0));
    }

    public static V128 v128Load32x2U(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i64x2ExtendLowI32x4U(new V128((long) LONG.get(m, i), 0));
    }

    public static V128 v128Load8Splat(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 1);
        return V128Ops.i8x16Splat(m[i]);
    }

    public static V128 v128Load16Splat(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 2);
        return V128Ops.i16x8Splat((short) SHORT.get(m, i));
    }

    public static V128 v128Load32Splat(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 4);
        return V128Ops.i32x4Splat((int) INT.get(m, i));
    }

    public static V128 v128Load64Splat(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return V128Ops.i64x2Splat((long) LONG.get(m, i));
    }

    public static V128 v128Load32Zero(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 4);
        return new V128((int) INT.get(m, i) & 0xFFFFFFFFL, 0);
    }

    public static V128 v128Load64Zero(int address, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 8);
        return new V128((long) LONG.get(m, i), 0);
    }

    public static void v128Store(int address, V128 v, byte[] m, int size, long offset) {
        int i = address(size, address, offset, 16);
        LONG.set(m, i, v.lo());
        LONG.set(m, i + 8, v.hi());
    }

    public static V128 v128Load8Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 1);
        return V128Ops.i8x16ReplaceLane(v, m[i], lane);
    }

    public static V128 v128Load16Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 2);
        return V128Ops.i16x8ReplaceLane(v, (short) SHORT.get(m, i), lane);
    }

    public static V128 v128Load32Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 4);
        return V128Ops.i32x4ReplaceLane(v, (int) INT.get(m, i), lane);
    }

    public static V128 v128Load64Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 8);
        return V128Ops.i64x2ReplaceLane(v, (long) LONG.get(m, i), lane);
    }

    public static void v128Store8Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 1);
        m[i] = (byte) V128Ops.i8x16ExtractLaneS(v, lane);
    }

    public static void v128Store16Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 2);
        SHORT.set(m, i, (short) V128Ops.i16x8ExtractLaneS(v, lane));
    }

    public static void v128Store32Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 4);
        INT.set(m, i, V128Ops.i32x4ExtractLane(v, lane));
    }

    public static void v128Store64Lane(int address, V128 v, byte[] m, int size, long offset, int lane) {
        int i = address(size, address, offset, 8);
        LONG.set(m, i, V128Ops.i64x2ExtractLane(v, lane));
    }
}
