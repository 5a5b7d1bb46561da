package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.V128;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.V128Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Virtual v128 entries (two long locals, see {@link SimdEmitter}): the special shapes of shuffles, and mixes
 * with real V128 objects (call results, block results) and scalars that force conversions and flushes.
 */
class SimdHalvesEmitterTest {
    private static final V128 A = new V128(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);
    private static final V128 B = new V128(0x9F1E1D1C1B1A1918L, 0x1F8E2D3C4B5A6978L);

    @Test
    void shufflesOfEveryShapeMatchTheObjectHelper() {
        List<int[]> patterns = new ArrayList<>();
        patterns.add(range(0));                                    // identity
        patterns.add(concat(range8(8), range8(0)));               // halves swapped
        patterns.add(concat(range8(24), range8(16)));             // from the second operand only
        patterns.add(new int[] {0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23}); // 32-bit interleave
        patterns.add(new int[] {12, 13, 14, 15, 8, 9, 10, 11, 28, 29, 30, 31, 4, 5, 6, 7});
        patterns.add(new int[] {0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29}); // 16-bit unzip
        patterns.add(new int[] {2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31}); // odd 16-bit lanes
        // ordered bytes of one source with gaps between them, compressed then shifted into the upper bytes
        patterns.add(new int[] {0, 2, 5, 7, 17, 19, 20, 23, 9, 11, 12, 14, 1, 3, 4, 6});
        patterns.add(new int[] {8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31}); // 8-bit interleave
        for (int r = 1; r < 4; r++) patterns.add(rotated(4, r));
        for (int r = 1; r < 8; r++) patterns.add(rotated(8, r));
        SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < 6; k++) {
            int[] p = new int[16];
            for (int i = 0; i < 16; i++) p[i] = random.nextInt(32);
            patterns.add(p);
        }
        StringBuilder module = new StringBuilder("(module\n");
        for (int k = 0; k < patterns.size(); k++) {
            module.append("(func (export \"s").append(k).append("\") (param v128 v128) (result v128) (i8x16.shuffle");
            for (int i : patterns.get(k)) module.append(' ').append(i);
            module.append(" (local.get 0) (local.get 1)))\n");
        }
        Instance inst = Wat.instance(module.append(")").toString());
        for (int k = 0; k < patterns.size(); k++) {
            int[] p = patterns.get(k);
            assertThat(inst.invoke("s" + k, A, B)).as("pattern %d", k)
                    .containsExactly(V128Ops.i8x16Shuffle(A, B, indices(p, 0), indices(p, 8)));
        }
    }

    @Test
    void relaxedOpsCompileToTheirDeterministicCounterparts() {
        String[][] pairs = {{"i8x16.relaxed_swizzle", "i8x16.swizzle"}, {"f32x4.relaxed_min", "f32x4.min"},
                {"f32x4.relaxed_max", "f32x4.max"}, {"f64x2.relaxed_min", "f64x2.min"}, {"f64x2.relaxed_max", "f64x2.max"}};
        StringBuilder module = new StringBuilder("(module\n");
        for (int k = 0; k < pairs.length; k++) {
            for (int v = 0; v < 2; v++) {
                module.append("(func (export \"").append(v).append('_').append(k)
                        .append("\") (param v128 v128) (result v128) (").append(pairs[k][v])
                        .append(" (local.get 0) (local.get 1)))\n");
            }
        }
        module.append("(func (export \"laneselect\") (param v128 v128 v128) (result v128)"
                + " (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))\n");
        module.append("(func (export \"trunc\") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_u (local.get 0)))\n");
        Instance inst = Wat.instance(module.append(")").toString());
        V128 floats = new V128(0x3FC00000_C0600000L, 0x4F800000_7FC00000L); // -3.5, 1.5 | NaN, 2^32
        V128 small = new V128(0x0F0E010203040506L, 0x1F00000000000001L);
        for (V128[] args : new V128[][] {{A, B}, {B, small}, {floats, A}, {small, floats}}) {
            for (int k = 0; k < pairs.length; k++) {
                assertThat(inst.invoke("0_" + k, args[0], args[1])).as(pairs[k][0])
                        .containsExactly(inst.invoke("1_" + k, args[0], args[1]));
            }
        }
        assertThat(inst.invoke("laneselect", A, B, new V128(0xFFFFFFFF00000000L, 0x00000000FFFFFFFFL)))
                .containsExactly(new V128((B.lo() & 0xFFFFFFFFL) | (A.lo() & 0xFFFFFFFF00000000L),
                        (A.hi() & 0xFFFFFFFFL) | (B.hi() & 0xFFFFFFFF00000000L)));
        assertThat(inst.invoke("trunc", floats)).containsExactly(new V128(1L << 32, 0xFFFFFFFF_00000000L));
    }

    private static int[] range(int from) {
        int[] r = new int[16];
        for (int i = 0; i < 16; i++) r[i] = from + i;
        return r;
    }

    private static int[] range8(int from) {
        int[] r = new int[8];
        for (int i = 0; i < 8; i++) r[i] = from + i;
        return r;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = new int[16];
        System.arraycopy(a, 0, r, 0, 8);
        System.arraycopy(b, 0, r, 8, 8);
        return r;
    }

    /** Every {@code laneBytes}-byte lane of the first operand rotated right by {@code r} bytes. */
    private static int[] rotated(int laneBytes, int r) {
        int[] p = new int[16];
        for (int i = 0; i < 16; i++) p[i] = (i / laneBytes) * laneBytes + (i % laneBytes + r) % laneBytes;
        return p;
    }

    private static long indices(int[] p, int from) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | p[from + i];
        return v;
    }

    @Test
    void shiftsByConstantsMatchTheObjectHelpers() {
        String[] ops = {"i32x4.shl", "i32x4.shr_u", "i64x2.shl", "i64x2.shr_u"};
        int[] counts = {0, 1, 7, 12, 31, 32, 33, 63, 64, -1};
        StringBuilder module = new StringBuilder("(module\n");
        for (String op : ops) {
            for (int n : counts) {
                module.append("(func (export \"").append(op).append(n).append("\") (param v128) (result v128) (")
                        .append(op).append(" (local.get 0) (i32.const ").append(n).append(")))\n");
            }
        }
        Instance inst = Wat.instance(module.append(")").toString());
        for (int n : counts) {
            assertThat(inst.invoke("i32x4.shl" + n, B)).containsExactly(V128Ops.i32x4Shl(B, n));
            assertThat(inst.invoke("i32x4.shr_u" + n, B)).containsExactly(V128Ops.i32x4ShrU(B, n));
            assertThat(inst.invoke("i64x2.shl" + n, B)).containsExactly(V128Ops.i64x2Shl(B, n));
            assertThat(inst.invoke("i64x2.shr_u" + n, B)).containsExactly(V128Ops.i64x2ShrU(B, n));
        }
    }

    @Test
    void realOperandsFromCallsAndBlocksMixWithVirtualOnes() {
        Instance inst = Wat.instance("""
                (module
                  (func $id (param v128) (result v128) (local.get 0))
                  (func (export "realLeft") (param v128 v128) (result v128)
                    (i32x4.add (call $id (local.get 0)) (local.get 1)))
                  (func (export "realRight") (param v128 v128) (result v128)
                    (i32x4.sub (local.get 0) (call $id (local.get 1))))
                  (func (export "realShifted") (param v128) (result v128)
                    (i32x4.shl (call $id (local.get 0)) (i32.const 3)))
                  (func (export "blockLane") (param v128 i32) (result v128)
                    (local.get 0)
                    (block (result i32) (i32.add (local.get 1) (i32.const 1)))
                    (i32x4.replace_lane 2))
                  (func (export "scalarAbove") (param v128 i32) (result i32 v128 i32)
                    (local.get 1) (local.get 0) (local.get 1) (i32.const 2) (i32.mul)
                    (block (param i32) (result i32) (i32.const 1) (i32.add)))
                  (func (export "fallbackOnVirtual") (param v128 v128 i32) (result v128)
                    (i16x8.replace_lane 3 (i8x16.avgr_u (local.get 0) (local.get 1)) (local.get 2))))""");
        assertThat(inst.invoke("realLeft", A, B)).containsExactly(V128Ops.i32x4Add(A, B));
        assertThat(inst.invoke("realRight", A, B)).containsExactly(V128Ops.i32x4Sub(A, B));
        assertThat(inst.invoke("realShifted", A)).containsExactly(V128Ops.i32x4Shl(A, 3));
        assertThat(inst.invoke("blockLane", A, 41)).containsExactly(V128Ops.i32x4ReplaceLane(A, 42, 2));
        assertThat(inst.invoke("scalarAbove", A, 5)).containsExactly(5, A, 11);
        assertThat(inst.invoke("fallbackOnVirtual", A, B, 0x1234))
                .containsExactly(V128Ops.i16x8ReplaceLane(V128Ops.i8x16AvgrU(A, B), 0x1234, 3));
    }

    @Test
    void laneSplatAndZeroAccessesMatchTheObjectHelpers() {
        Instance inst = Wat.instance("""
                (module
                  (memory 1)
                  (data (i32.const 16) "\\01\\82\\03\\84\\05\\86\\07\\88\\09\\8a\\0b\\8c\\0d\\8e\\0f\\90")
                  (func (export "splat8") (result v128) (v128.load8_splat offset=1 (i32.const 16)))
                  (func (export "splat16") (result v128) (v128.load16_splat (i32.const 17)))
                  (func (export "splat32") (result v128) (v128.load32_splat (i32.const 18)))
                  (func (export "splat64") (result v128) (v128.load64_splat (i32.const 19)))
                  (func (export "zero32") (result v128) (v128.load32_zero (i32.const 20)))
                  (func (export "zero64") (result v128) (v128.load64_zero (i32.const 21)))
                  (func (export "loadLane8") (param v128) (result v128) (v128.load8_lane 13 (i32.const 17) (local.get 0)))
                  (func (export "loadLane16") (param v128) (result v128) (v128.load16_lane 5 (i32.const 17) (local.get 0)))
                  (func (export "loadLane32") (param v128) (result v128) (v128.load32_lane 1 (i32.const 17) (local.get 0)))
                  (func (export "loadLane64") (param v128) (result v128) (v128.load64_lane 1 (i32.const 17) (local.get 0)))
                  (func (export "storeLanes") (param v128) (result v128)
                    (v128.store8_lane 9 (i32.const 0) (local.get 0))
                    (v128.store16_lane 3 (i32.const 1) (local.get 0))
                    (v128.store32_lane 2 (i32.const 3) (local.get 0))
                    (v128.store64_lane 1 (i32.const 7) (local.get 0))
                    (v128.load (i32.const 0)))
                  (func (export "trappingLane") (param v128) (v128.store32_lane 0 (i32.const 65533) (local.get 0))))""");
        byte[] memory = new byte[65536];
        byte[] data = {1, (byte) 0x82, 3, (byte) 0x84, 5, (byte) 0x86, 7, (byte) 0x88, 9, (byte) 0x8a, 11, (byte) 0x8c,
                13, (byte) 0x8e, 15, (byte) 0x90};
        System.arraycopy(data, 0, memory, 16, 16);
        assertThat(inst.invoke("splat8")).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load8Splat(16, memory, memory.length, 1));
        assertThat(inst.invoke("splat16")).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load16Splat(17, memory, memory.length, 0));
        assertThat(inst.invoke("splat32")).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load32Splat(18, memory, memory.length, 0));
        assertThat(inst.invoke("splat64")).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load64Splat(19, memory, memory.length, 0));
        assertThat(inst.invoke("zero32")).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load32Zero(20, memory, memory.length, 0));
        assertThat(inst.invoke("zero64")).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load64Zero(21, memory, memory.length, 0));
        assertThat(inst.invoke("loadLane8", A)).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load8Lane(17, A, memory, memory.length, 0, 13));
        assertThat(inst.invoke("loadLane16", A)).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load16Lane(17, A, memory, memory.length, 0, 5));
        assertThat(inst.invoke("loadLane32", A)).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load32Lane(17, A, memory, memory.length, 0, 1));
        assertThat(inst.invoke("loadLane64", A)).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load64Lane(17, A, memory, memory.length, 0, 1));
        dev.gatun.internal.runtime.V128Memory.v128Store8Lane(0, B, memory, memory.length, 0, 9);
        dev.gatun.internal.runtime.V128Memory.v128Store16Lane(1, B, memory, memory.length, 0, 3);
        dev.gatun.internal.runtime.V128Memory.v128Store32Lane(3, B, memory, memory.length, 0, 2);
        dev.gatun.internal.runtime.V128Memory.v128Store64Lane(7, B, memory, memory.length, 0, 1);
        assertThat(inst.invoke("storeLanes", B)).containsExactly(dev.gatun.internal.runtime.V128Memory.v128Load(0, memory, memory.length, 0));
        assertThatThrownBy(() -> inst.invoke("trappingLane", A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void aStoreOutOfBoundsWritesNothing() {
        Instance inst = Wat.instance("""
                (module
                  (memory 1)
                  (func (export "store") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
                  (func (export "load") (param i32) (result v128) (v128.load offset=1 (local.get 0))))""");
        assertThatThrownBy(() -> inst.invoke("store", 65536 - 12, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("load", 65536 - 17)).containsExactly(V128.ZERO);
        inst.invoke("store", 65536 - 16, A);
        assertThat(inst.invoke("load", 65536 - 17)).containsExactly(A);
        assertThatThrownBy(() -> inst.invoke("load", 65536 - 16)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void v128LoadsAndStoresOnHeapMemoryCheckTheWholeSixteenBytesAndWriteNothingWhenOutOfBounds() {
        Instance inst = Wat.instance("""
                (module (memory 1)
                  (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
                  (func (export "loadAt3") (param i32) (result v128) (v128.load offset=3 (local.get 0)))
                  (func (export "loadFar") (param i32) (result v128) (v128.load offset=0xFFFFFFF0 (local.get 0)))
                  (func (export "store") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
                  (func (export "storeAt3") (param i32 v128) (v128.store offset=3 (local.get 0) (local.get 1)))
                  (func (export "i64") (param i32) (result i64) (i64.load (local.get 0))))
                """);
        inst.invoke("store", 65520, B);
        assertThat(inst.invoke("load", 65520)).containsExactly(B);
        assertThat(inst.invoke("i64", 65528)).containsExactly(B.hi());
        inst.invoke("storeAt3", 65517, A);
        assertThat(inst.invoke("loadAt3", 65517)).containsExactly(A);
        assertThat(inst.invoke("load", 65520)).containsExactly(A);
        for (int address : new int[] {65521, 65535, 65536, -1, -16, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> inst.invoke("load", address)).as("load at %d", address)
                    .isInstanceOf(MemoryOutOfBoundsTrap.class);
            assertThatThrownBy(() -> inst.invoke("store", address, B)).as("store at %d", address)
                    .isInstanceOf(MemoryOutOfBoundsTrap.class);
        }
        assertThatThrownBy(() -> inst.invoke("loadAt3", 65518)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("storeAt3", 65518, B)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("loadFar", 0)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("loadFar", 16)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        // the failed stores (the high half in bounds at 65521..65528) left the last 16 bytes as they were
        assertThat(inst.invoke("load", 65520)).containsExactly(A);
    }

    @Test
    void selectsOfVirtualV128sAndOfScalarsAboveThemPickByTheCondition() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "v128") (param v128 v128 i32) (result v128)
                    (select (v128.xor (local.get 0) (local.get 1)) (local.get 1) (local.get 2)))
                  (func (export "typed") (param v128 v128 i32) (result v128)
                    (select (result v128) (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "scalarAbove") (param v128 i64 i64 i32) (result v128 i64)
                    (local.get 0) (select (local.get 1) (local.get 2) (local.get 3))))
                """);
        V128 xor = new V128(A.lo() ^ B.lo(), A.hi() ^ B.hi());
        for (int condition : new int[] {1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x100}) {
            assertThat(inst.invoke("v128", A, B, condition)).as("condition %d", condition).containsExactly(xor);
            assertThat(inst.invoke("typed", A, B, condition)).containsExactly(A);
            assertThat(inst.invoke("scalarAbove", A, 7L, 9L, condition)).containsExactly(A, 7L);
        }
        assertThat(inst.invoke("v128", A, B, 0)).containsExactly(B);
        assertThat(inst.invoke("typed", A, B, 0)).containsExactly(B);
        assertThat(inst.invoke("scalarAbove", A, 7L, 9L, 0)).containsExactly(A, 9L);
    }

    private static final float[] FLOAT_EDGES = {0f, -0f, 1f, -1f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 3.5f, -0.49999997f,
            8388607.5f, -8388609f, 16777217f, 2147483520f, 2147483648f, -2147483648f, -2147483904f, 4.5e15f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xFFC00000), Float.intBitsToFloat(0x7FA00001)};

    private static V128 floats(float a, float b, float c, float d) {
        return new V128(bits32(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b)),
                bits32(Float.floatToRawIntBits(c), Float.floatToRawIntBits(d)));
    }

    private static long bits32(int low, int high) {
        return (low & 0xFFFFFFFFL) | (long) high << 32;
    }

    private static int lane32(V128 v, int lane) {
        return (int) ((lane < 2 ? v.lo() : v.hi()) >>> (32 * (lane & 1)));
    }

    /** f32 results: exact bits, except that a NaN result only has to be a NaN (the spec's arithmetic NaN). */
    private static void assertFloatLanes(V128 actual, float[] expected, String what) {
        for (int lane = 0; lane < 4; lane++) {
            float got = Float.intBitsToFloat(lane32(actual, lane));
            if (Float.isNaN(expected[lane])) {
                assertThat(Float.isNaN(got)).as("%s lane %d is NaN", what, lane).isTrue();
            } else {
                assertThat(Float.floatToRawIntBits(got)).as("%s lane %d: %s", what, lane, got)
                        .isEqualTo(Float.floatToRawIntBits(expected[lane]));
            }
        }
    }

    @Test
    void inlineF32x4LanesMatchIeeeArithmeticAtTheEdges() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "add") (param v128 v128) (result v128) (f32x4.add (local.get 0) (local.get 1)))
                  (func (export "sub") (param v128 v128) (result v128) (f32x4.sub (local.get 0) (local.get 1)))
                  (func (export "mul") (param v128 v128) (result v128) (f32x4.mul (local.get 0) (local.get 1)))
                  (func (export "div") (param v128 v128) (result v128) (f32x4.div (local.get 0) (local.get 1)))
                  (func (export "nearest") (param v128) (result v128) (f32x4.nearest (local.get 0)))
                  (func (export "trunc") (param v128) (result v128) (i32x4.trunc_sat_f32x4_s (local.get 0)))
                  (func (export "relaxedTrunc") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
                  (func (export "convert") (param v128) (result v128) (f32x4.convert_i32x4_s (local.get 0))))""");
        float[] e = FLOAT_EDGES;
        for (int i = 0; i < e.length; i++) {
            float[] x = {e[i], e[(i + 1) % e.length], e[(i + 5) % e.length], e[(i + 11) % e.length]};
            V128 vx = floats(x[0], x[1], x[2], x[3]);
            float[] nearest = new float[4];
            int[] trunc = new int[4];
            for (int k = 0; k < 4; k++) {
                nearest[k] = (float) Math.rint(x[k]);
                trunc[k] = Float.isNaN(x[k]) ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (double) x[k]));
            }
            assertFloatLanes((V128) inst.invoke("nearest", vx)[0], nearest, "nearest " + java.util.Arrays.toString(x));
            V128 expectedTrunc = new V128(bits32(trunc[0], trunc[1]), bits32(trunc[2], trunc[3]));
            assertThat(inst.invoke("trunc", vx)).as("trunc_sat %s", java.util.Arrays.toString(x)).containsExactly(expectedTrunc);
            assertThat(inst.invoke("relaxedTrunc", vx)).containsExactly(expectedTrunc);
            for (int j = 0; j < e.length; j++) {
                float[] y = {e[j], e[(j + 3) % e.length], e[(j + 7) % e.length], e[(j + 13) % e.length]};
                V128 vy = floats(y[0], y[1], y[2], y[3]);
                float[] sum = new float[4], difference = new float[4], product = new float[4], quotient = new float[4];
                for (int k = 0; k < 4; k++) {
                    sum[k] = x[k] + y[k];
                    difference[k] = x[k] - y[k];
                    product[k] = x[k] * y[k];
                    quotient[k] = x[k] / y[k];
                }
                String args = java.util.Arrays.toString(x) + " " + java.util.Arrays.toString(y);
                assertFloatLanes((V128) inst.invoke("add", vx, vy)[0], sum, "add " + args);
                assertFloatLanes((V128) inst.invoke("sub", vx, vy)[0], difference, "sub " + args);
                assertFloatLanes((V128) inst.invoke("mul", vx, vy)[0], product, "mul " + args);
                assertFloatLanes((V128) inst.invoke("div", vx, vy)[0], quotient, "div " + args);
            }
        }
        // nearest rounds ties to even and keeps the sign of zero
        assertFloatLanes((V128) inst.invoke("nearest", floats(0.5f, -0.5f, 2.5f, -3.5f))[0],
                new float[] {0f, -0f, 2f, -4f}, "nearest ties");
        // i32 to f32 rounds to nearest even: 16777217 -> 16777216, 2^31-1 -> 2^31
        V128 ints = new V128(bits32(16777217, Integer.MAX_VALUE), bits32(Integer.MIN_VALUE, -16777219));
        assertFloatLanes((V128) inst.invoke("convert", ints)[0],
                new float[] {16777216f, 2147483648f, -2147483648f, -16777220f}, "convert");
    }

    @Test
    void inlineNarrowSaturatesEveryLaneToTheNarrowRange() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "s16") (param v128 v128) (result v128) (i16x8.narrow_i32x4_s (local.get 0) (local.get 1)))
                  (func (export "u16") (param v128 v128) (result v128) (i16x8.narrow_i32x4_u (local.get 0) (local.get 1)))
                  (func (export "s8") (param v128 v128) (result v128) (i8x16.narrow_i16x8_s (local.get 0) (local.get 1)))
                  (func (export "u8") (param v128 v128) (result v128) (i8x16.narrow_i16x8_u (local.get 0) (local.get 1))))""");
        V128 a = new V128(bits32(32767, 32768), bits32(-32768, -32769));
        V128 b = new V128(bits32(Integer.MIN_VALUE, Integer.MAX_VALUE), bits32(65535, -1));
        // i16 lanes, low to high: 32767 32767 -32768 -32768 | -32768 32767 32767 -1
        assertThat(inst.invoke("s16", a, b)).containsExactly(new V128(0x8000_8000_7FFF_7FFFL, 0xFFFF_7FFF_7FFF_8000L));
        // unsigned: negative lanes to 0, above 65535 to 65535
        assertThat(inst.invoke("u16", a, b)).containsExactly(new V128(0x0000_0000_8000_7FFFL, 0x0000_FFFF_FFFF_0000L));
        // i16 lanes of c: 127 128 -128 -129 255 256 -1 32767; of d: -32768 0 1 -2 100 -100 200 -200
        V128 c = new V128(0xFF7F_FF80_0080_007FL, 0x7FFF_FFFF_0100_00FFL);
        V128 d = new V128(0xFFFE_0001_0000_8000L, 0xFF38_00C8_FF9C_0064L);
        assertThat(inst.invoke("s8", c, d)).containsExactly(new V128(0x7F_FF_7F_7F_80_80_7F_7FL, 0x80_7F_9C_64_FE_01_00_80L));
        assertThat(inst.invoke("u8", c, d)).containsExactly(new V128(0xFF_00_FF_FF_00_00_80_7FL, 0x00_C8_00_64_00_01_00_00L));
        // and the object helpers agree
        for (String op : new String[] {"s16", "u16", "s8", "u8"}) {
            for (V128[] args : new V128[][] {{a, b}, {c, d}, {A, B}}) {
                V128 expected = switch (op) {
                    case "s16" -> V128Ops.i16x8NarrowI32x4S(args[0], args[1]);
                    case "u16" -> V128Ops.i16x8NarrowI32x4U(args[0], args[1]);
                    case "s8" -> V128Ops.i8x16NarrowI16x8S(args[0], args[1]);
                    default -> V128Ops.i8x16NarrowI16x8U(args[0], args[1]);
                };
                assertThat(inst.invoke(op, args[0], args[1])).as(op).containsExactly(expected);
            }
        }
    }

    @Test
    void inlineLaneAccessesTrapAtTheEndOfMemoryAndStoreNothingThen() {
        Instance inst = Wat.instance("""
                (module
                  (memory 1)
                  (func (export "load16") (param i32 v128) (result v128) (v128.load16_lane offset=1 7 (local.get 0) (local.get 1)))
                  (func (export "store32") (param i32 v128) (v128.store32_lane offset=2 3 (local.get 0) (local.get 1)))
                  (func (export "store8") (param i32 v128) (v128.store8_lane 15 (local.get 0) (local.get 1)))
                  (func (export "splat64") (param i32) (result v128) (v128.load64_splat offset=8 (local.get 0)))
                  (func (export "peek") (param i32) (result i64) (i64.load (local.get 0))))""");
        inst.invoke("store32", 65530, B);
        assertThat(inst.invoke("peek", 65528)[0]).isEqualTo((B.hi() >>> 32) << 32);
        assertThatThrownBy(() -> inst.invoke("store32", 65531, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("store32", -1, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("peek", 65528)[0]).as("nothing written by the failed stores").isEqualTo((B.hi() >>> 32) << 32);
        inst.invoke("store8", 65535, A);
        assertThatThrownBy(() -> inst.invoke("store8", 65536, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        long lastEight = 0x0F8E_2D3C_0000_0000L; // B's lane 3 at 65532, then A's byte 15 at 65535
        assertThat(inst.invoke("peek", 65528)[0]).isEqualTo(lastEight);
        assertThat(inst.invoke("load16", 65533, V128.ZERO)).containsExactly(new V128(0, 0x0F8EL << 48));
        assertThatThrownBy(() -> inst.invoke("load16", 65534, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("load16", -1, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("splat64", 65520)).containsExactly(new V128(lastEight, lastEight));
        assertThatThrownBy(() -> inst.invoke("splat64", 65521)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }
}
