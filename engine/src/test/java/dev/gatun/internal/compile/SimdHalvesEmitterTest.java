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
}
