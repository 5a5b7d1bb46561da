package dev.gatun.internal.runtime;

import static dev.gatun.internal.runtime.V128Lanes.i16;
import static dev.gatun.internal.runtime.V128Lanes.i32;
import static dev.gatun.internal.runtime.V128Lanes.i8;
import static dev.gatun.internal.runtime.V128Lanes.map16;
import static dev.gatun.internal.runtime.V128Lanes.map32;
import static dev.gatun.internal.runtime.V128Lanes.map64;
import static dev.gatun.internal.runtime.V128Lanes.map8;
import static dev.gatun.internal.runtime.V128Lanes.mask;
import static dev.gatun.internal.runtime.V128Lanes.of16;
import static dev.gatun.internal.runtime.V128Lanes.of32;
import static dev.gatun.internal.runtime.V128Lanes.of8;

import dev.gatun.V128;
import java.lang.invoke.MethodHandles;

/**
 * The integer and bitwise v128 instructions, called from compiled code. A method's name is its mnemonic in
 * camel case ({@code i8x16.add_sat_s} -> {@code i8x16AddSatS}); operands come in Wasm stack order, a lane
 * immediate last. Relaxed instructions pick one allowed result, always the same one (documented per method).
 */
public final class V128Ops {
    private V128Ops() {}

    // ---- constants, splat, lanes ----

    /** A v128 from the two longs a local keeps it in. */
    public static V128 pack(long lo, long hi) {
        return new V128(lo, hi);
    }

    /** Bootstrap of the dynamic constant that compiled code loads for {@code v128.const}. */
    public static V128 constant(MethodHandles.Lookup lookup, String name, Class<?> type, long lo, long hi) {
        return new V128(lo, hi);
    }

    public static V128 i8x16Splat(int x) {
        long b = x & 0xFFL;
        return splat64(b * 0x0101010101010101L);
    }

    public static V128 i16x8Splat(int x) {
        return splat64((x & 0xFFFFL) * 0x0001000100010001L);
    }

    public static V128 i32x4Splat(int x) {
        return splat64(V128Lanes.pack32(x, x));
    }

    public static V128 i64x2Splat(long x) {
        return splat64(x);
    }

    private static V128 splat64(long x) {
        return new V128(x, x);
    }

    public static int i8x16ExtractLaneS(V128 v, int lane) {
        return i8(v, lane);
    }

    public static int i8x16ExtractLaneU(V128 v, int lane) {
        return i8(v, lane) & 0xFF;
    }

    public static int i16x8ExtractLaneS(V128 v, int lane) {
        return i16(v, lane);
    }

    public static int i16x8ExtractLaneU(V128 v, int lane) {
        return i16(v, lane) & 0xFFFF;
    }

    public static int i32x4ExtractLane(V128 v, int lane) {
        return i32(v, lane);
    }

    public static long i64x2ExtractLane(V128 v, int lane) {
        return V128Lanes.i64(v, lane);
    }

    public static V128 i8x16ReplaceLane(V128 v, int x, int lane) {
        return replaceBits(v, lane * 8, 0xFFL, x);
    }

    public static V128 i16x8ReplaceLane(V128 v, int x, int lane) {
        return replaceBits(v, lane * 16, 0xFFFFL, x);
    }

    public static V128 i32x4ReplaceLane(V128 v, int x, int lane) {
        return replaceBits(v, lane * 32, 0xFFFFFFFFL, x);
    }

    public static V128 i64x2ReplaceLane(V128 v, long x, int lane) {
        return lane == 0 ? new V128(x, v.hi()) : new V128(v.lo(), x);
    }

    /** Replaces the bits at {@code bitOffset} (within one half) with {@code x & mask}. */
    static V128 replaceBits(V128 v, int bitOffset, long mask, long x) {
        int shift = bitOffset & 63;
        long cleared = ~(mask << shift);
        long bits = (x & mask) << shift;
        return bitOffset < 64 ? new V128((v.lo() & cleared) | bits, v.hi()) : new V128(v.lo(), (v.hi() & cleared) | bits);
    }

    /**
     * Lane indices come as two longs (16 index bytes, little-endian), all below 32 (validated). Plain loops,
     * no lambdas: shuffles are hot in hashing code (byte rotations), also before the JIT has inlined them.
     */
    public static V128 i8x16Shuffle(V128 a, V128 b, long indicesLo, long indicesHi) {
        return new V128(shuffleHalf(a, b, indicesLo), shuffleHalf(a, b, indicesHi));
    }

    private static long shuffleHalf(V128 a, V128 b, long indices) {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) (indices >>> (i * 8)) & 31;
            long source = index < 16 ? (index < 8 ? a.lo() : a.hi()) : (index < 24 ? b.lo() : b.hi());
            result |= ((source >>> ((index & 7) * 8)) & 0xFFL) << (i * 8);
        }
        return result;
    }

    public static V128 i8x16Swizzle(V128 a, V128 s) {
        return new V128(swizzleHalf(a, s.lo()), swizzleHalf(a, s.hi()));
    }

    private static long swizzleHalf(V128 a, long indices) {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) (indices >>> (i * 8)) & 0xFF;
            if (index >= 16) continue;
            long source = index < 8 ? a.lo() : a.hi();
            result |= ((source >>> ((index & 7) * 8)) & 0xFFL) << (i * 8);
        }
        return result;
    }

    /** Relaxed: behaves as {@link #i8x16Swizzle} (out-of-range indices give 0). */
    public static V128 i8x16RelaxedSwizzle(V128 a, V128 s) {
        return i8x16Swizzle(a, s);
    }

    // ---- bitwise ----

    public static V128 v128Not(V128 a) {
        return new V128(~a.lo(), ~a.hi());
    }

    public static V128 v128And(V128 a, V128 b) {
        return new V128(a.lo() & b.lo(), a.hi() & b.hi());
    }

    public static V128 v128Andnot(V128 a, V128 b) {
        return new V128(a.lo() & ~b.lo(), a.hi() & ~b.hi());
    }

    public static V128 v128Or(V128 a, V128 b) {
        return new V128(a.lo() | b.lo(), a.hi() | b.hi());
    }

    public static V128 v128Xor(V128 a, V128 b) {
        return new V128(a.lo() ^ b.lo(), a.hi() ^ b.hi());
    }

    public static V128 v128Bitselect(V128 a, V128 b, V128 c) {
        return new V128((a.lo() & c.lo()) | (b.lo() & ~c.lo()), (a.hi() & c.hi()) | (b.hi() & ~c.hi()));
    }

    public static int v128AnyTrue(V128 a) {
        return (a.lo() | a.hi()) != 0 ? 1 : 0;
    }

    /** Relaxed lane selects: behave as {@link #v128Bitselect} (bit-wise on the mask). */
    public static V128 i8x16RelaxedLaneselect(V128 a, V128 b, V128 c) {
        return v128Bitselect(a, b, c);
    }

    public static V128 i16x8RelaxedLaneselect(V128 a, V128 b, V128 c) {
        return v128Bitselect(a, b, c);
    }

    public static V128 i32x4RelaxedLaneselect(V128 a, V128 b, V128 c) {
        return v128Bitselect(a, b, c);
    }

    public static V128 i64x2RelaxedLaneselect(V128 a, V128 b, V128 c) {
        return v128Bitselect(a, b, c);
    }

    // ---- comparisons ----

    public static V128 i8x16Eq(V128 a, V128 b) { return map8(a, b, (x, y) -> mask(x == y)); }
    public static V128 i8x16Ne(V128 a, V128 b) { return map8(a, b, (x, y) -> mask(x != y)); }
    public static V128 i8x16LtS(V128 a, V128 b) { return map8(a, b, (x, y) -> mask(x < y)); }
    public static V128 i8x16LtU(V128 a, V128 b) { return map8(a, b, (x, y) -> mask((x & 0xFF) < (y & 0xFF))); }
    public static V128 i8x16GtS(V128 a, V128 b) { return map8(a, b, (x, y) -> mask(x > y)); }
    public static V128 i8x16GtU(V128 a, V128 b) { return map8(a, b, (x, y) -> mask((x & 0xFF) > (y & 0xFF))); }
    public static V128 i8x16LeS(V128 a, V128 b) { return map8(a, b, (x, y) -> mask(x <= y)); }
    public static V128 i8x16LeU(V128 a, V128 b) { return map8(a, b, (x, y) -> mask((x & 0xFF) <= (y & 0xFF))); }
    public static V128 i8x16GeS(V128 a, V128 b) { return map8(a, b, (x, y) -> mask(x >= y)); }
    public static V128 i8x16GeU(V128 a, V128 b) { return map8(a, b, (x, y) -> mask((x & 0xFF) >= (y & 0xFF))); }

    public static V128 i16x8Eq(V128 a, V128 b) { return map16(a, b, (x, y) -> mask(x == y)); }
    public static V128 i16x8Ne(V128 a, V128 b) { return map16(a, b, (x, y) -> mask(x != y)); }
    public static V128 i16x8LtS(V128 a, V128 b) { return map16(a, b, (x, y) -> mask(x < y)); }
    public static V128 i16x8LtU(V128 a, V128 b) { return map16(a, b, (x, y) -> mask((x & 0xFFFF) < (y & 0xFFFF))); }
    public static V128 i16x8GtS(V128 a, V128 b) { return map16(a, b, (x, y) -> mask(x > y)); }
    public static V128 i16x8GtU(V128 a, V128 b) { return map16(a, b, (x, y) -> mask((x & 0xFFFF) > (y & 0xFFFF))); }
    public static V128 i16x8LeS(V128 a, V128 b) { return map16(a, b, (x, y) -> mask(x <= y)); }
    public static V128 i16x8LeU(V128 a, V128 b) { return map16(a, b, (x, y) -> mask((x & 0xFFFF) <= (y & 0xFFFF))); }
    public static V128 i16x8GeS(V128 a, V128 b) { return map16(a, b, (x, y) -> mask(x >= y)); }
    public static V128 i16x8GeU(V128 a, V128 b) { return map16(a, b, (x, y) -> mask((x & 0xFFFF) >= (y & 0xFFFF))); }

    public static V128 i32x4Eq(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(x == y)); }
    public static V128 i32x4Ne(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(x != y)); }
    public static V128 i32x4LtS(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(x < y)); }
    public static V128 i32x4LtU(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(Integer.compareUnsigned(x, y) < 0)); }
    public static V128 i32x4GtS(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(x > y)); }
    public static V128 i32x4GtU(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(Integer.compareUnsigned(x, y) > 0)); }
    public static V128 i32x4LeS(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(x <= y)); }
    public static V128 i32x4LeU(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(Integer.compareUnsigned(x, y) <= 0)); }
    public static V128 i32x4GeS(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(x >= y)); }
    public static V128 i32x4GeU(V128 a, V128 b) { return map32(a, b, (x, y) -> mask(Integer.compareUnsigned(x, y) >= 0)); }

    public static V128 i64x2Eq(V128 a, V128 b) { return map64(a, b, (x, y) -> x == y ? -1L : 0L); }
    public static V128 i64x2Ne(V128 a, V128 b) { return map64(a, b, (x, y) -> x != y ? -1L : 0L); }
    public static V128 i64x2LtS(V128 a, V128 b) { return map64(a, b, (x, y) -> x < y ? -1L : 0L); }
    public static V128 i64x2GtS(V128 a, V128 b) { return map64(a, b, (x, y) -> x > y ? -1L : 0L); }
    public static V128 i64x2LeS(V128 a, V128 b) { return map64(a, b, (x, y) -> x <= y ? -1L : 0L); }
    public static V128 i64x2GeS(V128 a, V128 b) { return map64(a, b, (x, y) -> x >= y ? -1L : 0L); }

    // ---- unary, reductions ----

    public static V128 i8x16Abs(V128 a) { return map8(a, x -> Math.abs(x)); }
    public static V128 i8x16Neg(V128 a) { return map8(a, x -> -x); }
    public static V128 i8x16Popcnt(V128 a) { return map8(a, x -> Integer.bitCount(x & 0xFF)); }
    public static V128 i16x8Abs(V128 a) { return map16(a, x -> Math.abs(x)); }
    public static V128 i16x8Neg(V128 a) { return map16(a, x -> -x); }
    public static V128 i32x4Abs(V128 a) { return map32(a, x -> Math.abs(x)); }
    public static V128 i32x4Neg(V128 a) { return map32(a, x -> -x); }
    public static V128 i64x2Abs(V128 a) { return map64(a, x -> Math.abs(x)); }
    public static V128 i64x2Neg(V128 a) { return map64(a, x -> -x); }

    public static int i8x16AllTrue(V128 a) {
        for (int i = 0; i < 16; i++) if (i8(a, i) == 0) return 0;
        return 1;
    }

    public static int i16x8AllTrue(V128 a) {
        for (int i = 0; i < 8; i++) if (i16(a, i) == 0) return 0;
        return 1;
    }

    public static int i32x4AllTrue(V128 a) {
        for (int i = 0; i < 4; i++) if (i32(a, i) == 0) return 0;
        return 1;
    }

    public static int i64x2AllTrue(V128 a) {
        return a.lo() != 0 && a.hi() != 0 ? 1 : 0;
    }

    public static int i8x16Bitmask(V128 a) {
        int m = 0;
        for (int i = 0; i < 16; i++) if (i8(a, i) < 0) m |= 1 << i;
        return m;
    }

    public static int i16x8Bitmask(V128 a) {
        int m = 0;
        for (int i = 0; i < 8; i++) if (i16(a, i) < 0) m |= 1 << i;
        return m;
    }

    public static int i32x4Bitmask(V128 a) {
        int m = 0;
        for (int i = 0; i < 4; i++) if (i32(a, i) < 0) m |= 1 << i;
        return m;
    }

    public static int i64x2Bitmask(V128 a) {
        return (int) (a.lo() >>> 63) | (int) (a.hi() >>> 63) << 1;
    }

    // ---- shifts (count modulo the lane width) ----

    public static V128 i8x16Shl(V128 a, int n) { return map8(a, x -> x << (n & 7)); }
    public static V128 i8x16ShrS(V128 a, int n) { return map8(a, x -> x >> (n & 7)); }
    public static V128 i8x16ShrU(V128 a, int n) { return map8(a, x -> (x & 0xFF) >>> (n & 7)); }
    public static V128 i16x8Shl(V128 a, int n) { return map16(a, x -> x << (n & 15)); }
    public static V128 i16x8ShrS(V128 a, int n) { return map16(a, x -> x >> (n & 15)); }
    public static V128 i16x8ShrU(V128 a, int n) { return map16(a, x -> (x & 0xFFFF) >>> (n & 15)); }
    // 32-bit lanes directly on the halves: hot in hashing code (rotations), cheap even before inlining
    public static V128 i32x4Shl(V128 a, int n) { return new V128(shl32(a.lo(), n), shl32(a.hi(), n)); }
    public static V128 i32x4ShrS(V128 a, int n) { return new V128(shrS32(a.lo(), n), shrS32(a.hi(), n)); }
    public static V128 i32x4ShrU(V128 a, int n) { return new V128(shrU32(a.lo(), n), shrU32(a.hi(), n)); }

    private static long shl32(long x, int n) { return V128Lanes.pack32((int) x << n, (int) (x >>> 32) << n); }
    private static long shrS32(long x, int n) { return V128Lanes.pack32((int) x >> n, (int) (x >>> 32) >> n); }
    private static long shrU32(long x, int n) { return V128Lanes.pack32((int) x >>> n, (int) (x >>> 32) >>> n); }
    public static V128 i64x2Shl(V128 a, int n) { return map64(a, x -> x << n); }
    public static V128 i64x2ShrS(V128 a, int n) { return map64(a, x -> x >> n); }
    public static V128 i64x2ShrU(V128 a, int n) { return map64(a, x -> x >>> n); }

    // ---- arithmetic ----

    public static V128 i8x16Add(V128 a, V128 b) { return map8(a, b, (x, y) -> x + y); }
    public static V128 i8x16Sub(V128 a, V128 b) { return map8(a, b, (x, y) -> x - y); }
    public static V128 i8x16AddSatS(V128 a, V128 b) { return map8(a, b, (x, y) -> clamp(x + y, -128, 127)); }
    public static V128 i8x16AddSatU(V128 a, V128 b) { return map8(a, b, (x, y) -> clamp((x & 0xFF) + (y & 0xFF), 0, 255)); }
    public static V128 i8x16SubSatS(V128 a, V128 b) { return map8(a, b, (x, y) -> clamp(x - y, -128, 127)); }
    public static V128 i8x16SubSatU(V128 a, V128 b) { return map8(a, b, (x, y) -> clamp((x & 0xFF) - (y & 0xFF), 0, 255)); }
    public static V128 i8x16MinS(V128 a, V128 b) { return map8(a, b, Math::min); }
    public static V128 i8x16MinU(V128 a, V128 b) { return map8(a, b, (x, y) -> Math.min(x & 0xFF, y & 0xFF)); }
    public static V128 i8x16MaxS(V128 a, V128 b) { return map8(a, b, Math::max); }
    public static V128 i8x16MaxU(V128 a, V128 b) { return map8(a, b, (x, y) -> Math.max(x & 0xFF, y & 0xFF)); }
    public static V128 i8x16AvgrU(V128 a, V128 b) { return map8(a, b, (x, y) -> ((x & 0xFF) + (y & 0xFF) + 1) >>> 1); }

    public static V128 i16x8Add(V128 a, V128 b) { return map16(a, b, (x, y) -> x + y); }
    public static V128 i16x8Sub(V128 a, V128 b) { return map16(a, b, (x, y) -> x - y); }
    public static V128 i16x8Mul(V128 a, V128 b) { return map16(a, b, (x, y) -> x * y); }
    public static V128 i16x8AddSatS(V128 a, V128 b) { return map16(a, b, (x, y) -> clamp(x + y, -32768, 32767)); }
    public static V128 i16x8AddSatU(V128 a, V128 b) { return map16(a, b, (x, y) -> clamp((x & 0xFFFF) + (y & 0xFFFF), 0, 65535)); }
    public static V128 i16x8SubSatS(V128 a, V128 b) { return map16(a, b, (x, y) -> clamp(x - y, -32768, 32767)); }
    public static V128 i16x8SubSatU(V128 a, V128 b) { return map16(a, b, (x, y) -> clamp((x & 0xFFFF) - (y & 0xFFFF), 0, 65535)); }
    public static V128 i16x8MinS(V128 a, V128 b) { return map16(a, b, Math::min); }
    public static V128 i16x8MinU(V128 a, V128 b) { return map16(a, b, (x, y) -> Math.min(x & 0xFFFF, y & 0xFFFF)); }
    public static V128 i16x8MaxS(V128 a, V128 b) { return map16(a, b, Math::max); }
    public static V128 i16x8MaxU(V128 a, V128 b) { return map16(a, b, (x, y) -> Math.max(x & 0xFFFF, y & 0xFFFF)); }
    public static V128 i16x8AvgrU(V128 a, V128 b) { return map16(a, b, (x, y) -> ((x & 0xFFFF) + (y & 0xFFFF) + 1) >>> 1); }
    public static V128 i16x8Q15mulrSatS(V128 a, V128 b) { return map16(a, b, (x, y) -> clamp((x * y + 0x4000) >> 15, -32768, 32767)); }

    /** Relaxed: behaves as {@link #i16x8Q15mulrSatS} (saturating). */
    public static V128 i16x8RelaxedQ15mulrS(V128 a, V128 b) {
        return i16x8Q15mulrSatS(a, b);
    }

    public static V128 i32x4Add(V128 a, V128 b) { return new V128(add32(a.lo(), b.lo()), add32(a.hi(), b.hi())); }
    public static V128 i32x4Sub(V128 a, V128 b) { return new V128(sub32(a.lo(), b.lo()), sub32(a.hi(), b.hi())); }

    private static long add32(long x, long y) { return V128Lanes.pack32((int) x + (int) y, (int) (x >>> 32) + (int) (y >>> 32)); }
    private static long sub32(long x, long y) { return V128Lanes.pack32((int) x - (int) y, (int) (x >>> 32) - (int) (y >>> 32)); }
    public static V128 i32x4Mul(V128 a, V128 b) { return map32(a, b, (x, y) -> x * y); }
    public static V128 i32x4MinS(V128 a, V128 b) { return map32(a, b, Math::min); }
    public static V128 i32x4MinU(V128 a, V128 b) { return map32(a, b, (x, y) -> Integer.compareUnsigned(x, y) <= 0 ? x : y); }
    public static V128 i32x4MaxS(V128 a, V128 b) { return map32(a, b, Math::max); }
    public static V128 i32x4MaxU(V128 a, V128 b) { return map32(a, b, (x, y) -> Integer.compareUnsigned(x, y) >= 0 ? x : y); }

    public static V128 i64x2Add(V128 a, V128 b) { return new V128(a.lo() + b.lo(), a.hi() + b.hi()); }
    public static V128 i64x2Sub(V128 a, V128 b) { return new V128(a.lo() - b.lo(), a.hi() - b.hi()); }
    public static V128 i64x2Mul(V128 a, V128 b) { return new V128(a.lo() * b.lo(), a.hi() * b.hi()); }

    private static int clamp(int x, int min, int max) {
        return Math.max(min, Math.min(max, x));
    }

    // ---- narrow, extend, pairwise, extmul, dot ----

    public static V128 i8x16NarrowI16x8S(V128 a, V128 b) {
        return of8(i -> clamp(i < 8 ? i16(a, i) : i16(b, i - 8), -128, 127));
    }

    public static V128 i8x16NarrowI16x8U(V128 a, V128 b) {
        return of8(i -> clamp(i < 8 ? i16(a, i) : i16(b, i - 8), 0, 255));
    }

    public static V128 i16x8NarrowI32x4S(V128 a, V128 b) {
        return of16(i -> clamp(i < 4 ? i32(a, i) : i32(b, i - 4), -32768, 32767));
    }

    public static V128 i16x8NarrowI32x4U(V128 a, V128 b) {
        return of16(i -> clamp(i < 4 ? i32(a, i) : i32(b, i - 4), 0, 65535));
    }

    public static V128 i16x8ExtendLowI8x16S(V128 a) { return of16(i -> i8(a, i)); }
    public static V128 i16x8ExtendHighI8x16S(V128 a) { return of16(i -> i8(a, i + 8)); }
    public static V128 i16x8ExtendLowI8x16U(V128 a) { return of16(i -> i8(a, i) & 0xFF); }
    public static V128 i16x8ExtendHighI8x16U(V128 a) { return of16(i -> i8(a, i + 8) & 0xFF); }
    public static V128 i32x4ExtendLowI16x8S(V128 a) { return of32(i -> i16(a, i)); }
    public static V128 i32x4ExtendHighI16x8S(V128 a) { return of32(i -> i16(a, i + 4)); }
    public static V128 i32x4ExtendLowI16x8U(V128 a) { return of32(i -> i16(a, i) & 0xFFFF); }
    public static V128 i32x4ExtendHighI16x8U(V128 a) { return of32(i -> i16(a, i + 4) & 0xFFFF); }
    public static V128 i64x2ExtendLowI32x4S(V128 a) { return new V128(i32(a, 0), i32(a, 1)); }
    public static V128 i64x2ExtendHighI32x4S(V128 a) { return new V128(i32(a, 2), i32(a, 3)); }
    public static V128 i64x2ExtendLowI32x4U(V128 a) { return new V128(a.lo() & 0xFFFFFFFFL, a.lo() >>> 32); }
    public static V128 i64x2ExtendHighI32x4U(V128 a) { return new V128(a.hi() & 0xFFFFFFFFL, a.hi() >>> 32); }

    public static V128 i16x8ExtaddPairwiseI8x16S(V128 a) { return of16(i -> i8(a, 2 * i) + i8(a, 2 * i + 1)); }
    public static V128 i16x8ExtaddPairwiseI8x16U(V128 a) { return of16(i -> (i8(a, 2 * i) & 0xFF) + (i8(a, 2 * i + 1) & 0xFF)); }
    public static V128 i32x4ExtaddPairwiseI16x8S(V128 a) { return of32(i -> i16(a, 2 * i) + i16(a, 2 * i + 1)); }
    public static V128 i32x4ExtaddPairwiseI16x8U(V128 a) { return of32(i -> (i16(a, 2 * i) & 0xFFFF) + (i16(a, 2 * i + 1) & 0xFFFF)); }

    public static V128 i16x8ExtmulLowI8x16S(V128 a, V128 b) { return of16(i -> i8(a, i) * i8(b, i)); }
    public static V128 i16x8ExtmulHighI8x16S(V128 a, V128 b) { return of16(i -> i8(a, i + 8) * i8(b, i + 8)); }
    public static V128 i16x8ExtmulLowI8x16U(V128 a, V128 b) { return of16(i -> (i8(a, i) & 0xFF) * (i8(b, i) & 0xFF)); }
    public static V128 i16x8ExtmulHighI8x16U(V128 a, V128 b) { return of16(i -> (i8(a, i + 8) & 0xFF) * (i8(b, i + 8) & 0xFF)); }
    public static V128 i32x4ExtmulLowI16x8S(V128 a, V128 b) { return of32(i -> i16(a, i) * i16(b, i)); }
    public static V128 i32x4ExtmulHighI16x8S(V128 a, V128 b) { return of32(i -> i16(a, i + 4) * i16(b, i + 4)); }
    public static V128 i32x4ExtmulLowI16x8U(V128 a, V128 b) { return of32(i -> (i16(a, i) & 0xFFFF) * (i16(b, i) & 0xFFFF)); }
    public static V128 i32x4ExtmulHighI16x8U(V128 a, V128 b) { return of32(i -> (i16(a, i + 4) & 0xFFFF) * (i16(b, i + 4) & 0xFFFF)); }
    public static V128 i64x2ExtmulLowI32x4S(V128 a, V128 b) { return new V128((long) i32(a, 0) * i32(b, 0), (long) i32(a, 1) * i32(b, 1)); }
    public static V128 i64x2ExtmulHighI32x4S(V128 a, V128 b) { return new V128((long) i32(a, 2) * i32(b, 2), (long) i32(a, 3) * i32(b, 3)); }

    public static V128 i64x2ExtmulLowI32x4U(V128 a, V128 b) {
        return new V128((a.lo() & 0xFFFFFFFFL) * (b.lo() & 0xFFFFFFFFL), (a.lo() >>> 32) * (b.lo() >>> 32));
    }

    public static V128 i64x2ExtmulHighI32x4U(V128 a, V128 b) {
        return new V128((a.hi() & 0xFFFFFFFFL) * (b.hi() & 0xFFFFFFFFL), (a.hi() >>> 32) * (b.hi() >>> 32));
    }

    public static V128 i32x4DotI16x8S(V128 a, V128 b) {
        return of32(i -> i16(a, 2 * i) * i16(b, 2 * i) + i16(a, 2 * i + 1) * i16(b, 2 * i + 1));
    }

    /** Relaxed: the second operand's bytes are taken as signed; the sum wraps to 16 bits. */
    public static V128 i16x8RelaxedDotI8x16I7x16S(V128 a, V128 b) {
        return of16(i -> i8(a, 2 * i) * i8(b, 2 * i) + i8(a, 2 * i + 1) * i8(b, 2 * i + 1));
    }

    /** Relaxed: as {@link #i16x8RelaxedDotI8x16I7x16S}, four products per 32-bit lane, plus {@code c}. */
    public static V128 i32x4RelaxedDotI8x16I7x16AddS(V128 a, V128 b, V128 c) {
        return of32(i -> {
            int sum = i32(c, i);
            for (int k = 4 * i; k < 4 * i + 4; k++) sum += i8(a, k) * i8(b, k);
            return sum;
        });
    }
}
