package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.IntegerDivideByZeroTrap;
import dev.gatun.IntegerOverflowTrap;
import dev.gatun.InvalidConversionTrap;
import dev.gatun.internal.runtime.Instance;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every numeric family against expected values, with the corner cases the spec tests probe. */
class NumericTest {
    /** One module per instruction shape, cached: instantiating per assertion would be slow. */
    private static final Map<String, Instance> CACHE = new HashMap<>();

    private static Instance unary(String in, String out, String op) {
        return CACHE.computeIfAbsent(op + in, k -> Wat.function("(param " + in + ") (result " + out + ")",
                "(" + op + " (local.get 0))"));
    }

    private static Instance binary(String in, String out, String op) {
        return CACHE.computeIfAbsent(op + in, k -> Wat.function("(param " + in + " " + in + ") (result " + out + ")",
                "(" + op + " (local.get 0) (local.get 1))"));
    }

    private static Object i32(String op, int a, int b) {
        return Wat.call(binary("i32", "i32", op), a, b);
    }

    private static Object i64(String op, long a, long b) {
        return Wat.call(binary("i64", op.matches("i64\\.(eq|ne|lt|gt|le|ge).*") ? "i32" : "i64", op), a, b);
    }

    private static Object f32(String op, float a, float b) {
        return Wat.call(binary("f32", op.matches("f32\\.(eq|ne|lt|gt|le|ge)") ? "i32" : "f32", op), a, b);
    }

    private static Object f64(String op, double a, double b) {
        return Wat.call(binary("f64", op.matches("f64\\.(eq|ne|lt|gt|le|ge)") ? "i32" : "f64", op), a, b);
    }

    private static Object convert(String op, String in, String out, Object value) {
        return Wat.call(unary(in, out, op), value);
    }

    @Test
    void i32Arithmetic() {
        assertThat(i32("i32.add", Integer.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
        assertThat(i32("i32.sub", 0, 1)).isEqualTo(-1);
        assertThat(i32("i32.mul", 0x10000, 0x10000)).isEqualTo(0);
        assertThat(i32("i32.div_s", -7, 2)).isEqualTo(-3);
        assertThat(i32("i32.div_u", -1, 2)).isEqualTo(0x7FFFFFFF);
        assertThat(i32("i32.rem_s", -7, 2)).isEqualTo(-1);
        assertThat(i32("i32.rem_s", Integer.MIN_VALUE, -1)).isEqualTo(0);
        assertThat(i32("i32.rem_u", -1, 10)).isEqualTo(5);
        assertThat(i32("i32.and", 0b1100, 0b1010)).isEqualTo(0b1000);
        assertThat(i32("i32.or", 0b1100, 0b1010)).isEqualTo(0b1110);
        assertThat(i32("i32.xor", 0b1100, 0b1010)).isEqualTo(0b0110);
        assertThat(i32("i32.shl", 1, 33)).isEqualTo(2);
        assertThat(i32("i32.shr_s", -8, 1)).isEqualTo(-4);
        assertThat(i32("i32.shr_u", -8, 1)).isEqualTo(0x7FFFFFFC);
        assertThat(i32("i32.rotl", 0x80000001, 1)).isEqualTo(3);
        assertThat(i32("i32.rotr", 3, 1)).isEqualTo(0x80000001);
        assertThat(i32("i32.rotl", 0x12345678, 0)).isEqualTo(0x12345678);
        assertThat(i32("i32.rotl", 0x12345678, 36)).isEqualTo(0x23456781);
        assertThat(i32("i32.rotl", 0x12345678, -4)).isEqualTo(0x81234567);
        assertThat(i32("i32.rotr", 0x12345678, 0)).isEqualTo(0x12345678);
        assertThat(i32("i32.rotr", 0x12345678, 8)).isEqualTo(0x78123456);
        assertThat(i32("i32.rotr", 0x12345678, 40)).isEqualTo(0x78123456);
        assertThat(Wat.call(unary("i32", "i32", "i32.clz"), 0)).isEqualTo(32);
        assertThat(Wat.call(unary("i32", "i32", "i32.ctz"), 0x80)).isEqualTo(7);
        assertThat(Wat.call(unary("i32", "i32", "i32.popcnt"), -1)).isEqualTo(32);
        assertThat(Wat.call(unary("i32", "i32", "i32.eqz"), 0)).isEqualTo(1);
        assertThat(Wat.call(unary("i32", "i32", "i32.extend8_s"), 0x80)).isEqualTo(-128);
        assertThat(Wat.call(unary("i32", "i32", "i32.extend16_s"), 0x7FFF)).isEqualTo(0x7FFF);
    }

    @Test
    void i32DivisionTraps() {
        assertThatThrownBy(() -> i32("i32.div_s", Integer.MIN_VALUE, -1)).isInstanceOf(IntegerOverflowTrap.class)
                .hasMessageStartingWith("integer overflow");
        assertThatThrownBy(() -> i32("i32.div_u", 1, 0)).isInstanceOf(IntegerDivideByZeroTrap.class)
                .hasMessageStartingWith("integer divide by zero");
        assertThatThrownBy(() -> i32("i32.rem_s", 1, 0)).isInstanceOf(IntegerDivideByZeroTrap.class);
        assertThatThrownBy(() -> i32("i32.rem_u", 1, 0)).isInstanceOf(IntegerDivideByZeroTrap.class);
    }

    @Test
    void i32Comparisons() {
        assertThat(i32("i32.lt_s", -1, 0)).isEqualTo(1);
        assertThat(i32("i32.lt_u", -1, 0)).isEqualTo(0);
        assertThat(i32("i32.gt_u", -1, 0)).isEqualTo(1);
        assertThat(i32("i32.le_u", 5, 5)).isEqualTo(1);
        assertThat(i32("i32.ge_s", Integer.MIN_VALUE, 0)).isEqualTo(0);
        assertThat(i32("i32.eq", 3, 3)).isEqualTo(1);
        assertThat(i32("i32.ne", 3, 3)).isEqualTo(0);
    }

    @Test
    void i64Arithmetic() {
        assertThat(i64("i64.add", Long.MAX_VALUE, 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(i64("i64.div_s", -7, 2)).isEqualTo(-3L);
        assertThat(i64("i64.div_u", -1, 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(i64("i64.rem_s", Long.MIN_VALUE, -1)).isEqualTo(0L);
        assertThat(i64("i64.rem_u", -1, 10)).isEqualTo(5L);
        assertThat(i64("i64.shl", 1, 65)).isEqualTo(2L);
        assertThat(i64("i64.shr_s", -8, 1)).isEqualTo(-4L);
        assertThat(i64("i64.shr_u", -8, 1)).isEqualTo(0x7FFFFFFFFFFFFFFCL);
        assertThat(i64("i64.rotl", 0x8000000000000001L, 1)).isEqualTo(3L);
        assertThat(i64("i64.rotr", 3, 1)).isEqualTo(0x8000000000000001L);
        assertThat(Wat.call(unary("i64", "i64", "i64.clz"), 1L)).isEqualTo(63L);
        assertThat(Wat.call(unary("i64", "i64", "i64.ctz"), 0L)).isEqualTo(64L);
        assertThat(Wat.call(unary("i64", "i64", "i64.popcnt"), -1L)).isEqualTo(64L);
        assertThat(Wat.call(unary("i64", "i32", "i64.eqz"), 0L)).isEqualTo(1);
        assertThat(Wat.call(unary("i64", "i64", "i64.extend8_s"), 0xFFL)).isEqualTo(-1L);
        assertThat(Wat.call(unary("i64", "i64", "i64.extend16_s"), 0x8000L)).isEqualTo(-32768L);
        assertThat(Wat.call(unary("i64", "i64", "i64.extend32_s"), 0x80000000L)).isEqualTo(-2147483648L);
        assertThat(i64("i64.lt_u", -1, 0)).isEqualTo(0);
        assertThat(i64("i64.lt_s", -1, 0)).isEqualTo(1);
        assertThat(i64("i64.ge_u", -1, 0)).isEqualTo(1);
        assertThat(i64("i64.ne", 1, 2)).isEqualTo(1);
    }

    @Test
    void i64DivisionTraps() {
        assertThatThrownBy(() -> i64("i64.div_s", Long.MIN_VALUE, -1)).isInstanceOf(IntegerOverflowTrap.class);
        assertThatThrownBy(() -> i64("i64.div_s", 1, 0)).isInstanceOf(IntegerDivideByZeroTrap.class);
        assertThatThrownBy(() -> i64("i64.rem_u", 1, 0)).isInstanceOf(IntegerDivideByZeroTrap.class);
    }

    @Test
    void floatMinMaxFollowWasmNanAndZeroRules() {
        assertThat(f32("f32.min", -0.0f, 0.0f)).isEqualTo(-0.0f);
        assertThat(f32("f32.max", -0.0f, 0.0f)).isEqualTo(0.0f);
        assertThat(Float.floatToRawIntBits((Float) f32("f32.min", 1f, Float.NaN))).isEqualTo(0x7FC00000);
        // a signalling NaN in must come out quiet (an arithmetic NaN)
        float signalling = Float.intBitsToFloat(0x7FA00000);
        assertThat(Float.floatToRawIntBits((Float) f32("f32.max", signalling, 1f)) & 0x00400000).isNotZero();
        assertThat(f64("f64.min", -0.0, 0.0)).isEqualTo(-0.0);
        assertThat((Double) f64("f64.max", Double.NaN, 1.0)).isNaN();
    }

    @Test
    void floatSignOperationsKeepNanPayloads() {
        Instance neg = unary("f32", "f32", "f32.neg");
        float payload = Float.intBitsToFloat(0x7FA00001);
        assertThat(Float.floatToRawIntBits((Float) Wat.call(neg, payload))).isEqualTo(0xFFA00001);
        Instance abs = unary("f64", "f64", "f64.abs");
        double negativeNan = Double.longBitsToDouble(0xFFF4000000000001L);
        assertThat(Double.doubleToRawLongBits((Double) Wat.call(abs, negativeNan))).isEqualTo(0x7FF4000000000001L);
        assertThat(f32("f32.copysign", 2f, -0.0f)).isEqualTo(-2f);
        assertThat(f64("f64.copysign", -2.0, Double.NaN)).isEqualTo(2.0);
    }

    @Test
    void floatRounding() {
        assertThat(Wat.call(unary("f32", "f32", "f32.nearest"), 2.5f)).isEqualTo(2f);
        assertThat(Wat.call(unary("f32", "f32", "f32.nearest"), -0.5f)).isEqualTo(-0.0f);
        assertThat(Wat.call(unary("f64", "f64", "f64.nearest"), 3.5)).isEqualTo(4.0);
        assertThat(Wat.call(unary("f32", "f32", "f32.trunc"), -1.7f)).isEqualTo(-1f);
        assertThat(Wat.call(unary("f64", "f64", "f64.trunc"), -0.3)).isEqualTo(-0.0);
        assertThat(Wat.call(unary("f32", "f32", "f32.ceil"), -0.5f)).isEqualTo(-0.0f);
        assertThat(Wat.call(unary("f64", "f64", "f64.floor"), -0.5)).isEqualTo(-1.0);
        assertThat(Wat.call(unary("f32", "f32", "f32.sqrt"), 2f)).isEqualTo((float) Math.sqrt(2));
        assertThat(f32("f32.div", 1f, 3f)).isEqualTo(1f / 3f);
        assertThat(f64("f64.sub", 0.1, 0.3)).isEqualTo(0.1 - 0.3);
    }

    @Test
    void floatComparisonsWithNan() {
        assertThat(f32("f32.eq", Float.NaN, Float.NaN)).isEqualTo(0);
        assertThat(f32("f32.ne", Float.NaN, Float.NaN)).isEqualTo(1);
        assertThat(f32("f32.lt", Float.NaN, 1f)).isEqualTo(0);
        assertThat(f32("f32.ge", Float.NaN, 1f)).isEqualTo(0);
        assertThat(f64("f64.le", 1.0, Double.NaN)).isEqualTo(0);
        assertThat(f64("f64.gt", 2.0, 1.0)).isEqualTo(1);
        assertThat(f64("f64.eq", -0.0, 0.0)).isEqualTo(1);
    }

    @Test
    void trappingTruncation() {
        assertThat(convert("i32.trunc_f32_s", "f32", "i32", -2147483648f)).isEqualTo(Integer.MIN_VALUE);
        assertThatThrownBy(() -> convert("i32.trunc_f32_s", "f32", "i32", 2147483648f)).isInstanceOf(IntegerOverflowTrap.class);
        assertThatThrownBy(() -> convert("i32.trunc_f32_s", "f32", "i32", Float.NaN)).isInstanceOf(InvalidConversionTrap.class)
                .hasMessageStartingWith("invalid conversion to integer");
        assertThat(convert("i32.trunc_f64_s", "f64", "i32", -2147483648.9)).isEqualTo(Integer.MIN_VALUE);
        assertThatThrownBy(() -> convert("i32.trunc_f64_s", "f64", "i32", -2147483649.0)).isInstanceOf(IntegerOverflowTrap.class);
        assertThat(convert("i32.trunc_f64_u", "f64", "i32", 4294967295.9)).isEqualTo(-1);
        assertThat(convert("i32.trunc_f64_u", "f64", "i32", -0.9)).isEqualTo(0);
        assertThatThrownBy(() -> convert("i32.trunc_f64_u", "f64", "i32", -1.0)).isInstanceOf(IntegerOverflowTrap.class);
        assertThat(convert("i64.trunc_f64_u", "f64", "i64", 1.8446744073709550E19)).isEqualTo(0xFFFFFFFFFFFFF800L);
        assertThatThrownBy(() -> convert("i64.trunc_f64_u", "f64", "i64", 1.8446744073709552E19)).isInstanceOf(IntegerOverflowTrap.class);
        assertThat(convert("i64.trunc_f32_s", "f32", "i64", -9.223372E18f)).isEqualTo(-9223372036854775808L);
        assertThatThrownBy(() -> convert("i64.trunc_f32_s", "f32", "i64", 9.223372E18f)).isInstanceOf(IntegerOverflowTrap.class);
        assertThatThrownBy(() -> convert("i64.trunc_f64_s", "f64", "i64", Double.NaN)).isInstanceOf(InvalidConversionTrap.class);
    }

    @Test
    void saturatingTruncation() {
        assertThat(convert("i32.trunc_sat_f32_s", "f32", "i32", Float.NaN)).isEqualTo(0);
        assertThat(convert("i32.trunc_sat_f32_s", "f32", "i32", 1e10f)).isEqualTo(Integer.MAX_VALUE);
        assertThat(convert("i32.trunc_sat_f64_u", "f64", "i32", -5.0)).isEqualTo(0);
        assertThat(convert("i32.trunc_sat_f64_u", "f64", "i32", 1e10)).isEqualTo(-1);
        assertThat(convert("i32.trunc_sat_f32_u", "f32", "i32", 3e9f)).isEqualTo((int) 3000000000L);
        assertThat(convert("i64.trunc_sat_f64_u", "f64", "i64", Double.POSITIVE_INFINITY)).isEqualTo(-1L);
        assertThat(convert("i64.trunc_sat_f64_u", "f64", "i64", 1.8446744073709550E19)).isEqualTo(0xFFFFFFFFFFFFF800L);
        assertThat(convert("i64.trunc_sat_f32_s", "f32", "i64", Float.NEGATIVE_INFINITY)).isEqualTo(Long.MIN_VALUE);
        assertThat(convert("i64.trunc_sat_f32_u", "f32", "i64", Float.NaN)).isEqualTo(0L);
    }

    @Test
    void integerToFloatConversionsRoundOnce() {
        assertThat(convert("f32.convert_i32_u", "i32", "f32", -1)).isEqualTo(4294967296f);
        assertThat(convert("f64.convert_i32_u", "i32", "f64", -1)).isEqualTo(4294967295.0);
        assertThat(convert("f32.convert_i32_s", "i32", "f32", 16777217)).isEqualTo(16777216f);
        // 2^63 + 2^40 + 1 rounds up only thanks to the sticky bit
        long tricky = 0x8000010000000001L;
        assertThat(convert("f32.convert_i64_u", "i64", "f32", tricky)).isEqualTo(9.223373E18f);
        assertThat(convert("f64.convert_i64_u", "i64", "f64", -1L)).isEqualTo(1.8446744073709552E19);
        assertThat(convert("f64.convert_i64_u", "i64", "f64", 0x8000000000000401L)).isEqualTo(9.223372036854778E18);
        assertThat(convert("f64.convert_i64_s", "i64", "f64", Long.MIN_VALUE)).isEqualTo(-9.223372036854775808E18);
        assertThat(convert("f32.convert_i64_s", "i64", "f32", 0x7FFFFF4000000001L)).isEqualTo(9.2233715E18f);
    }

    @Test
    void widthAndBitConversions() {
        assertThat(convert("i32.wrap_i64", "i64", "i32", 0x1_0000_0005L)).isEqualTo(5);
        assertThat(convert("i64.extend_i32_s", "i32", "i64", -1)).isEqualTo(-1L);
        assertThat(convert("i64.extend_i32_u", "i32", "i64", -1)).isEqualTo(0xFFFFFFFFL);
        assertThat(convert("f32.demote_f64", "f64", "f32", 1e300)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(convert("f64.promote_f32", "f32", "f64", 0.1f)).isEqualTo((double) 0.1f);
        assertThat(convert("i32.reinterpret_f32", "f32", "i32", Float.intBitsToFloat(0x7FA00001))).isEqualTo(0x7FA00001);
        assertThat(convert("i64.reinterpret_f64", "f64", "i64", -0.0)).isEqualTo(Long.MIN_VALUE);
        assertThat(Float.floatToRawIntBits((Float) convert("f32.reinterpret_i32", "i32", "f32", 0xFFC00001)))
                .isEqualTo(0xFFC00001);
        assertThat(convert("f64.reinterpret_i64", "i64", "f64", 0x3FF0000000000000L)).isEqualTo(1.0);
    }

    @Test
    void constantsKeepExactBits() {
        Instance nan = Wat.function("(result f32)", "(f32.const -nan:0x200001)");
        assertThat(Float.floatToRawIntBits((Float) Wat.call(nan))).isEqualTo(0xFFA00001);
        Instance negativeZero = Wat.function("(result f64)", "(f64.const -0x0p+0)");
        assertThat(Double.doubleToRawLongBits((Double) Wat.call(negativeZero))).isEqualTo(Long.MIN_VALUE);
        Instance big = Wat.function("(result i64)", "(i64.const 0x8000000000000000)");
        assertThat(Wat.call(big)).isEqualTo(Long.MIN_VALUE);
    }
}
