package dev.gatun.internal.runtime;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The execution spec scripts of {@link SpecExecutionTest} with every function (except those with exception
 * handlers) compiled as split segments at a tiny budget, so that nearly every block boundary crosses
 * segment methods: the strongest check of the splitter. Runs only when {@code -Dgatun.testsuite} is given.
 */
class SplitSpecExecutionTest {
    private static final String BUDGET = "gatun.split.budget";
    private static final String BR_TABLE_EXITS = "gatun.split.brTableExits";
    private static final List<String> SIMD_FILES = List.of("simd_address.wast", "simd_align.wast",
            "simd_bit_shift.wast", "simd_bitwise.wast", "simd_boolean.wast", "simd_const.wast",
            "simd_conversions.wast", "simd_f32x4.wast", "simd_f32x4_arith.wast", "simd_f32x4_cmp.wast",
            "simd_f32x4_pmin_pmax.wast", "simd_f32x4_rounding.wast", "simd_f64x2.wast", "simd_f64x2_arith.wast",
            "simd_f64x2_cmp.wast", "simd_f64x2_pmin_pmax.wast", "simd_f64x2_rounding.wast", "simd_i16x8_arith.wast",
            "simd_i16x8_arith2.wast", "simd_i16x8_cmp.wast", "simd_i16x8_extadd_pairwise_i8x16.wast",
            "simd_i16x8_extmul_i8x16.wast", "simd_i16x8_q15mulr_sat_s.wast", "simd_i16x8_sat_arith.wast",
            "simd_i32x4_arith.wast", "simd_i32x4_arith2.wast", "simd_i32x4_cmp.wast", "simd_i32x4_dot_i16x8.wast",
            "simd_i32x4_extadd_pairwise_i16x8.wast", "simd_i32x4_extmul_i16x8.wast",
            "simd_i32x4_trunc_sat_f32x4.wast", "simd_i32x4_trunc_sat_f64x2.wast", "simd_i64x2_arith.wast",
            "simd_i64x2_arith2.wast", "simd_i64x2_cmp.wast", "simd_i64x2_extmul_i32x4.wast", "simd_i8x16_arith.wast",
            "simd_i8x16_arith2.wast", "simd_i8x16_cmp.wast", "simd_i8x16_sat_arith.wast",
            "simd_int_to_int_extend.wast", "simd_lane.wast", "simd_linking.wast", "simd_load.wast",
            "simd_load16_lane.wast", "simd_load32_lane.wast", "simd_load64_lane.wast", "simd_load8_lane.wast",
            "simd_load_extend.wast", "simd_load_splat.wast", "simd_load_zero.wast", "simd_memory-multi.wast",
            "simd_select.wast", "simd_splat.wast", "simd_store.wast", "simd_store16_lane.wast",
            "simd_store32_lane.wast", "simd_store64_lane.wast", "simd_store8_lane.wast",
            "i16x8_relaxed_q15mulr_s.wast", "i32x4_relaxed_trunc.wast", "i8x16_relaxed_swizzle.wast",
            "relaxed_dot_product.wast", "relaxed_laneselect.wast", "relaxed_madd_nmadd.wast",
            "relaxed_min_max.wast");

    @Test
    void specScriptsExecuteWithEveryFunctionSplit() {
        String previous = System.getProperty(BUDGET);
        System.setProperty(BUDGET, "48");
        try {
            new SpecExecutionTest().specScriptsExecute(SpecExecutionTest.FILES);
        } finally {
            if (previous == null) System.clearProperty(BUDGET);
            else System.setProperty(BUDGET, previous);
        }
    }

    /**
     * The same scripts with every br_table of more than one distinct target emitted as the exit that huge
     * br_tables use (an exit code looked up per index): every target kind, carried value and height.
     */
    @Test
    void specScriptsExecuteWithEveryBrTableLeavingItsSegment() {
        String previous = System.getProperty(BUDGET);
        System.setProperty(BUDGET, "48");
        System.setProperty(BR_TABLE_EXITS, "true");
        try {
            new SpecExecutionTest().specScriptsExecute(SpecExecutionTest.FILES);
        } finally {
            System.clearProperty(BR_TABLE_EXITS);
            if (previous == null) System.clearProperty(BUDGET);
            else System.setProperty(BUDGET, previous);
        }
    }

    /** The SIMD and relaxed-SIMD scripts split the same way: v128 values, locals, params and results cross segments. */
    @Test
    void simdScriptsExecuteWithEveryFunctionSplit() {
        String previous = System.getProperty(BUDGET);
        System.setProperty(BUDGET, "48");
        try {
            new SpecExecutionTest().specScriptsExecute(SIMD_FILES);
        } finally {
            if (previous == null) System.clearProperty(BUDGET);
            else System.setProperty(BUDGET, previous);
        }
    }
}
