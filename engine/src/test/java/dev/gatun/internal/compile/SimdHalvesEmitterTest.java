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
}
