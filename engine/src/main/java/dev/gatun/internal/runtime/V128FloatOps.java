package dev.gatun.internal.runtime;

import static dev.gatun.internal.runtime.V128Lanes.i32;
import static dev.gatun.internal.runtime.V128Lanes.mask;
import static dev.gatun.internal.runtime.V128Lanes.pack32;

import dev.gatun.V128;

/**
 * The floating-point v128 instructions (lanes, arithmetic, comparisons, rounding, conversions), named like
 * {@link V128Ops}. Lanes travel as raw bits so NaN payloads survive; arithmetic uses the JVM's IEEE
 * operations, whose NaN results are canonical or arithmetic exactly as Wasm allows (the scalar helpers of
 * {@link NumericOps} supply min/max/rounding with Wasm's rules).
 */
public final class V128FloatOps {
    private V128FloatOps() {}

    @FunctionalInterface
    interface FloatBinary {
        float apply(float a, float b);
    }

    @FunctionalInterface
    interface FloatUnary {
        float apply(float a);
    }

    @FunctionalInterface
    interface DoubleBinary {
        double apply(double a, double b);
    }

    @FunctionalInterface
    interface DoubleUnary {
        double apply(double a);
    }

    @FunctionalInterface
    interface FloatCompare {
        boolean test(float a, float b);
    }

    @FunctionalInterface
    interface DoubleCompare {
        boolean test(double a, double b);
    }

    private static float f32(V128 v, int i) {
        return Float.intBitsToFloat(i32(v, i));
    }

    private static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static V128 mapF32(V128 a, V128 b, FloatBinary f) {
        return new V128(pack32(bits(f.apply(f32(a, 0), f32(b, 0))), bits(f.apply(f32(a, 1), f32(b, 1)))),
                pack32(bits(f.apply(f32(a, 2), f32(b, 2))), bits(f.apply(f32(a, 3), f32(b, 3)))));
    }

    private static V128 mapF32(V128 a, FloatUnary f) {
        return new V128(pack32(bits(f.apply(f32(a, 0))), bits(f.apply(f32(a, 1)))),
                pack32(bits(f.apply(f32(a, 2))), bits(f.apply(f32(a, 3)))));
    }

    private static V128 compareF32(V128 a, V128 b, FloatCompare f) {
        return new V128(pack32(mask(f.test(f32(a, 0), f32(b, 0))), mask(f.test(f32(a, 1), f32(b, 1)))),
                pack32(mask(f.test(f32(a, 2), f32(b, 2))), mask(f.test(f32(a, 3), f32(b, 3)))));
    }

    private static V128 mapF64(V128 a, V128 b, DoubleBinary f) {
        return new V128(bits(f.apply(f64(a.lo()), f64(b.lo()))), bits(f.apply(f64(a.hi()), f64(b.hi()))));
    }

    private static V128 mapF64(V128 a, DoubleUnary f) {
        return new V128(bits(f.apply(f64(a.lo()))), bits(f.apply(f64(a.hi()))));
    }

    private static V128 compareF64(V128 a, V128 b, DoubleCompare f) {
        return new V128(f.test(f64(a.lo()), f64(b.lo())) ? -1L : 0L, f.test(f64(a.hi()), f64(b.hi())) ? -1L : 0L);
    }

    // ---- splat and lanes ----

    public static V128 f32x4Splat(float x) {
        return V128Ops.i32x4Splat(bits(x));
    }

    public static V128 f64x2Splat(double x) {
        long b = bits(x);
        return new V128(b, b);
    }

    public static float f32x4ExtractLane(V128 v, int lane) {
        return f32(v, lane);
    }

    public static double f64x2ExtractLane(V128 v, int lane) {
        return f64(lane == 0 ? v.lo() : v.hi());
    }

    public static V128 f32x4ReplaceLane(V128 v, float x, int lane) {
        return V128Ops.i32x4ReplaceLane(v, bits(x), lane);
    }

    public static V128 f64x2ReplaceLane(V128 v, double x, int lane) {
        return V128Ops.i64x2ReplaceLane(v, bits(x), lane);
    }

    // ---- comparisons ----

    public static V128 f32x4Eq(V128 a, V128 b) { return compareF32(a, b, (x, y) -> x == y); }
    public static V128 f32x4Ne(V128 a, V128 b) { return compareF32(a, b, (x, y) -> x != y); }
    public static V128 f32x4Lt(V128 a, V128 b) { return compareF32(a, b, (x, y) -> x < y); }
    public static V128 f32x4Gt(V128 a, V128 b) { return compareF32(a, b, (x, y) -> x > y); }
    public static V128 f32x4Le(V128 a, V128 b) { return compareF32(a, b, (x, y) -> x <= y); }
    public static V128 f32x4Ge(V128 a, V128 b) { return compareF32(a, b, (x, y) -> x >= y); }
    public static V128 f64x2Eq(V128 a, V128 b) { return compareF64(a, b, (x, y) -> x == y); }
    public static V128 f64x2Ne(V128 a, V128 b) { return compareF64(a, b, (x, y) -> x != y); }
    public static V128 f64x2Lt(V128 a, V128 b) { return compareF64(a, b, (x, y) -> x < y); }
    public static V128 f64x2Gt(V128 a, V128 b) { return compareF64(a, b, (x, y) -> x > y); }
    public static V128 f64x2Le(V128 a, V128 b) { return compareF64(a, b, (x, y) -> x <= y); }
    public static V128 f64x2Ge(V128 a, V128 b) { return compareF64(a, b, (x, y) -> x >= y); }

    // ---- arithmetic ----

    /** abs/neg only touch the sign bit (NaN payloads kept, as Wasm requires). */
    public static V128 f32x4Abs(V128 a) { return new V128(a.lo() & 0x7FFFFFFF7FFFFFFFL, a.hi() & 0x7FFFFFFF7FFFFFFFL); }
    public static V128 f32x4Neg(V128 a) { return new V128(a.lo() ^ 0x8000000080000000L, a.hi() ^ 0x8000000080000000L); }
    public static V128 f64x2Abs(V128 a) { return new V128(a.lo() & Long.MAX_VALUE, a.hi() & Long.MAX_VALUE); }
    public static V128 f64x2Neg(V128 a) { return new V128(a.lo() ^ Long.MIN_VALUE, a.hi() ^ Long.MIN_VALUE); }

    public static V128 f32x4Sqrt(V128 a) { return mapF32(a, NumericOps::f32Sqrt); }
    public static V128 f32x4Add(V128 a, V128 b) { return mapF32(a, b, (x, y) -> x + y); }
    public static V128 f32x4Sub(V128 a, V128 b) { return mapF32(a, b, (x, y) -> x - y); }
    public static V128 f32x4Mul(V128 a, V128 b) { return mapF32(a, b, (x, y) -> x * y); }
    public static V128 f32x4Div(V128 a, V128 b) { return mapF32(a, b, (x, y) -> x / y); }
    public static V128 f32x4Min(V128 a, V128 b) { return mapF32(a, b, NumericOps::f32Min); }
    public static V128 f32x4Max(V128 a, V128 b) { return mapF32(a, b, NumericOps::f32Max); }
    /** pmin/pmax: {@code b < a ? b : a} exactly, NaN operands passed through as they are. */
    public static V128 f32x4Pmin(V128 a, V128 b) { return mapF32(a, b, (x, y) -> y < x ? y : x); }
    public static V128 f32x4Pmax(V128 a, V128 b) { return mapF32(a, b, (x, y) -> x < y ? y : x); }
    public static V128 f64x2Sqrt(V128 a) { return mapF64(a, Math::sqrt); }
    public static V128 f64x2Add(V128 a, V128 b) { return mapF64(a, b, (x, y) -> x + y); }
    public static V128 f64x2Sub(V128 a, V128 b) { return mapF64(a, b, (x, y) -> x - y); }
    public static V128 f64x2Mul(V128 a, V128 b) { return mapF64(a, b, (x, y) -> x * y); }
    public static V128 f64x2Div(V128 a, V128 b) { return mapF64(a, b, (x, y) -> x / y); }
    public static V128 f64x2Min(V128 a, V128 b) { return mapF64(a, b, NumericOps::f64Min); }
    public static V128 f64x2Max(V128 a, V128 b) { return mapF64(a, b, NumericOps::f64Max); }
    public static V128 f64x2Pmin(V128 a, V128 b) { return mapF64(a, b, (x, y) -> y < x ? y : x); }
    public static V128 f64x2Pmax(V128 a, V128 b) { return mapF64(a, b, (x, y) -> x < y ? y : x); }

    /** Relaxed min/max: behave as the deterministic {@code min}/{@code max}. */
    public static V128 f32x4RelaxedMin(V128 a, V128 b) { return f32x4Min(a, b); }
    public static V128 f32x4RelaxedMax(V128 a, V128 b) { return f32x4Max(a, b); }
    public static V128 f64x2RelaxedMin(V128 a, V128 b) { return f64x2Min(a, b); }
    public static V128 f64x2RelaxedMax(V128 a, V128 b) { return f64x2Max(a, b); }

    /** Relaxed multiply-add: always fused (one rounding). */
    public static V128 f32x4RelaxedMadd(V128 a, V128 b, V128 c) {
        return new V128(pack32(bits(Math.fma(f32(a, 0), f32(b, 0), f32(c, 0))), bits(Math.fma(f32(a, 1), f32(b, 1), f32(c, 1)))),
                pack32(bits(Math.fma(f32(a, 2), f32(b, 2), f32(c, 2))), bits(Math.fma(f32(a, 3), f32(b, 3), f32(c, 3)))));
    }

    public static V128 f32x4RelaxedNmadd(V128 a, V128 b, V128 c) {
        return f32x4RelaxedMadd(f32x4Neg(a), b, c);
    }

    public static V128 f64x2RelaxedMadd(V128 a, V128 b, V128 c) {
        return new V128(bits(Math.fma(f64(a.lo()), f64(b.lo()), f64(c.lo()))), bits(Math.fma(f64(a.hi()), f64(b.hi()), f64(c.hi()))));
    }

    public static V128 f64x2RelaxedNmadd(V128 a, V128 b, V128 c) {
        return f64x2RelaxedMadd(f64x2Neg(a), b, c);
    }

    // ---- rounding ----

    public static V128 f32x4Ceil(V128 a) { return mapF32(a, NumericOps::f32Ceil); }
    public static V128 f32x4Floor(V128 a) { return mapF32(a, NumericOps::f32Floor); }
    public static V128 f32x4Trunc(V128 a) { return mapF32(a, NumericOps::f32Trunc); }
    public static V128 f32x4Nearest(V128 a) { return mapF32(a, NumericOps::f32Nearest); }
    public static V128 f64x2Ceil(V128 a) { return mapF64(a, NumericOps::f64Ceil); }
    public static V128 f64x2Floor(V128 a) { return mapF64(a, NumericOps::f64Floor); }
    public static V128 f64x2Trunc(V128 a) { return mapF64(a, NumericOps::f64Trunc); }
    public static V128 f64x2Nearest(V128 a) { return mapF64(a, NumericOps::f64Nearest); }

    // ---- conversions ----

    /** Java's float-to-int cast already saturates and maps NaN to 0, as trunc_sat_s requires. */
    public static V128 i32x4TruncSatF32x4S(V128 a) {
        return new V128(pack32((int) f32(a, 0), (int) f32(a, 1)), pack32((int) f32(a, 2), (int) f32(a, 3)));
    }

    public static V128 i32x4TruncSatF32x4U(V128 a) {
        return new V128(pack32(NumericOps.i32TruncSatF32U(f32(a, 0)), NumericOps.i32TruncSatF32U(f32(a, 1))),
                pack32(NumericOps.i32TruncSatF32U(f32(a, 2)), NumericOps.i32TruncSatF32U(f32(a, 3))));
    }

    public static V128 i32x4TruncSatF64x2SZero(V128 a) {
        return new V128(pack32((int) f64(a.lo()), (int) f64(a.hi())), 0);
    }

    public static V128 i32x4TruncSatF64x2UZero(V128 a) {
        return new V128(pack32(NumericOps.i32TruncSatF64U(f64(a.lo())), NumericOps.i32TruncSatF64U(f64(a.hi()))), 0);
    }

    /** Relaxed truncations: behave as the saturating ones. */
    public static V128 i32x4RelaxedTruncF32x4S(V128 a) { return i32x4TruncSatF32x4S(a); }
    public static V128 i32x4RelaxedTruncF32x4U(V128 a) { return i32x4TruncSatF32x4U(a); }
    public static V128 i32x4RelaxedTruncF64x2SZero(V128 a) { return i32x4TruncSatF64x2SZero(a); }
    public static V128 i32x4RelaxedTruncF64x2UZero(V128 a) { return i32x4TruncSatF64x2UZero(a); }

    public static V128 f32x4ConvertI32x4S(V128 a) {
        return new V128(pack32(bits((float) i32(a, 0)), bits((float) i32(a, 1))), pack32(bits((float) i32(a, 2)), bits((float) i32(a, 3))));
    }

    public static V128 f32x4ConvertI32x4U(V128 a) {
        return new V128(pack32(bits(NumericOps.f32ConvertI32U(i32(a, 0))), bits(NumericOps.f32ConvertI32U(i32(a, 1)))),
                pack32(bits(NumericOps.f32ConvertI32U(i32(a, 2))), bits(NumericOps.f32ConvertI32U(i32(a, 3)))));
    }

    public static V128 f64x2ConvertLowI32x4S(V128 a) {
        return new V128(bits((double) i32(a, 0)), bits((double) i32(a, 1)));
    }

    public static V128 f64x2ConvertLowI32x4U(V128 a) {
        return new V128(bits((double) Integer.toUnsignedLong(i32(a, 0))), bits((double) Integer.toUnsignedLong(i32(a, 1))));
    }

    public static V128 f32x4DemoteF64x2Zero(V128 a) {
        return new V128(pack32(bits((float) f64(a.lo())), bits((float) f64(a.hi()))), 0);
    }

    public static V128 f64x2PromoteLowF32x4(V128 a) {
        return new V128(bits((double) f32(a, 0)), bits((double) f32(a, 1)));
    }
}
