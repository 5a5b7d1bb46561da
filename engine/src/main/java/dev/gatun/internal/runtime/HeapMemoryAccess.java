package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Loads and stores of every width on a {@link HeapMemory}'s array, called from compiled code with the array
 * taken from a JVM local. Operands come in Wasm stack order (address, then value) so the emitter needs no
 * shuffling; the memarg offset is a constant. An access is bounds-checked once, by the array access itself
 * (see {@link #index}): its {@code IndexOutOfBoundsException} becomes a {@link MemoryOutOfBoundsTrap} in the
 * same method, so nothing else sees it. Heap memories are always 32-bit (memory64 lives off-heap:
 * {@link SegmentMemoryAccess}).
 */
public final class HeapMemoryAccess {
    private HeapMemoryAccess() {}

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The effective address {@code address + offset} as an array index, for the access itself to bounds-check:
     * the array access (or VarHandle) is the one upper-bound check. Here only wrap-around is ruled out: an
     * address at or past 2^31 (negative as an int) is out of bounds for any array, and so is a sum that passes
     * 2^31. With offset 0 (most accesses; the offset is a constant the JIT folds) nothing is checked here at
     * all, since a negative index fails the access's own check.
     */
    private static int index(int address, long offset) {
        if (offset == 0) return address;
        int effective = address + (int) offset;
        if (offset > Integer.MAX_VALUE || (address | effective) < 0) throw new MemoryOutOfBoundsTrap();
        return effective;
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

    public static int i32Load(int address, byte[] memory, long offset) {
        try {
            return (int) INT.get(memory, index(address, offset));
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static long i64Load(int address, byte[] memory, long offset) {
        try {
            return (long) LONG.get(memory, index(address, offset));
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    /** Float loads go through the integer bits so NaN payloads survive. */
    public static float f32Load(int address, byte[] memory, long offset) {
        return Float.intBitsToFloat(i32Load(address, memory, offset));
    }

    public static double f64Load(int address, byte[] memory, long offset) {
        return Double.longBitsToDouble(i64Load(address, memory, offset));
    }

    public static int i32Load8S(int address, byte[] memory, long offset) {
        try {
            return memory[index(address, offset)];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static int i32Load8U(int address, byte[] memory, long offset) {
        return i32Load8S(address, memory, offset) & 0xFF;
    }

    public static int i32Load16S(int address, byte[] memory, long offset) {
        try {
            return (short) SHORT.get(memory, index(address, offset));
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static int i32Load16U(int address, byte[] memory, long offset) {
        return i32Load16S(address, memory, offset) & 0xFFFF;
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
        try {
            INT.set(memory, index(address, offset), value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void i64Store(int address, long value, byte[] memory, long offset) {
        try {
            LONG.set(memory, index(address, offset), value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void f32Store(int address, float value, byte[] memory, long offset) {
        i32Store(address, Float.floatToRawIntBits(value), memory, offset);
    }

    public static void f64Store(int address, double value, byte[] memory, long offset) {
        i64Store(address, Double.doubleToRawLongBits(value), memory, offset);
    }

    public static void i32Store8(int address, int value, byte[] memory, long offset) {
        try {
            memory[index(address, offset)] = (byte) value;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
    }

    public static void i32Store16(int address, int value, byte[] memory, long offset) {
        try {
            SHORT.set(memory, index(address, offset), (short) value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds();
        }
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
