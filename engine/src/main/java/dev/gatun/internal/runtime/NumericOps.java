package dev.gatun.internal.runtime;

import dev.gatun.IntegerDivideByZeroTrap;
import dev.gatun.IntegerOverflowTrap;
import dev.gatun.InvalidConversionTrap;

/**
 * The numeric instructions whose Wasm semantics differ from the plain JVM instruction: trapping division and
 * truncation, unsigned operations, NaN-propagating min/max, bit-exact sign operations, unsigned conversions.
 * Compiled code calls these statically (HotSpot inlines them); the simple cases are emitted as JVM opcodes.
 */
public final class NumericOps {
    private NumericOps() {}

    // ---- integer division ----

    public static int i32DivS(int a, int b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        if (a == Integer.MIN_VALUE && b == -1) throw new IntegerOverflowTrap();
        return a / b;
    }

    public static int i32DivU(int a, int b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        return Integer.divideUnsigned(a, b);
    }

    /** INT_MIN rem -1 is 0 in both Wasm and the JVM. */
    public static int i32RemS(int a, int b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        return a % b;
    }

    public static int i32RemU(int a, int b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        return Integer.remainderUnsigned(a, b);
    }

    public static long i64DivS(long a, long b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        if (a == Long.MIN_VALUE && b == -1) throw new IntegerOverflowTrap();
        return a / b;
    }

    public static long i64DivU(long a, long b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        return Long.divideUnsigned(a, b);
    }

    public static long i64RemS(long a, long b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        return a % b;
    }

    public static long i64RemU(long a, long b) {
        if (b == 0) throw new IntegerDivideByZeroTrap();
        return Long.remainderUnsigned(a, b);
    }

    // ---- bit counting and rotation (i64 variants return i64) ----

    public static long i64Clz(long a) {
        return Long.numberOfLeadingZeros(a);
    }

    public static long i64Ctz(long a) {
        return Long.numberOfTrailingZeros(a);
    }

    public static long i64Popcnt(long a) {
        return Long.bitCount(a);
    }

    // ---- float operations on bits (NaN payloads must survive abs/neg/copysign) ----

    public static float f32Abs(float a) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(a) & 0x7FFFFFFF);
    }

    public static float f32Neg(float a) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(a) ^ 0x80000000);
    }

    public static float f32Copysign(float a, float b) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(a) & 0x7FFFFFFF)
                | (Float.floatToRawIntBits(b) & 0x80000000));
    }

    public static double f64Abs(double a) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(a) & 0x7FFFFFFFFFFFFFFFL);
    }

    public static double f64Neg(double a) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(a) ^ 0x8000000000000000L);
    }

    public static double f64Copysign(double a, double b) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(a) & 0x7FFFFFFFFFFFFFFFL)
                | (Double.doubleToRawLongBits(b) & 0x8000000000000000L));
    }

    // ---- rounding: ceil/floor/nearest of a float via double are exact (the result is integral) ----

    public static float f32Ceil(float a) {
        return (float) Math.ceil(a);
    }

    public static float f32Floor(float a) {
        return (float) Math.floor(a);
    }

    public static float f32Trunc(float a) {
        return (float) f64Trunc(a);
    }

    public static float f32Nearest(float a) {
        return (float) Math.rint(a);
    }

    /** sqrt via double then rounding to float is correctly rounded (double has over 2*24+2 bits). */
    public static float f32Sqrt(float a) {
        return (float) Math.sqrt(a);
    }

    /** Math's rounding returns a NaN input unchanged; Wasm wants it quiet (an arithmetic NaN). */
    public static double f64Trunc(double a) {
        if (a != a) return a + a;
        return a < 0 ? Math.ceil(a) : Math.floor(a);
    }

    public static double f64Ceil(double a) {
        return a != a ? a + a : Math.ceil(a);
    }

    public static double f64Floor(double a) {
        return a != a ? a + a : Math.floor(a);
    }

    public static double f64Nearest(double a) {
        return a != a ? a + a : Math.rint(a);
    }

    // ---- min/max: NaN if either is NaN (made arithmetic by an add), -0 < +0 ----

    public static float f32Min(float a, float b) {
        if (a != a || b != b) return a + b;
        return Math.min(a, b);
    }

    public static float f32Max(float a, float b) {
        if (a != a || b != b) return a + b;
        return Math.max(a, b);
    }

    public static double f64Min(double a, double b) {
        if (a != a || b != b) return a + b;
        return Math.min(a, b);
    }

    public static double f64Max(double a, double b) {
        if (a != a || b != b) return a + b;
        return Math.max(a, b);
    }

    // ---- trapping truncation: NaN is an invalid conversion, out of range an overflow ----

    private static void checkNaN(double a) {
        if (a != a) throw new InvalidConversionTrap();
    }

    /** Truncation to signed i32 is defined iff -2^31 - 1 < a < 2^31. */
    public static int i32TruncF64S(double a) {
        checkNaN(a);
        if (!(a > -2147483649.0 && a < 2147483648.0)) throw new IntegerOverflowTrap();
        return (int) a;
    }

    public static int i32TruncF64U(double a) {
        checkNaN(a);
        if (!(a > -1.0 && a < 4294967296.0)) throw new IntegerOverflowTrap();
        return (int) (long) a;
    }

    /** Every float is exactly a double, so the f32 variants reuse the f64 range checks. */
    public static int i32TruncF32S(float a) {
        return i32TruncF64S(a);
    }

    public static int i32TruncF32U(float a) {
        return i32TruncF64U(a);
    }

    public static long i64TruncF64S(double a) {
        checkNaN(a);
        if (!(a >= -9.223372036854775808E18 && a < 9.223372036854775808E18)) throw new IntegerOverflowTrap();
        return (long) a;
    }

    public static long i64TruncF64U(double a) {
        checkNaN(a);
        if (!(a > -1.0 && a < 1.8446744073709551616E19)) throw new IntegerOverflowTrap();
        return unsignedLongOf(a);
    }

    public static long i64TruncF32S(float a) {
        return i64TruncF64S(a);
    }

    public static long i64TruncF32U(float a) {
        return i64TruncF64U(a);
    }

    /** For 0 <= a < 2^64 (already truncated toward zero by the casts). */
    private static long unsignedLongOf(double a) {
        if (a < 9.223372036854775808E18) return (long) a;
        return (long) (a - 9.223372036854775808E18) ^ Long.MIN_VALUE;
    }

    // ---- saturating truncation: the JVM's signed casts already saturate and map NaN to 0 ----

    public static int i32TruncSatF64U(double a) {
        if (!(a > -1.0)) return 0; // negative or NaN
        if (a >= 4294967296.0) return -1;
        return (int) (long) a;
    }

    public static int i32TruncSatF32U(float a) {
        return i32TruncSatF64U(a);
    }

    public static long i64TruncSatF64U(double a) {
        if (!(a > -1.0)) return 0;
        if (a >= 1.8446744073709551616E19) return -1L;
        return unsignedLongOf(a);
    }

    public static long i64TruncSatF32U(float a) {
        return i64TruncSatF64U(a);
    }

    // ---- unsigned integer to float: one rounding, keeping a sticky bit when halving ----

    public static float f32ConvertI32U(int a) {
        return (float) Integer.toUnsignedLong(a);
    }

    public static double f64ConvertI32U(int a) {
        return (double) Integer.toUnsignedLong(a);
    }

    public static float f32ConvertI64U(long a) {
        if (a >= 0) return (float) a;
        return (float) ((a >>> 1) | (a & 1)) * 2.0f;
    }

    public static double f64ConvertI64U(long a) {
        if (a >= 0) return (double) a;
        return (double) ((a >>> 1) | (a & 1)) * 2.0;
    }
}
