package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.V128;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The half-wise helpers agree with the object helpers of {@link V128Ops} (the oracle), half for half. */
class V128HalvesTest {
    private static final long[] EDGES = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8080808080808080L,
            0x7F7F7F7F7F7F7F7FL, 0x8000800080008000L, 0x7FFF7FFF7FFF7FFFL, 0x80000000_80000000L, 0x7FFFFFFF_7FFFFFFFL,
            0x00FF00FF00FF00FFL, 0xFF00FF00FF00FF00L, 0x0123456789ABCDEFL, 0xFFFFFFFF_00000000L, 0x00000001_FFFFFFFFL,
            0x0101010101010101L, 0x0001000100010001L, 0x0100010001000100L, 0x00010000_00000001L};

    /** Edge halves combined with each other, plus random ones. */
    private static List<V128> vectors() {
        List<V128> values = new ArrayList<>();
        for (long lo : EDGES) for (long hi : EDGES) values.add(new V128(lo, hi));
        SplittableRandom random = new SplittableRandom(128);
        for (int i = 0; i < 300; i++) values.add(new V128(random.nextLong(), random.nextLong()));
        return values;
    }

    static Stream<String> binaryOps() {
        return Stream.of("i8x16Add", "i8x16Sub", "i8x16Eq", "i16x8Add", "i16x8Sub", "i16x8Mul", "i32x4Add", "i32x4Sub",
                "i32x4Mul", "i32x4Eq", "i32x4MinS", "i32x4MinU", "i32x4MaxS", "i32x4MaxU", "i8x16MaxS", "i8x16MinS",
                "i8x16MaxU", "i8x16MinU", "i8x16AddSatS", "i8x16AddSatU", "i8x16SubSatS", "i8x16SubSatU",
                "i16x8AddSatS", "i16x8SubSatS", "i16x8MaxS", "i16x8MinS", "i16x8Eq", "i32x4DotI16x8S",
                "i8x16Ne", "i8x16LtS", "i8x16GtS", "i8x16LeS", "i8x16GeS", "i8x16LtU", "i8x16GtU", "i8x16LeU", "i8x16GeU",
                "i16x8Ne", "i16x8LtS", "i16x8GtS", "i16x8LeS", "i16x8GeS", "i16x8LtU", "i16x8GtU", "i16x8LeU", "i16x8GeU",
                "i32x4Ne", "i32x4LtS", "i32x4GtS", "i32x4LeS", "i32x4GeS", "i32x4LtU", "i32x4GtU", "i32x4LeU", "i32x4GeU",
                "i16x8MinU", "i16x8MaxU", "i8x16AvgrU", "i16x8AvgrU", "i16x8Q15mulrSatS", "i64x2Eq", "i64x2Ne",
                "i64x2LtS", "i64x2GtS", "i64x2LeS", "i64x2GeS");
    }

    private static final Class<?> FLOAT_OPS = V128FloatOps.class;

    static Stream<String> floatBinaryOps() {
        return Stream.of("f32x4Add", "f32x4Sub", "f32x4Mul", "f32x4Div", "f32x4Min", "f32x4Max", "f32x4Pmin",
                "f32x4Pmax", "f32x4Eq", "f32x4Ne", "f32x4Lt", "f32x4Gt", "f32x4Le", "f32x4Ge", "f64x2Add", "f64x2Sub",
                "f64x2Mul", "f64x2Div", "f64x2Min", "f64x2Max", "f64x2Pmin", "f64x2Pmax", "f64x2Eq", "f64x2Ne",
                "f64x2Lt", "f64x2Gt", "f64x2Le", "f64x2Ge");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatBinaryOps")
    void floatOpsMatchTheObjectHelpers(String name) throws ReflectiveOperationException {
        Method halves = V128Halves.class.getMethod(name, long.class, long.class);
        Method oracle = FLOAT_OPS.getMethod(name, V128.class, V128.class);
        List<V128> values = new ArrayList<>(vectors());
        values.addAll(floatEdges());
        for (int k = 0; k < values.size() * 3; k++) {
            V128 a = values.get(k % values.size());
            V128 b = values.get((k * 13 + 5) % values.size());
            V128 expected = (V128) oracle.invoke(null, a, b);
            V128 actual = new V128((long) halves.invoke(null, a.lo(), b.lo()), (long) halves.invoke(null, a.hi(), b.hi()));
            assertThat(withNaNsCanonical(name, actual)).as("%s(%s, %s)", name, a, b).isEqualTo(withNaNsCanonical(name, expected));
        }
    }

    /** Which NaN an operation on two NaNs returns is not specified (and differs between JIT tiers). */
    private static V128 withNaNsCanonical(String name, V128 v) {
        if (name.startsWith("f64")) return new V128(canonical64(v.lo()), canonical64(v.hi()));
        return new V128(canonical32(v.lo()), canonical32(v.hi()));
    }

    private static long canonical64(long half) {
        return Double.isNaN(Double.longBitsToDouble(half)) ? 0x7FF8000000000000L : half;
    }

    /** Halves of interesting floats: f32 pairs, and f64 values (both zeros, infinities, NaNs, halves). */
    private static List<V128> floatEdges() {
        List<V128> values = new ArrayList<>();
        int[] floats = {Float.floatToRawIntBits(2.5f), Float.floatToRawIntBits(-3.5f), Float.floatToRawIntBits(1e10f),
                Float.floatToRawIntBits(-1e10f), Float.floatToRawIntBits(0.49999997f), 0x7FC00000, 0xFF800000, 0x80000000,
                0, 0x7F800000, 0x7FA00001, Float.floatToRawIntBits(5e9f)};
        for (int x : floats) for (int y : floats) values.add(new V128((x & 0xFFFFFFFFL) | (long) y << 32, (long) x << 32 | (y & 0xFFFFFFFFL)));
        double[] doubles = {2.5, -3.5, 0.5, -0.5, 1e300, -1e300, 0.0, -0.0, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, 4503599627370497.0, -2.4999999999999996};
        for (double x : doubles) for (double y : doubles) values.add(new V128(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y)));
        values.add(new V128(0x7FF4000000000001L, 0xFFF8000000000000L));
        return values;
    }

    private static long canonical32(long half) {
        long result = 0;
        for (int lane = 0; lane < 2; lane++) {
            int bits = (int) (half >>> (32 * lane));
            if (Float.isNaN(Float.intBitsToFloat(bits))) bits = 0x7FC00000;
            result |= (bits & 0xFFFFFFFFL) << (32 * lane);
        }
        return result;
    }

    static Stream<String> unaryOps() {
        return Stream.of("i8x16Neg", "i8x16Abs", "i16x8Neg", "i32x4Neg", "f32x4Nearest", "i32x4TruncSatF32x4S",
                "f32x4ConvertI32x4S", "f32x4Sqrt", "f32x4Abs", "f32x4Neg", "f32x4Ceil", "f32x4Floor", "f32x4Trunc",
                "i32x4TruncSatF32x4U", "f32x4ConvertI32x4U", "f64x2Sqrt", "f64x2Abs", "f64x2Neg", "f64x2Ceil",
                "f64x2Floor", "f64x2Trunc", "f64x2Nearest", "i8x16Popcnt", "i16x8Abs", "i32x4Abs", "i64x2Abs", "i64x2Neg",
                "i16x8ExtaddPairwiseI8x16S", "i16x8ExtaddPairwiseI8x16U", "i32x4ExtaddPairwiseI16x8S",
                "i32x4ExtaddPairwiseI16x8U");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryOpsMatchTheObjectHelpers(String name) throws ReflectiveOperationException {
        Method halves = V128Halves.class.getMethod(name, long.class);
        Method oracle = name.toLowerCase().matches(".*f(32|64).*") ? FLOAT_OPS.getMethod(name, V128.class) : V128Ops.class.getMethod(name, V128.class);
        List<V128> values = new ArrayList<>(vectors());
        values.addAll(floatEdges());
        for (V128 a : values) {
            V128 expected = (V128) oracle.invoke(null, a);
            V128 actual = new V128((long) halves.invoke(null, a.lo()), (long) halves.invoke(null, a.hi()));
            if (name.startsWith("f")) assertThat(withNaNsCanonical(name, actual)).as("%s(%s)", name, a).isEqualTo(withNaNsCanonical(name, expected));
            else assertThat(actual).as("%s(%s)", name, a).isEqualTo(expected);
        }
    }

    static Stream<String> narrowOps() {
        return Stream.of("i8x16NarrowI16x8S", "i8x16NarrowI16x8U", "i16x8NarrowI32x4S", "i16x8NarrowI32x4U");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("narrowOps")
    void narrowTakesEachResultHalfFromOneOperand(String name) throws ReflectiveOperationException {
        Method halves = V128Halves.class.getMethod(name, long.class, long.class);
        Method oracle = V128Ops.class.getMethod(name, V128.class, V128.class);
        List<V128> values = vectors();
        for (int k = 0; k < values.size(); k++) {
            V128 a = values.get(k);
            V128 b = values.get((k * 11 + 1) % values.size());
            assertThat(new V128((long) halves.invoke(null, a.lo(), a.hi()), (long) halves.invoke(null, b.lo(), b.hi())))
                    .as("%s(%s, %s)", name, a, b).isEqualTo(oracle.invoke(null, a, b));
        }
    }

    @Test
    void extendsTakeBothResultHalvesFromOneSourceHalf() throws ReflectiveOperationException {
        String[][] cases = {{"i16x8Extend%sI8x16S", "extendS8"}, {"i16x8Extend%sI8x16U", "extendU8"},
                {"i32x4Extend%sI16x8S", "extendS16"}, {"i32x4Extend%sI16x8U", "extendU16"},
                {"i64x2Extend%sI32x4S", "extendS32"}, {"i64x2Extend%sI32x4U", "extendU32"}};
        for (String[] c : cases) {
            Method halves = V128Halves.class.getMethod(c[1], long.class);
            for (String part : new String[] {"Low", "High"}) {
                Method oracle = V128Ops.class.getMethod(c[0].formatted(part), V128.class);
                for (V128 a : vectors()) {
                    long source = part.equals("Low") ? a.lo() : a.hi();
                    assertThat(new V128((long) halves.invoke(null, source), (long) halves.invoke(null, source >>> 32)))
                            .as("%s(%s)", oracle.getName(), a).isEqualTo(oracle.invoke(null, a));
                }
            }
        }
    }

    @Test
    void thePortableSpreadsAreLongExpand() { // the extends' lowering where PDEP is slow (BitPermute)
        SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < 10_000; k++) {
            long x = k < 2 ? -k : random.nextLong();
            assertThat(V128Halves.spreadBytes(x)).isEqualTo(Long.expand(x, 0x00FF00FF00FF00FFL));
            assertThat(V128Halves.spreadShorts(x)).isEqualTo(Long.expand(x, 0x0000FFFF0000FFFFL));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOps")
    void binaryOpsMatchTheObjectHelpers(String name) throws ReflectiveOperationException {
        Method halves = V128Halves.class.getMethod(name, long.class, long.class);
        Method oracle = V128Ops.class.getMethod(name, V128.class, V128.class);
        List<V128> values = vectors();
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (V128 a : values) {
            for (int k = 0; k < 20; k++) {
                V128 b = values.get(random.nextInt(values.size()));
                V128 expected = (V128) oracle.invoke(null, a, b);
                V128 actual = new V128((long) halves.invoke(null, a.lo(), b.lo()), (long) halves.invoke(null, a.hi(), b.hi()));
                assertThat(actual).as("%s(%s, %s)", name, a, b).isEqualTo(expected);
            }
            V128 same = (V128) oracle.invoke(null, a, a);
            assertThat(new V128((long) halves.invoke(null, a.lo(), a.lo()), (long) halves.invoke(null, a.hi(), a.hi())))
                    .as("%s(%s, itself)", name, a).isEqualTo(same);
        }
    }

    static Stream<String> shifts() {
        return Stream.of("i8x16Shl", "i8x16ShrS", "i8x16ShrU", "i16x8Shl", "i16x8ShrS", "i16x8ShrU",
                "i32x4Shl", "i32x4ShrS", "i32x4ShrU");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shifts")
    void shiftsMatchTheObjectHelpersForEveryCount(String name) throws ReflectiveOperationException {
        Method halves = V128Halves.class.getMethod(name, long.class, int.class);
        Method oracle = V128Ops.class.getMethod(name, V128.class, int.class);
        int[] counts = {0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 100, -1, Integer.MIN_VALUE};
        for (V128 a : vectors()) {
            for (int n : counts) {
                V128 expected = (V128) oracle.invoke(null, a, n);
                V128 actual = new V128((long) halves.invoke(null, a.lo(), n), (long) halves.invoke(null, a.hi(), n));
                assertThat(actual).as("%s(%s, %d)", name, a, n).isEqualTo(expected);
            }
        }
    }

    @Test
    void splatsFillBothHalvesLikeTheObjectHelpers() {
        int[] inputs = {0, 1, -1, 0x80, 0x7F, 0x1234, 0x8000, 0x12345678, Integer.MIN_VALUE, 0xABCDEF01};
        for (int x : inputs) {
            assertThat(V128Halves.i8x16Splat(x)).isEqualTo(V128Ops.i8x16Splat(x).lo()).isEqualTo(V128Ops.i8x16Splat(x).hi());
            assertThat(V128Halves.i16x8Splat(x)).isEqualTo(V128Ops.i16x8Splat(x).lo()).isEqualTo(V128Ops.i16x8Splat(x).hi());
            assertThat(V128Halves.i32x4Splat(x)).isEqualTo(V128Ops.i32x4Splat(x).lo()).isEqualTo(V128Ops.i32x4Splat(x).hi());
        }
    }

    @Test
    void insertBitsReplacesOneLaneLikeReplaceLane() {
        SplittableRandom random = new SplittableRandom(3);
        for (V128 v : vectors()) {
            int x = random.nextInt();
            for (int lane = 0; lane < 16; lane++) {
                assertThat(halvesAfterInsert(v, x, 8, lane)).isEqualTo(V128Ops.i8x16ReplaceLane(v, x, lane));
            }
            for (int lane = 0; lane < 8; lane++) {
                assertThat(halvesAfterInsert(v, x, 16, lane)).isEqualTo(V128Ops.i16x8ReplaceLane(v, x, lane));
            }
            for (int lane = 0; lane < 4; lane++) {
                assertThat(halvesAfterInsert(v, x, 32, lane)).isEqualTo(V128Ops.i32x4ReplaceLane(v, x, lane));
            }
        }
    }

    private static V128 halvesAfterInsert(V128 v, int x, int laneBits, int lane) {
        int bit = laneBits * lane;
        long mask = -1L >>> (64 - laneBits);
        return bit < 64 ? new V128(V128Halves.insertBits(x, v.lo(), mask, bit), v.hi())
                : new V128(v.lo(), V128Halves.insertBits(x, v.hi(), mask, bit - 64));
    }

    @Test
    void shuffleAndSwizzleMatchTheObjectHelpers() {
        SplittableRandom random = new SplittableRandom(16);
        List<V128> values = vectors();
        for (int k = 0; k < 2000; k++) {
            V128 a = values.get(random.nextInt(values.size()));
            V128 b = values.get(random.nextInt(values.size()));
            long indicesLo = 0;
            long indicesHi = 0;
            for (int i = 0; i < 8; i++) {
                indicesLo |= (long) random.nextInt(32) << (8 * i);
                indicesHi |= (long) random.nextInt(32) << (8 * i);
            }
            assertThat(new V128(V128Halves.i8x16Shuffle(a.lo(), a.hi(), b.lo(), b.hi(), indicesLo),
                    V128Halves.i8x16Shuffle(a.lo(), a.hi(), b.lo(), b.hi(), indicesHi)))
                    .isEqualTo(V128Ops.i8x16Shuffle(a, b, indicesLo, indicesHi));
            V128 s = new V128(random.nextLong() & 0x1F1F1F1F1F1F1F1FL, random.nextLong()); // in range and mostly out
            assertThat(new V128(V128Halves.i8x16Swizzle(a.lo(), a.hi(), s.lo()), V128Halves.i8x16Swizzle(a.lo(), a.hi(), s.hi())))
                    .isEqualTo(V128Ops.i8x16Swizzle(a, s));
        }
    }

    @Test
    void rotateRight32IsTheByteShuffleInsideEachLane() {
        for (V128 v : vectors()) {
            for (int bytes = 0; bytes < 4; bytes++) {
                long indices = 0;
                for (int i = 0; i < 8; i++) indices |= (long) ((i / 4) * 4 + (i % 4 + bytes) % 4) << (8 * i);
                V128 expected = V128Ops.i8x16Shuffle(v, v, indices, indices + 0x0808080808080808L);
                assertThat(new V128(V128Halves.rotateRight32(v.lo(), 8 * bytes), V128Halves.rotateRight32(v.hi(), 8 * bytes)))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void widening32BitMultipliesMatchExtmul() {
        List<V128> values = vectors();
        for (int k = 0; k < values.size(); k++) {
            V128 a = values.get(k);
            V128 b = values.get((k * 7 + 3) % values.size());
            assertThat(new V128(V128Halves.mulLowU32(a.lo(), b.lo()), V128Halves.mulLowU32(a.lo() >>> 32, b.lo() >>> 32)))
                    .isEqualTo(V128Ops.i64x2ExtmulLowI32x4U(a, b));
            assertThat(new V128(V128Halves.mulLowS32(a.hi(), b.hi()), V128Halves.mulLowS32(a.hi() >>> 32, b.hi() >>> 32)))
                    .isEqualTo(V128Ops.i64x2ExtmulHighI32x4S(a, b));
            assertThat(V128Halves.anyTrue(a.lo(), a.hi())).isEqualTo(V128Ops.v128AnyTrue(a));
        }
    }

    static Stream<String> reductions() {
        return Stream.of("i8x16Bitmask", "i16x8Bitmask", "i32x4Bitmask", "i64x2Bitmask", "i8x16AllTrue", "i16x8AllTrue",
                "i32x4AllTrue", "i64x2AllTrue");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void reductionsOfBothHalvesMatchTheObjectHelpers(String name) throws ReflectiveOperationException {
        Method halves = V128Halves.class.getMethod(name, long.class, long.class);
        Method oracle = V128Ops.class.getMethod(name, V128.class);
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (V128 a : vectors()) {
            Object expected = oracle.invoke(null, a);
            seen.add(expected);
            assertThat(halves.invoke(null, a.lo(), a.hi())).as("%s(%s)", name, a).isEqualTo(expected);
        }
        assertThat(seen).as("the inputs give more than one answer").hasSizeGreaterThan(1);
    }

    @Test
    void extmulsOfNarrowLanesTakeEachResultHalfFrom32BitsOfEachOperand() throws ReflectiveOperationException {
        String[][] cases = {{"i16x8Extmul%sI8x16S", "extmulS8"}, {"i16x8Extmul%sI8x16U", "extmulU8"},
                {"i32x4Extmul%sI16x8S", "extmulS16"}, {"i32x4Extmul%sI16x8U", "extmulU16"}};
        SplittableRandom random = new SplittableRandom(44);
        List<V128> values = vectors();
        for (String[] c : cases) {
            Method halves = V128Halves.class.getMethod(c[1], long.class, long.class);
            for (String part : new String[] {"Low", "High"}) {
                Method oracle = V128Ops.class.getMethod(c[0].formatted(part), V128.class, V128.class);
                for (V128 a : values) {
                    V128 b = values.get(random.nextInt(values.size()));
                    long x = part.equals("Low") ? a.lo() : a.hi();
                    long y = part.equals("Low") ? b.lo() : b.hi();
                    V128 actual = new V128((long) halves.invoke(null, x, y), (long) halves.invoke(null, x >>> 32, y >>> 32));
                    assertThat(actual).as("%s(%s, %s)", oracle.getName(), a, b).isEqualTo(oracle.invoke(null, a, b));
                }
            }
        }
    }
}
