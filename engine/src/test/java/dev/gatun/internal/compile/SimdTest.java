package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.V128;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.ThrownException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** v128 values through every path of the compiler (locals, calls, globals, memory, control) and lane ops. */
class SimdTest {
    private static final V128 A = new V128(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);
    private static final V128 B = new V128(0x1111111111111111L, 0x2222222222222222L);

    @Test
    void valuesCrossCallsAsParamsAndMultipleResults() {
        Instance inst = Wat.instance("""
                (module
                  (func $swap (param v128 i32 v128) (result v128 i32 v128)
                    (local.get 2) (local.get 1) (local.get 0))
                  (func (export "swap") (param v128 i32 v128) (result v128 i32 v128)
                    (call $swap (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "zeroLocal") (result v128) (local v128) (local.get 0)))""");
        assertThat(inst.invoke("swap", A, 7, B)).containsExactly(B, 7, A);
        assertThat(inst.invoke("zeroLocal")).containsExactly(V128.ZERO);
    }

    @Test
    void indirectAndReferenceCallsCarryVectors() {
        Instance inst = Wat.instance("""
                (module
                  (type $op (func (param v128 v128) (result v128 v128)))
                  (table 2 funcref)
                  (elem (i32.const 0) $addSub $swap)
                  (elem declare func $swap)
                  (func $addSub (type $op) (i64x2.add (local.get 0) (local.get 1)) (i64x2.sub (local.get 0) (local.get 1)))
                  (func $swap (type $op) (local.get 1) (local.get 0))
                  (func (export "indirect") (param v128 v128 i32) (result v128 v128)
                    (call_indirect (type $op) (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "byRef") (param v128 v128) (result v128 v128)
                    (call_ref $op (local.get 0) (local.get 1) (ref.func $swap))))""");
        V128 one = new V128(1, 1);
        assertThat(inst.invoke("indirect", A, one, 0)).containsExactly(
                new V128(A.lo() + 1, A.hi() + 1), new V128(A.lo() - 1, A.hi() - 1));
        assertThat(inst.invoke("indirect", A, one, 1)).containsExactly(one, A);
        assertThat(inst.invoke("byRef", A, B)).containsExactly(B, A);
        assertThatThrownBy(() -> inst.invoke("indirect", A, "not a vector", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v128");
    }

    @Test
    void globalsHoldBothHalves() {
        Instance inst = Wat.instance("""
                (module
                  (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
                  (func (export "bump") (result v128)
                    (global.set $g (i32x4.add (global.get $g) (v128.const i32x4 10 20 30 40)))
                    (global.get $g)))""");
        V128 expected = new V128(22L << 32 | 11, 44L << 32 | 33);
        assertThat(inst.invoke("bump")).containsExactly(expected);
        assertThat(inst.getGlobal("g")).isEqualTo(expected);
    }

    @Test
    void selectBlocksAndBranchesCarryVectors() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "pick") (param v128 v128 i32) (result v128)
                    (select (local.get 0) (local.get 1) (local.get 2)))
                  (func (export "viaBlock") (param v128 i32) (result v128)
                    (local.get 0)
                    (block (param v128) (result v128)
                      (br_if 0 (local.get 1))
                      (drop)
                      (v128.const i64x2 -1 -1))))""");
        assertThat(inst.invoke("pick", A, B, 1)).containsExactly(A);
        assertThat(inst.invoke("pick", A, B, 0)).containsExactly(B);
        assertThat(inst.invoke("viaBlock", A, 1)).containsExactly(A);
        assertThat(inst.invoke("viaBlock", A, 0)).containsExactly(new V128(-1, -1));
    }

    @Test
    void loadsAndStoresTrapLikeScalarAccessesWithoutPartialWrites() {
        Instance inst = Wat.instance("""
                (module
                  (memory 1)
                  (func (export "store") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
                  (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
                  (func (export "lane") (param i32 v128) (result v128) (v128.load16_lane 3 (local.get 0) (local.get 1)))
                  (func (export "splat") (param i32) (result v128) (v128.load32_splat offset=4 (local.get 0)))
                  (func (export "extend") (param i32) (result v128) (v128.load8x8_s (local.get 0)))
                  (func (export "zero") (param i32) (result v128) (v128.load32_zero (local.get 0))))""");
        inst.invoke("store", 0, A);
        assertThat(inst.invoke("load", 0)).containsExactly(A);
        assertThat(inst.invoke("load", 1)).containsExactly(new V128(0x0807060504030201L, 0x000F0E0D0C0B0A09L));
        assertThat(inst.invoke("lane", 2, V128.ZERO)).containsExactly(new V128(0x0302L << 48, 0));
        assertThat(inst.invoke("splat", 0)).containsExactly(new V128(0x0706050407060504L, 0x0706050407060504L));
        assertThat(inst.invoke("zero", 12)).containsExactly(new V128(0x0F0E0D0CL, 0));
        inst.invoke("store", 16, new V128(0xFF80L, 0));
        assertThat(inst.invoke("extend", 16)).containsExactly(new V128(0x0000_0000_FFFF_FF80L & 0xFFFFFFFFL | 0, 0));
        assertThatThrownBy(() -> inst.invoke("store", 65536 - 15, B)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(inst.invoke("load", 65536 - 16)).containsExactly(V128.ZERO);
        assertThatThrownBy(() -> inst.invoke("lane", 65535, V128.ZERO)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("splat", -1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void memory64AccessesUseSixtyFourBitAddresses() {
        Instance inst = Wat.instance("""
                (module
                  (memory i64 1)
                  (func (export "roundTrip") (param i64 v128) (result v128)
                    (v128.store (local.get 0) (local.get 1))
                    (v128.load64_splat offset=8 (local.get 0)))
                  (func (export "storeLane") (param i64 v128) (v128.store32_lane 3 (local.get 0) (local.get 1))))""");
        assertThat(inst.invoke("roundTrip", 100L, A)).containsExactly(new V128(A.hi(), A.hi()));
        assertThatThrownBy(() -> inst.invoke("roundTrip", 65536L - 8, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("roundTrip", -16L, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> inst.invoke("storeLane", 65533L, A)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void laneOperations() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "shuffle") (param v128 v128) (result v128)
                    (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7 (local.get 0) (local.get 1)))
                  (func (export "extract") (param v128) (result i32 i32 i64)
                    (i8x16.extract_lane_s 15 (local.get 0)) (i16x8.extract_lane_u 7 (local.get 0))
                    (i64x2.extract_lane 1 (local.get 0)))
                  (func (export "bitmask") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
                  (func (export "satAdd") (param v128 v128) (result v128) (i8x16.add_sat_u (local.get 0) (local.get 1)))
                  (func (export "dot") (param v128 v128) (result v128) (i32x4.dot_i16x8_s (local.get 0) (local.get 1))))""");
        assertThat(inst.invoke("shuffle", A, B)).containsExactly(new V128(0x0322022201220022L, 0x0722062205220422L));
        V128 high = new V128(0, 0x80FF_0000_0000_0000L);
        assertThat(inst.invoke("extract", high)).containsExactly(-128, 0x80FF, 0x80FF_0000_0000_0000L);
        assertThat(inst.invoke("bitmask", high)).containsExactly(0xC000);
        assertThat(inst.invoke("satAdd", new V128(0xF0, 0), new V128(0x20, 0))).containsExactly(new V128(0xFF, 0));
        // lanes (1, 2) . (3, -4) = -5, the other lanes 0
        V128 a = new V128(0x0002_0001L, 0);
        V128 b = new V128(0xFFFC_0003L, 0);
        assertThat(inst.invoke("dot", a, b)).containsExactly(new V128(0xFFFF_FFFBL, 0));
    }

    @Test
    void floatLanesFollowWasmNanRules() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "min") (param v128 v128) (result v128) (f32x4.min (local.get 0) (local.get 1)))
                  (func (export "neg") (param v128) (result v128) (f64x2.neg (local.get 0)))
                  (func (export "truncSat") (param v128) (result v128) (i32x4.trunc_sat_f32x4_u (local.get 0))))""");
        long signalingNan = 0x7F800001L;
        V128 result = (V128) inst.invoke("min", new V128(signalingNan, 0), V128.ZERO)[0];
        assertThat((int) result.lo() & 0x7FC00000).as("arithmetic NaN: quiet bit set").isEqualTo(0x7FC00000);
        assertThat(result.lo() >>> 32).isZero();
        // neg flips only the sign bit, keeping a NaN payload
        assertThat(inst.invoke("neg", new V128(0x7FF0_0000_0000_0001L, 0))).containsExactly(new V128(0xFFF0_0000_0000_0001L, Long.MIN_VALUE));
        long lanes = Float.floatToRawIntBits(-1f) & 0xFFFFFFFFL | (long) Float.floatToRawIntBits(5e9f) << 32;
        assertThat(inst.invoke("truncSat", new V128(lanes, Float.floatToRawIntBits(Float.NaN)))).containsExactly(new V128(0xFFFF_FFFF_0000_0000L, 0));
    }

    @Test
    void relaxedInstructionsAreDeterministic() {
        Instance inst = Wat.instance("""
                (module
                  (func (export "swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
                  (func (export "madd") (param v128 v128 v128) (result v128) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))""");
        // out-of-range indices (>= 16) give 0, as the non-relaxed swizzle
        V128 indices = new V128(0x80_10_0F_00L, 0);
        assertThat(inst.invoke("swizzle", A, indices)).containsExactly(new V128(0x0F00L, 0));
        // fused: 0.1 * 10 - 1 is not 0 when computed with one rounding
        double r = Math.fma(0.1, 10, -1);
        V128 v = (V128) inst.invoke("madd", new V128(Double.doubleToRawLongBits(0.1), 0),
                new V128(Double.doubleToRawLongBits(10), 0), new V128(Double.doubleToRawLongBits(-1), 0))[0];
        assertThat(Double.longBitsToDouble(v.lo())).isEqualTo(r).isNotZero();
    }

    @Test
    void hostFunctionsExceptionsAndTailCallsCarryVectors() {
        HostFunction twice = args -> new Object[] {args[0], args[0]};
        Instance inst = Wat.instance("""
                (module
                  (import "host" "twice" (func $twice (param v128) (result v128 v128)))
                  (tag $t (param v128))
                  (func (export "host") (param v128) (result v128)
                    (v128.xor (call $twice (local.get 0))))
                  (func (export "throw") (param v128) (throw $t (local.get 0)))
                  (func (export "catch") (param v128) (result v128)
                    (block $h (result v128)
                      (try_table (catch $t $h) (throw $t (local.get 0)))
                      (v128.const i64x2 0 0)))
                  (func $id (param v128) (result v128) (local.get 0))
                  (func (export "tail") (param v128) (result v128) (return_call $id (local.get 0))))""",
                Map.of("host", Map.of("twice", twice)));
        assertThat(inst.invoke("host", A)).containsExactly(V128.ZERO);
        assertThat(inst.invoke("catch", A)).containsExactly(A);
        assertThatThrownBy(() -> inst.invoke("throw", B)).isInstanceOf(ThrownException.class);
        assertThat(inst.invoke("tail", B)).containsExactly(B);
    }

    @Test
    void v128FieldsInGcTypesAreNotSupportedYet() {
        assertThatThrownBy(() -> Wat.instance("(module (type $s (struct (field (mut v128)))))"))
                .isInstanceOf(NotSupportedException.class).hasMessage("not supported: v128 fields in structs and arrays");
        assertThatThrownBy(() -> Wat.instance("(module (type $a (array v128)))"))
                .isInstanceOf(NotSupportedException.class);
    }

    @Test
    void helperNamesFollowMnemonics() {
        assertThat(SimdEmitter.helperName("i8x16.add_sat_s")).isEqualTo("i8x16AddSatS");
        assertThat(SimdEmitter.helperName("v128.load8x8_s")).isEqualTo("v128Load8x8S");
        assertThat(SimdEmitter.helperName("i32x4.relaxed_dot_i8x16_i7x16_add_s")).isEqualTo("i32x4RelaxedDotI8x16I7x16AddS");
    }
}
