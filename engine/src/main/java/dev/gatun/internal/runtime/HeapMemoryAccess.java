package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Loads and stores of every width on a {@link HeapMemory}'s array, called from compiled code with the array
 * and the memory's Wasm size taken from JVM locals: {@code i32Load(int address, byte[] bytes, int size, long
 * offset)}, {@code i32Store(int address, int value, byte[] bytes, int size, long offset)}. Operands come in Wasm
 * stack order (address, then value) so the emitter needs no shuffling; the memarg offset is a constant. The
 * array has spare capacity past the size ({@link HeapMemory}), so the bound is the size: an access of width w
 * at index i is checked by {@code Objects.checkIndex(i, size - w + 1)}, an intrinsic C2 treats like an array
 * range check (loop predication and range-check elimination hoist it out of loops), and its
 * {@code IndexOutOfBoundsException}, like the array access's own, becomes a {@link MemoryOutOfBoundsTrap} in
 * the same method, so nothing else sees it. Heap memories are always 32-bit (memory64 lives off-heap:
 * {@link SegmentMemoryAccess}).
 */
public final class HeapMemoryAccess {
    private HeapMemoryAccess() {}

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The effective address {@code address + offset} as an index, for {@link #checked} to bounds-check. Here
     * only wrap-around is ruled out: an address at or past 2^31 (negative as an int) is out of bounds for any
     * heap memory, and so is a sum that passes 2^31. With offset 0 (most accesses; the offset is a constant
     * the JIT folds) nothing is checked here at all, since a negative index fails the bound check.
     */
    private static int index(int address, long offset) {
        if (offset == 0) return address;
        int effective = address + (int) offset;
        if (offset > Integer.MAX_VALUE || (address | effective) < 0) throw new MemoryOutOfBoundsTrap();
        return effective;
    }

    /** The index of an access of {@code width} bytes, checked against the Wasm size (IOOBE when outside). */
    private static int checked(int address, long offset, int size, int width) {
        return Objects.checkIndex(index(address, offset), size - (width - 1));
    }

    /**
     * The little-endian views compiled code invokes directly in methods too large for C2 to inline these
     * helpers into (see {@code DirectMemoryAccess}): a VarHandle chain is force-inlined whatever the budget.
     */
    public static final VarHandle I16_VIEW = SHORT;
    public static final VarHandle I32_VIEW = INT;
    public static final VarHandle I64_VIEW = LONG;

    /** The array's own bounds check failed: the Wasm access is out of bounds (also thrown by compiled code). */
    public static MemoryOutOfBoundsTrap outOfBounds() {
        return new MemoryOutOfBoundsTrap();
    }

    public static int i32Load(int address, byte[] memory, int size, long offset) {
        try {
            return (int) INT.get(memory, checked(address, offset, size, 4));
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static long i64Load(int address, byte[] memory, int size, long offset) {
        try {
            return (long) LONG.get(memory, checked(address, offset, size, 8));
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    /** Float loads go through the integer bits so NaN payloads survive. */
    public static float f32Load(int address, byte[] memory, int size, long offset) {
        return Float.intBitsToFloat(i32Load(address, memory, size, offset));
    }

    public static double f64Load(int address, byte[] memory, int size, long offset) {
        return Double.longBitsToDouble(i64Load(address, memory, size, offset));
    }

    public static int i32Load8S(int address, byte[] memory, int size, long offset) {
        try {
            return memory[checked(address, offset, size, 1)];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static int i32Load8U(int address, byte[] memory, int size, long offset) {
        return i32Load8S(address, memory, size, offset) & 0xFF;
    }

    public static int i32Load16S(int address, byte[] memory, int size, long offset) {
        try {
            return (short) SHORT.get(memory, checked(address, offset, size, 2));
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static int i32Load16U(int address, byte[] memory, int size, long offset) {
        return i32Load16S(address, memory, size, offset) & 0xFFFF;
    }

    public static long i64Load8S(int address, byte[] memory, int size, long offset) {
        return i32Load8S(address, memory, size, offset);
    }

    public static long i64Load8U(int address, byte[] memory, int size, long offset) {
        return i32Load8U(address, memory, size, offset);
    }

    public static long i64Load16S(int address, byte[] memory, int size, long offset) {
        return i32Load16S(address, memory, size, offset);
    }

    public static long i64Load16U(int address, byte[] memory, int size, long offset) {
        return i32Load16U(address, memory, size, offset);
    }

    public static long i64Load32S(int address, byte[] memory, int size, long offset) {
        return i32Load(address, memory, size, offset);
    }

    public static long i64Load32U(int address, byte[] memory, int size, long offset) {
        return Integer.toUnsignedLong(i32Load(address, memory, size, offset));
    }

    public static void i32Store(int address, int value, byte[] memory, int size, long offset) {
        try {
            INT.set(memory, checked(address, offset, size, 4), value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void i64Store(int address, long value, byte[] memory, int size, long offset) {
        try {
            LONG.set(memory, checked(address, offset, size, 8), value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void f32Store(int address, float value, byte[] memory, int size, long offset) {
        i32Store(address, Float.floatToRawIntBits(value), memory, size, offset);
    }

    public static void f64Store(int address, double value, byte[] memory, int size, long offset) {
        i64Store(address, Double.doubleToRawLongBits(value), memory, size, offset);
    }

    public static void i32Store8(int address, int value, byte[] memory, int size, long offset) {
        try {
            memory[checked(address, offset, size, 1)] = (byte) value;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void i32Store16(int address, int value, byte[] memory, int size, long offset) {
        try {
            SHORT.set(memory, checked(address, offset, size, 2), (short) value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void i64Store8(int address, long value, byte[] memory, int size, long offset) {
        i32Store8(address, (int) value, memory, size, offset);
    }

    public static void i64Store16(int address, long value, byte[] memory, int size, long offset) {
        i32Store16(address, (int) value, memory, size, offset);
    }

    public static void i64Store32(int address, long value, byte[] memory, int size, long offset) {
        i32Store(address, (int) value, memory, size, offset);
    }
}
