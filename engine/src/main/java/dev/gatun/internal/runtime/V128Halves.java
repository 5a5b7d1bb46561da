package dev.gatun.internal.runtime;

/**
 * Lane-wise integer v128 operations on one 64-bit half at a time: compiled code keeps a v128 as two
 * {@code long}s and calls {@code op(aLo, bLo)} then {@code op(aHi, bHi)} (see the compiler's
 * {@code SimdEmitter}). Methods are named like {@link V128Ops}' (the mnemonic in camel case), which they
 * agree with lane for lane. Bitwise operations and i64x2 add/sub/mul/shifts need no helper (plain bytecode).
 */
public final class V128Halves {
    private V128Halves() {}

    private static final long LOW_BITS_8 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BIT_8 = 0x8080808080808080L;
    private static final long LOW_BITS_16 = 0x7FFF7FFF7FFF7FFFL;
    private static final long HIGH_BIT_16 = 0x8000800080008000L;
    private static final long LOW_32 = 0xFFFFFFFFL;
    /** Multiplying a 32-bit value by this copies it into both 32-bit lanes. */
    private static final long LANE_32_ONES = 0x1_0000_0001L;
    /** Bit 32: where the low 32-bit lane's carry (or borrow) lands in the high one. */
    private static final long CARRY_INTO_HIGH_32 = 1L << 32;

    static long pack32(int lo, int hi) {
        return (lo & LOW_32) | ((long) hi << 32);
    }

    // ---- splats (the half; both halves are equal) ----

    public static long i8x16Splat(int x) {
        return (x & 0xFFL) * 0x0101010101010101L;
    }

    public static long i16x8Splat(int x) {
        return (x & 0xFFFFL) * 0x0001000100010001L;
    }

    public static long i32x4Splat(int x) {
        return pack32(x, x);
    }

    // ---- lanes ----

    /** Replaces the bits {@code mask << shift} of {@code half} with {@code x}'s low bits. */
    public static long insertBits(long x, long half, long mask, int shift) {
        return (half & ~(mask << shift)) | ((x & mask) << shift);
    }

    /** One result half of i8x16.shuffle: {@code indices} holds its 8 lane indices (bytes, each below 32). */
    public static long i8x16Shuffle(long aLo, long aHi, long bLo, long bHi, long indices) {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) (indices >>> (i * 8)) & 31;
            long source = index < 16 ? (index < 8 ? aLo : aHi) : (index < 24 ? bLo : bHi);
            result |= ((source >>> ((index & 7) * 8)) & 0xFFL) << (i * 8);
        }
        return result;
    }

    /** One result half of i8x16.swizzle: indices from {@code indices}' bytes, 16 and above give 0. */
    public static long i8x16Swizzle(long aLo, long aHi, long indices) {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) (indices >>> (i * 8)) & 0xFF;
            if (index >= 16) continue;
            long source = index < 8 ? aLo : aHi;
            result |= ((source >>> ((index & 7) * 8)) & 0xFFL) << (i * 8);
        }
        return result;
    }

    /**
     * Rotates each 32-bit lane right by {@code bits} (a shuffle of bytes inside each lane): both lanes at once,
     * the bits that stay shifted right and the bits that wrap shifted left, each masked to its own lane
     * (5 operations once the count is a constant; extracting and repacking the lanes took 8).
     */
    public static long rotateRight32(long x, int bits) {
        int s = bits & 31;
        long stayMask = (LOW_32 >>> s) * LANE_32_ONES;
        long wrapMask = ((LOW_32 << (32 - s)) & LOW_32) * LANE_32_ONES; // 0 when s is 0: nothing wraps
        return ((x >>> s) & stayMask) | ((x << (32 - s)) & wrapMask);
    }

    // ---- i8x16 ----

    public static long i8x16Add(long a, long b) {
        return ((a & LOW_BITS_8) + (b & LOW_BITS_8)) ^ ((a ^ b) & HIGH_BIT_8);
    }

    public static long i8x16Sub(long a, long b) {
        return ((a | HIGH_BIT_8) - (b & LOW_BITS_8)) ^ ((a ^ ~b) & HIGH_BIT_8);
    }

    public static long i8x16Eq(long a, long b) {
        long diff = a ^ b; // a lane is 0 where equal
        long nonZero = ((diff & LOW_BITS_8) + LOW_BITS_8 | diff) & HIGH_BIT_8; // high bit set where lane != 0
        return spreadHighBit8(nonZero ^ HIGH_BIT_8);
    }

    /** Fills each byte whose high bit is set with ones (and clears the others). */
    private static long spreadHighBit8(long highBits) {
        return (highBits >>> 7) * 0xFF;
    }

    // ---- i16x8 ----

    public static long i16x8Add(long a, long b) {
        return ((a & LOW_BITS_16) + (b & LOW_BITS_16)) ^ ((a ^ b) & HIGH_BIT_16);
    }

    public static long i16x8Sub(long a, long b) {
        return ((a | HIGH_BIT_16) - (b & LOW_BITS_16)) ^ ((a ^ ~b) & HIGH_BIT_16);
    }

    /**
     * Lane {@code k}'s product is bits {@code 16k..16k+15} of (lane {@code k} of {@code a} in place) times
     * ({@code b >>> 16k}): the other products of that multiplication land at bit {@code 16k + 16} or above.
     * Four multiplies, no per-lane extraction (intgemm-simd's inner loop runs 32 of these per iteration).
     */
    public static long i16x8Mul(long a, long b) {
        return (a * b & 0xFFFFL)
                | ((a & 0xFFFF0000L) * (b >>> 16) & 0xFFFF0000L)
                | ((a & 0xFFFF00000000L) * (b >>> 32) & 0xFFFF00000000L)
                | (a & 0xFFFF000000000000L) * (b >>> 48);
    }

    public static long i16x8Shl(long a, int n) {
        int s = n & 15;
        long kept = 0xFFFFL >>> s; // the bits of each lane that stay inside it
        return (a & (kept * 0x0001000100010001L)) << s;
    }

    public static long i16x8ShrU(long a, int n) {
        int s = n & 15;
        long kept = (0xFFFFL << s) & 0xFFFFL;
        return (a & (kept * 0x0001000100010001L)) >>> s;
    }

    public static long i16x8ShrS(long a, int n) {
        int s = n & 15;
        long result = 0;
        for (int i = 0; i < 64; i += 16) {
            result |= ((long) ((short) (a >>> i) >> s) & 0xFFFFL) << i;
        }
        return result;
    }

    // ---- i32x4 ----

    /**
     * One 64-bit add, less the carry the low lane passed into the high one: bit 32 of {@code a ^ b ^ sum} is
     * exactly that carry (5 operations, where adding the lanes apart took 7; blake3's rounds are mostly these).
     * Only right for two lanes: with more, a removed carry could borrow through a lane of all ones.
     */
    public static long i32x4Add(long a, long b) {
        long sum = a + b;
        return sum - ((a ^ b ^ sum) & CARRY_INTO_HIGH_32);
    }

    /** As {@link #i32x4Add}: one 64-bit subtraction plus the borrow the low lane took from the high one. */
    public static long i32x4Sub(long a, long b) {
        long difference = a - b;
        return difference + ((a ^ b ^ difference) & CARRY_INTO_HIGH_32);
    }

    public static long i32x4Mul(long a, long b) {
        return pack32((int) a * (int) b, (int) (a >>> 32) * (int) (b >>> 32));
    }

    public static long i32x4Shl(long a, int n) {
        return pack32((int) a << n, (int) (a >>> 32) << n);
    }

    public static long i32x4ShrU(long a, int n) {
        return pack32((int) a >>> n, (int) (a >>> 32) >>> n);
    }

    public static long i32x4ShrS(long a, int n) {
        return pack32((int) a >> n, (int) (a >>> 32) >> n);
    }

    public static long i32x4Eq(long a, long b) {
        return pack32((int) a == (int) b ? -1 : 0, (int) (a >>> 32) == (int) (b >>> 32) ? -1 : 0);
    }

    public static long i32x4MinU(long a, long b) {
        return pack32(minU((int) a, (int) b), minU((int) (a >>> 32), (int) (b >>> 32)));
    }

    public static long i32x4MaxU(long a, long b) {
        return pack32(maxU((int) a, (int) b), maxU((int) (a >>> 32), (int) (b >>> 32)));
    }

    public static long i32x4MinS(long a, long b) {
        return pack32(Math.min((int) a, (int) b), Math.min((int) (a >>> 32), (int) (b >>> 32)));
    }

    public static long i32x4MaxS(long a, long b) {
        return pack32(Math.max((int) a, (int) b), Math.max((int) (a >>> 32), (int) (b >>> 32)));
    }

    private static int minU(int x, int y) {
        return Integer.compareUnsigned(x, y) <= 0 ? x : y;
    }

    private static int maxU(int x, int y) {
        return Integer.compareUnsigned(x, y) >= 0 ? x : y;
    }

    // ---- lane-wise helpers over 8- and 16-bit lanes (plain loops: C2 unrolls them) ----

    public static long i8x16Neg(long a) {
        return i8x16Sub(0, a);
    }

    /** Negated where the sign bit is set (-128 stays -128, as its negation wraps to itself). */
    public static long i8x16Abs(long a) {
        long negative = spreadHighBit8(a & HIGH_BIT_8);
        return (a & ~negative) | (i8x16Sub(0, a) & negative);
    }

    public static long i8x16MaxS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= (Math.max((byte) (a >>> i), (byte) (b >>> i)) & 0xFFL) << i;
        return result;
    }

    public static long i8x16MinS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= (Math.min((byte) (a >>> i), (byte) (b >>> i)) & 0xFFL) << i;
        return result;
    }

    public static long i8x16MaxU(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= Math.max((a >>> i) & 0xFF, (b >>> i) & 0xFF) << i;
        return result;
    }

    public static long i8x16MinU(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= Math.min((a >>> i) & 0xFF, (b >>> i) & 0xFF) << i;
        return result;
    }

    public static long i8x16AddSatS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= (clamp((byte) (a >>> i) + (byte) (b >>> i), -128, 127) & 0xFFL) << i;
        return result;
    }

    public static long i8x16AddSatU(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= Math.min(((a >>> i) & 0xFF) + ((b >>> i) & 0xFF), 0xFF) << i;
        return result;
    }

    public static long i8x16SubSatS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= (clamp((byte) (a >>> i) - (byte) (b >>> i), -128, 127) & 0xFFL) << i;
        return result;
    }

    public static long i8x16SubSatU(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) result |= Math.max(((a >>> i) & 0xFF) - ((b >>> i) & 0xFF), 0) << i;
        return result;
    }

    public static long i16x8Neg(long a) {
        return i16x8Sub(0, a);
    }

    /**
     * The wrapping sum, with the lanes that overflowed (operands of one sign, sum of the other) replaced by
     * the bound of the operands' sign: 0x7FFF, or 0x7FFF + 1 for negative ones.
     */
    public static long i16x8AddSatS(long a, long b) {
        long sum = i16x8Add(a, b);
        return saturateS16(a, sum, ~(a ^ b) & (a ^ sum) & HIGH_BIT_16);
    }

    /** As {@link #i16x8AddSatS}: a lane overflows when the operands' signs differ and the result's is not a's. */
    public static long i16x8SubSatS(long a, long b) {
        long difference = i16x8Sub(a, b);
        return saturateS16(a, difference, (a ^ b) & (a ^ difference) & HIGH_BIT_16);
    }

    /** {@code wrapped}, with each lane whose bit 15 is set in {@code overflowed} at the bound of a's sign. */
    private static long saturateS16(long a, long wrapped, long overflowed) {
        long mask = (overflowed >>> 15) * 0xFFFFL;
        long bound = LOW_BITS_16 + ((a & HIGH_BIT_16) >>> 15);
        return (wrapped & ~mask) | (bound & mask);
    }

    public static long i16x8MaxS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) result |= (Math.max((short) (a >>> i), (short) (b >>> i)) & 0xFFFFL) << i;
        return result;
    }

    public static long i16x8MinS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) result |= (Math.min((short) (a >>> i), (short) (b >>> i)) & 0xFFFFL) << i;
        return result;
    }

    /** As {@link #i8x16Eq} on 16-bit lanes: branch-free (a per-lane test mispredicts on data-dependent lanes). */
    public static long i16x8Eq(long a, long b) {
        long diff = a ^ b;
        long nonZero = ((diff & LOW_BITS_16) + LOW_BITS_16 | diff) & HIGH_BIT_16;
        return ((nonZero ^ HIGH_BIT_16) >>> 15) * 0xFFFFL;
    }

    public static long i32x4Neg(long a) {
        return pack32(-(int) a, -(int) (a >>> 32));
    }

    /**
     * i32x4.dot_i16x8_s: each 32-bit lane of a half from the two 16-bit lanes under it. Taking the lanes from
     * {@code (int) a} by {@code x >> 16} and {@code (x << 16) >> 16} instead measured no faster on
     * intgemm-simd (same-machine A/B, 49-50 ms either way): C2 already folds these extensions.
     */
    public static long i32x4DotI16x8S(long a, long b) {
        int lo = (short) a * (short) b + (short) (a >>> 16) * (short) (b >>> 16);
        int hi = (short) (a >>> 32) * (short) (b >>> 32) + (short) (a >>> 48) * (short) (b >>> 48);
        return pack32(lo, hi);
    }

    private static int clamp(int x, int min, int max) {
        return Math.max(min, Math.min(max, x));
    }

    // ---- cross-half: narrow (one result half from both halves of one operand), extend (from half a half) ----

    public static long i8x16NarrowI16x8S(long lo, long hi) {
        return narrow16To8(lo, hi, -128, 127);
    }

    public static long i8x16NarrowI16x8U(long lo, long hi) {
        return narrow16To8(lo, hi, 0, 255);
    }

    private static long narrow16To8(long lo, long hi, int min, int max) {
        long result = 0;
        for (int i = 0; i < 4; i++) {
            result |= (clamp((short) (lo >>> (16 * i)), min, max) & 0xFFL) << (8 * i);
            result |= (clamp((short) (hi >>> (16 * i)), min, max) & 0xFFL) << (8 * i + 32);
        }
        return result;
    }

    public static long i16x8NarrowI32x4S(long lo, long hi) {
        return narrow32To16(lo, hi, -32768, 32767);
    }

    public static long i16x8NarrowI32x4U(long lo, long hi) {
        return narrow32To16(lo, hi, 0, 65535);
    }

    private static long narrow32To16(long lo, long hi, int min, int max) {
        return (clamp((int) lo, min, max) & 0xFFFFL) | (clamp((int) (lo >>> 32), min, max) & 0xFFFFL) << 16
                | (clamp((int) hi, min, max) & 0xFFFFL) << 32 | (clamp((int) (hi >>> 32), min, max) & 0xFFFFL) << 48;
    }

    /**
     * The 4 low bytes of {@code x} sign-extended to 16-bit lanes: zero-extended, then each lane's bit 7 times
     * 0x1FE is 0xFF00, the upper byte of ones a negative lane needs (no lane's product reaches the next).
     * Shifts in place of this multiply (and of saturateS16's), to relieve Intel's one multiply/PEXT/PDEP
     * port, measured no faster on intgemm-simd (same-machine A/B: 56/52 ms against 51/49 ms).
     */
    public static long extendS8(long x) {
        long spread = extendU8(x);
        return spread | (spread & 0x0080008000800080L) * 0x1FEL;
    }

    /**
     * The 4 low bytes of {@code x} zero-extended to 16-bit lanes: {@code Long.expand} deposits them in the
     * low byte of each lane, one PDEP instruction where that is fast ({@link BitPermute}; intgemm-simd's inner
     * loop extends 64 halves per iteration, ~10% of its time), else two spreading steps of shift, OR and mask.
     */
    public static long extendU8(long x) {
        return BitPermute.FAST ? Long.expand(x, 0x00FF00FF00FF00FFL) : spreadBytes(x);
    }

    /** {@code Long.expand(x, 0x00FF00FF00FF00FFL)} by shifts and masks. */
    static long spreadBytes(long x) {
        long pairs = spreadShorts(x); // byte pairs into the 32-bit lanes, then bytes into the 16-bit lanes
        return (pairs | pairs << 8) & 0x00FF00FF00FF00FFL;
    }

    /** The 2 low 16-bit lanes of {@code x} sign-extended to 32-bit lanes (bit 15 times 0x1FFFE is 0xFFFF0000). */
    public static long extendS16(long x) {
        long spread = extendU16(x);
        return spread | (spread & 0x0000800000008000L) * 0x1FFFEL;
    }

    /** The 2 low 16-bit lanes of {@code x} zero-extended to 32-bit lanes (PDEP where fast, as extendU8). */
    public static long extendU16(long x) {
        return BitPermute.FAST ? Long.expand(x, 0x0000FFFF0000FFFFL) : spreadShorts(x);
    }

    /** {@code Long.expand(x, 0x0000FFFF0000FFFFL)} by shifts and masks. */
    static long spreadShorts(long x) {
        return (x & 0xFFFFL) | (x & 0xFFFF0000L) << 16;
    }

    public static long extendS32(long x) {
        return (int) x;
    }

    public static long extendU32(long x) {
        return x & LOW_32;
    }

    // ---- f32x4 lanes (Java float arithmetic, the same as the object helpers) ----

    private static float f32(long half, int lane) {
        return Float.intBitsToFloat((int) (half >>> (32 * lane)));
    }

    private static long packF32(float lo, float hi) {
        return pack32(Float.floatToRawIntBits(lo), Float.floatToRawIntBits(hi));
    }

    public static long f32x4Add(long a, long b) {
        return packF32(f32(a, 0) + f32(b, 0), f32(a, 1) + f32(b, 1));
    }

    public static long f32x4Sub(long a, long b) {
        return packF32(f32(a, 0) - f32(b, 0), f32(a, 1) - f32(b, 1));
    }

    public static long f32x4Mul(long a, long b) {
        return packF32(f32(a, 0) * f32(b, 0), f32(a, 1) * f32(b, 1));
    }

    public static long f32x4Nearest(long a) {
        return packF32(NumericOps.f32Nearest(f32(a, 0)), NumericOps.f32Nearest(f32(a, 1)));
    }

    public static long i32x4TruncSatF32x4S(long a) {
        return pack32((int) f32(a, 0), (int) f32(a, 1));
    }

    public static long f32x4ConvertI32x4S(long a) {
        return packF32((float) (int) a, (float) (int) (a >>> 32));
    }

    // ---- comparisons: all-ones lanes where true (the comparison is a constant once C2 inlines these) ----

    private static final int EQ = 0, NE = 1, LT = 2, GT = 3, LE = 4, GE = 5;

    private static boolean holds(int comparison, long x, long y) {
        return switch (comparison) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case GT -> x > y;
            case LE -> x <= y;
            default -> x >= y;
        };
    }

    /** Compares the {@code bits}-wide lanes of two halves, signed or unsigned. */
    private static long compare(long a, long b, int bits, boolean signed, int comparison) {
        long laneMask = -1L >>> (64 - bits);
        int unused = 64 - bits;
        long result = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = signed ? (a >>> i) << unused >> unused : (a >>> i) & laneMask;
            long y = signed ? (b >>> i) << unused >> unused : (b >>> i) & laneMask;
            if (holds(comparison, x, y)) result |= laneMask << i;
        }
        return result;
    }

    public static long i8x16Ne(long a, long b) {
        return ~i8x16Eq(a, b);
    }

    public static long i8x16LtS(long a, long b) {
        return compare(a, b, 8, true, LT);
    }

    public static long i8x16GtS(long a, long b) {
        return compare(a, b, 8, true, GT);
    }

    public static long i8x16LeS(long a, long b) {
        return compare(a, b, 8, true, LE);
    }

    public static long i8x16GeS(long a, long b) {
        return compare(a, b, 8, true, GE);
    }

    public static long i8x16LtU(long a, long b) {
        return compare(a, b, 8, false, LT);
    }

    public static long i8x16GtU(long a, long b) {
        return compare(a, b, 8, false, GT);
    }

    public static long i8x16LeU(long a, long b) {
        return compare(a, b, 8, false, LE);
    }

    public static long i8x16GeU(long a, long b) {
        return compare(a, b, 8, false, GE);
    }

    public static long i16x8Ne(long a, long b) {
        return ~i16x8Eq(a, b);
    }

    public static long i16x8LtS(long a, long b) {
        return compare(a, b, 16, true, LT);
    }

    public static long i16x8GtS(long a, long b) {
        return compare(a, b, 16, true, GT);
    }

    public static long i16x8LeS(long a, long b) {
        return compare(a, b, 16, true, LE);
    }

    public static long i16x8GeS(long a, long b) {
        return compare(a, b, 16, true, GE);
    }

    public static long i16x8LtU(long a, long b) {
        return compare(a, b, 16, false, LT);
    }

    public static long i16x8GtU(long a, long b) {
        return compare(a, b, 16, false, GT);
    }

    public static long i16x8LeU(long a, long b) {
        return compare(a, b, 16, false, LE);
    }

    public static long i16x8GeU(long a, long b) {
        return compare(a, b, 16, false, GE);
    }

    public static long i32x4Ne(long a, long b) {
        return compare(a, b, 32, true, NE);
    }

    public static long i32x4LtS(long a, long b) {
        return compare(a, b, 32, true, LT);
    }

    public static long i32x4GtS(long a, long b) {
        return compare(a, b, 32, true, GT);
    }

    public static long i32x4LeS(long a, long b) {
        return compare(a, b, 32, true, LE);
    }

    public static long i32x4GeS(long a, long b) {
        return compare(a, b, 32, true, GE);
    }

    public static long i32x4LtU(long a, long b) {
        return compare(a, b, 32, false, LT);
    }

    public static long i32x4GtU(long a, long b) {
        return compare(a, b, 32, false, GT);
    }

    public static long i32x4LeU(long a, long b) {
        return compare(a, b, 32, false, LE);
    }

    public static long i32x4GeU(long a, long b) {
        return compare(a, b, 32, false, GE);
    }

    // ---- i8x16 shifts ----

    public static long i8x16Shl(long a, int n) {
        int s = n & 7;
        return (a & ((0xFFL >>> s) * 0x0101010101010101L)) << s;
    }

    public static long i8x16ShrU(long a, int n) {
        int s = n & 7;
        return (a & (((0xFFL << s) & 0xFF) * 0x0101010101010101L)) >>> s;
    }

    /**
     * The logical shift of each byte, then its sign extended: with {@code sign} the shifted sign bit of every
     * lane, {@code (x ^ sign) - sign} per lane (a lane-wise subtract, so no borrow crosses lanes).
     */
    public static long i8x16ShrS(long a, int n) {
        int s = n & 7;
        long shifted = (a >>> s) & ((0xFFL >>> s) * 0x0101010101010101L);
        long sign = (0x80L >>> s) * 0x0101010101010101L;
        return i8x16Sub(shifted ^ sign, sign);
    }

    // ---- i64x2 (the i32 -> i64 widening multiplies of poly1305-style code) ----

    /** One 64-bit lane of i64x2.extmul_*_i32x4_u: the product of the low 32 bits of {@code a} and {@code b}. */
    public static long mulLowU32(long a, long b) {
        return (a & LOW_32) * (b & LOW_32);
    }

    public static long mulLowS32(long a, long b) {
        return (long) (int) a * (int) b;
    }

    public static int anyTrue(long lo, long hi) {
        return (lo | hi) != 0 ? 1 : 0;
    }

    // ---- ops ported after the first round (oracles: V128Ops) ----

    public static long i16x8MinU(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) result |= Math.min((a >>> i) & 0xFFFF, (b >>> i) & 0xFFFF) << i;
        return result;
    }

    public static long i16x8MaxU(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) result |= Math.max((a >>> i) & 0xFFFF, (b >>> i) & 0xFFFF) << i;
        return result;
    }

    /** (x + y + 1) >> 1 per byte without widening: (x | y) - ((x ^ y) >> 1), the subtraction never borrows. */
    public static long i8x16AvgrU(long a, long b) {
        return i8x16Sub(a | b, ((a ^ b) >>> 1) & LOW_BITS_8);
    }

    public static long i16x8AvgrU(long a, long b) {
        return i16x8Sub(a | b, ((a ^ b) >>> 1) & LOW_BITS_16);
    }

    public static long i16x8Q15mulrSatS(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) {
            int product = ((short) (a >>> i) * (short) (b >>> i) + 0x4000) >> 15;
            result |= (clamp(product, -32768, 32767) & 0xFFFFL) << i;
        }
        return result;
    }

    public static long i8x16Popcnt(long a) {
        long pairs = a - ((a >>> 1) & 0x5555555555555555L);
        long nibbles = (pairs & 0x3333333333333333L) + ((pairs >>> 2) & 0x3333333333333333L);
        return (nibbles + (nibbles >>> 4)) & 0x0F0F0F0F0F0F0F0FL;
    }

    public static long i16x8Abs(long a) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) result |= (Math.abs((short) (a >>> i)) & 0xFFFFL) << i;
        return result;
    }

    public static long i32x4Abs(long a) {
        return pack32(Math.abs((int) a), Math.abs((int) (a >>> 32)));
    }

    public static long i16x8ExtaddPairwiseI8x16S(long a) {
        long result = 0;
        for (int i = 0; i < 64; i += 16) result |= (((byte) (a >>> i) + (byte) (a >>> (i + 8))) & 0xFFFFL) << i;
        return result;
    }

    public static long i16x8ExtaddPairwiseI8x16U(long a) {
        return (a & 0x00FF00FF00FF00FFL) + ((a >>> 8) & 0x00FF00FF00FF00FFL); // each sum fits in its 16-bit lane
    }

    public static long i32x4ExtaddPairwiseI16x8S(long a) {
        return pack32((short) a + (short) (a >>> 16), (short) (a >>> 32) + (short) (a >>> 48));
    }

    public static long i32x4ExtaddPairwiseI16x8U(long a) {
        return (a & 0x0000FFFF0000FFFFL) + ((a >>> 16) & 0x0000FFFF0000FFFFL);
    }

    /** i16x8 extmul: the products of the 4 low bytes of {@code a} and {@code b}, signed, as 16-bit lanes. */
    public static long extmulS8(long a, long b) {
        return i16x8Mul(extendS8(a), extendS8(b));
    }

    public static long extmulU8(long a, long b) {
        return i16x8Mul(extendU8(a), extendU8(b));
    }

    /** i32x4 extmul: the products of the 2 low 16-bit lanes of {@code a} and {@code b} as 32-bit lanes. */
    public static long extmulS16(long a, long b) {
        return pack32((short) a * (short) b, (short) (a >>> 16) * (short) (b >>> 16));
    }

    public static long extmulU16(long a, long b) {
        return pack32((int) (a & 0xFFFF) * (int) (b & 0xFFFF), (int) ((a >>> 16) & 0xFFFF) * (int) ((b >>> 16) & 0xFFFF));
    }

    public static long i64x2Abs(long a) {
        return Math.abs(a);
    }

    public static long i64x2Neg(long a) {
        return -a;
    }

    public static long i64x2Eq(long a, long b) {
        return a == b ? -1L : 0L;
    }

    public static long i64x2Ne(long a, long b) {
        return a != b ? -1L : 0L;
    }

    public static long i64x2LtS(long a, long b) {
        return a < b ? -1L : 0L;
    }

    public static long i64x2GtS(long a, long b) {
        return a > b ? -1L : 0L;
    }

    public static long i64x2LeS(long a, long b) {
        return a <= b ? -1L : 0L;
    }

    public static long i64x2GeS(long a, long b) {
        return a >= b ? -1L : 0L;
    }

    // ---- reductions to an i32 (both halves in) ----

    /** The high bit of each byte gathered into 8 bits (the multiply moves bit 8k+7 to bit 56+k). */
    private static int highBits8(long x) {
        return (int) ((((x & HIGH_BIT_8) >>> 7) * 0x0102040810204080L) >>> 56);
    }

    public static int i8x16Bitmask(long lo, long hi) {
        return highBits8(lo) | highBits8(hi) << 8;
    }

    private static int highBits16(long x) {
        return (int) ((x >>> 15) & 1 | (x >>> 30) & 2 | (x >>> 45) & 4 | (x >>> 60) & 8);
    }

    public static int i16x8Bitmask(long lo, long hi) {
        return highBits16(lo) | highBits16(hi) << 4;
    }

    public static int i32x4Bitmask(long lo, long hi) {
        return (int) ((lo >>> 31) & 1 | (lo >>> 62) & 2 | (hi >>> 29) & 4 | (hi >>> 60) & 8);
    }

    public static int i64x2Bitmask(long lo, long hi) {
        return (int) ((lo >>> 63) | (hi >>> 63) << 1);
    }

    /** Whether no lane of the given width is zero: a lane is zero exactly where the eq-with-zero mask is set. */
    public static int i8x16AllTrue(long lo, long hi) {
        return (i8x16Eq(lo, 0) | i8x16Eq(hi, 0)) == 0 ? 1 : 0;
    }

    public static int i16x8AllTrue(long lo, long hi) {
        return (i16x8Eq(lo, 0) | i16x8Eq(hi, 0)) == 0 ? 1 : 0;
    }

    public static int i32x4AllTrue(long lo, long hi) {
        return (int) lo != 0 && (int) (lo >>> 32) != 0 && (int) hi != 0 && (int) (hi >>> 32) != 0 ? 1 : 0;
    }

    public static int i64x2AllTrue(long lo, long hi) {
        return lo != 0 && hi != 0 ? 1 : 0;
    }

    // ---- more float lanes: f32x4 (two lanes a half) and f64x2 (one lane a half), as the object helpers ----

    public static long f32x4Div(long a, long b) {
        return packF32(f32(a, 0) / f32(b, 0), f32(a, 1) / f32(b, 1));
    }

    public static long f32x4Min(long a, long b) {
        return packF32(NumericOps.f32Min(f32(a, 0), f32(b, 0)), NumericOps.f32Min(f32(a, 1), f32(b, 1)));
    }

    public static long f32x4Max(long a, long b) {
        return packF32(NumericOps.f32Max(f32(a, 0), f32(b, 0)), NumericOps.f32Max(f32(a, 1), f32(b, 1)));
    }

    /** pmin/pmax pick one operand's bits as they are (no NaN rewriting): {@code b < a ? b : a}. */
    public static long f32x4Pmin(long a, long b) {
        return pack32(f32(b, 0) < f32(a, 0) ? (int) b : (int) a, f32(b, 1) < f32(a, 1) ? (int) (b >>> 32) : (int) (a >>> 32));
    }

    public static long f32x4Pmax(long a, long b) {
        return pack32(f32(a, 0) < f32(b, 0) ? (int) b : (int) a, f32(a, 1) < f32(b, 1) ? (int) (b >>> 32) : (int) (a >>> 32));
    }

    public static long f32x4Sqrt(long a) {
        return packF32(NumericOps.f32Sqrt(f32(a, 0)), NumericOps.f32Sqrt(f32(a, 1)));
    }

    public static long f32x4Abs(long a) {
        return a & 0x7FFFFFFF7FFFFFFFL;
    }

    public static long f32x4Neg(long a) {
        return a ^ 0x8000000080000000L;
    }

    public static long f32x4Ceil(long a) {
        return packF32(NumericOps.f32Ceil(f32(a, 0)), NumericOps.f32Ceil(f32(a, 1)));
    }

    public static long f32x4Floor(long a) {
        return packF32(NumericOps.f32Floor(f32(a, 0)), NumericOps.f32Floor(f32(a, 1)));
    }

    public static long f32x4Trunc(long a) {
        return packF32(NumericOps.f32Trunc(f32(a, 0)), NumericOps.f32Trunc(f32(a, 1)));
    }

    private static long lanesF32(boolean lo, boolean hi) {
        return (lo ? LOW_32 : 0) | (hi ? ~LOW_32 : 0);
    }

    public static long f32x4Eq(long a, long b) {
        return lanesF32(f32(a, 0) == f32(b, 0), f32(a, 1) == f32(b, 1));
    }

    public static long f32x4Ne(long a, long b) {
        return lanesF32(f32(a, 0) != f32(b, 0), f32(a, 1) != f32(b, 1));
    }

    public static long f32x4Lt(long a, long b) {
        return lanesF32(f32(a, 0) < f32(b, 0), f32(a, 1) < f32(b, 1));
    }

    public static long f32x4Gt(long a, long b) {
        return lanesF32(f32(a, 0) > f32(b, 0), f32(a, 1) > f32(b, 1));
    }

    public static long f32x4Le(long a, long b) {
        return lanesF32(f32(a, 0) <= f32(b, 0), f32(a, 1) <= f32(b, 1));
    }

    public static long f32x4Ge(long a, long b) {
        return lanesF32(f32(a, 0) >= f32(b, 0), f32(a, 1) >= f32(b, 1));
    }

    public static long i32x4TruncSatF32x4U(long a) {
        return pack32(NumericOps.i32TruncSatF32U(f32(a, 0)), NumericOps.i32TruncSatF32U(f32(a, 1)));
    }

    public static long f32x4ConvertI32x4U(long a) {
        return packF32(NumericOps.f32ConvertI32U((int) a), NumericOps.f32ConvertI32U((int) (a >>> 32)));
    }

    private static double f64(long half) {
        return Double.longBitsToDouble(half);
    }

    private static long bits(double x) {
        return Double.doubleToRawLongBits(x);
    }

    public static long f64x2Add(long a, long b) {
        return bits(f64(a) + f64(b));
    }

    public static long f64x2Sub(long a, long b) {
        return bits(f64(a) - f64(b));
    }

    public static long f64x2Mul(long a, long b) {
        return bits(f64(a) * f64(b));
    }

    public static long f64x2Div(long a, long b) {
        return bits(f64(a) / f64(b));
    }

    public static long f64x2Min(long a, long b) {
        return bits(NumericOps.f64Min(f64(a), f64(b)));
    }

    public static long f64x2Max(long a, long b) {
        return bits(NumericOps.f64Max(f64(a), f64(b)));
    }

    public static long f64x2Pmin(long a, long b) {
        return f64(b) < f64(a) ? b : a;
    }

    public static long f64x2Pmax(long a, long b) {
        return f64(a) < f64(b) ? b : a;
    }

    public static long f64x2Sqrt(long a) {
        return bits(Math.sqrt(f64(a)));
    }

    public static long f64x2Abs(long a) {
        return a & Long.MAX_VALUE;
    }

    public static long f64x2Neg(long a) {
        return a ^ Long.MIN_VALUE;
    }

    public static long f64x2Ceil(long a) {
        return bits(NumericOps.f64Ceil(f64(a)));
    }

    public static long f64x2Floor(long a) {
        return bits(NumericOps.f64Floor(f64(a)));
    }

    public static long f64x2Trunc(long a) {
        return bits(NumericOps.f64Trunc(f64(a)));
    }

    public static long f64x2Nearest(long a) {
        return bits(NumericOps.f64Nearest(f64(a)));
    }

    public static long f64x2Eq(long a, long b) {
        return f64(a) == f64(b) ? -1L : 0L;
    }

    public static long f64x2Ne(long a, long b) {
        return f64(a) != f64(b) ? -1L : 0L;
    }

    public static long f64x2Lt(long a, long b) {
        return f64(a) < f64(b) ? -1L : 0L;
    }

    public static long f64x2Gt(long a, long b) {
        return f64(a) > f64(b) ? -1L : 0L;
    }

    public static long f64x2Le(long a, long b) {
        return f64(a) <= f64(b) ? -1L : 0L;
    }

    public static long f64x2Ge(long a, long b) {
        return f64(a) >= f64(b) ? -1L : 0L;
    }
}
