package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNumbersTest {

    private static long i32(String s) {
        TextNumbers.IntResult r = TextNumbers.parseIntN(s, 32);
        assertThat(r.wellFormed() && r.inRange()).as(s).isTrue();
        return r.value();
    }

    private static long f32(String s) {
        TextNumbers.FloatResult r = TextNumbers.parseFloat(s, true);
        assertThat(r.wellFormed() && r.inRange()).as(s).isTrue();
        return r.bits();
    }

    private static long f64(String s) {
        TextNumbers.FloatResult r = TextNumbers.parseFloat(s, false);
        assertThat(r.wellFormed() && r.inRange()).as(s).isTrue();
        return r.bits();
    }

    @Test
    void integersInAllSpellings() {
        assertThat(i32("0")).isEqualTo(0);
        assertThat(i32("+12_345")).isEqualTo(12345);
        assertThat(i32("-0x8000_0000")).isEqualTo(Integer.MIN_VALUE);
        assertThat(i32("0xffffffff")).isEqualTo(-1);
        assertThat(i32("4294967295")).isEqualTo(-1);
        assertThat(TextNumbers.parseIntN("0xFFFFFFFFFFFFFFFF", 64).value()).isEqualTo(-1L);
        assertThat(TextNumbers.parseIntN("-9223372036854775808", 64).value()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void integerRangeAndSyntaxErrors() {
        assertThat(TextNumbers.parseIntN("4294967296", 32).inRange()).isFalse();
        assertThat(TextNumbers.parseIntN("-2147483649", 32).inRange()).isFalse();
        assertThat(TextNumbers.parseIntN("1__0", 32).wellFormed()).isFalse();
        assertThat(TextNumbers.parseIntN("_1", 32).wellFormed()).isFalse();
        assertThat(TextNumbers.parseIntN("1_", 32).wellFormed()).isFalse();
        assertThat(TextNumbers.parseIntN("0x", 32).wellFormed()).isFalse();
        assertThat(TextNumbers.parseIntN("1.0", 32).wellFormed()).isFalse();
        assertThat(TextNumbers.parseUnsigned("+1", 32).wellFormed()).isFalse();
        assertThat(TextNumbers.parseUnsigned("0x1_0000_0000", 32).inRange()).isFalse();
        assertThat(TextNumbers.parseUnsigned("0xFFFF_FFFF_FFFF_FFFF", 64).value()).isEqualTo(-1L);
    }

    @Test
    void decimalAndHexFloats() {
        assertThat(f32("1.5")).isEqualTo(Float.floatToRawIntBits(1.5f));
        assertThat(f32("-0")).isEqualTo(0x80000000L);
        assertThat(f32("1e1_0")).isEqualTo(Float.floatToRawIntBits(1e10f));
        assertThat(f32("0x1p-149")).isEqualTo(1);
        assertThat(f32("0x1.fffffep127")).isEqualTo(0x7F7FFFFFL);
        assertThat(f64("0x1.8p1")).isEqualTo(Double.doubleToRawLongBits(3.0));
        assertThat(f64("0x1.")).isEqualTo(Double.doubleToRawLongBits(1.0));
        assertThat(f64("1.")).isEqualTo(Double.doubleToRawLongBits(1.0));
        assertThat(f64("0x1_0.0_1p+0_1")).isEqualTo(Double.doubleToRawLongBits(0x10.01p1));
        assertThat(f64("1e-400")).isEqualTo(0);
    }

    @Test
    void f32RoundsOnceToNearestEven() {
        // exactly halfway between 1 and the next float: ties to even (1.0)
        assertThat(f32("0x1.000001p0")).isEqualTo(Float.floatToRawIntBits(1.0f));
        assertThat(f32("0x1.000003p0")).isEqualTo(Float.floatToRawIntBits(1.0f) + 2);
        assertThat(f32("1.00000017881393432617187499")).isEqualTo(Float.floatToRawIntBits(1.0f) + 1);
    }

    @Test
    void infinitiesAndNans() {
        assertThat(f32("inf")).isEqualTo(0x7F800000L);
        assertThat(f32("-inf")).isEqualTo(0xFF800000L);
        assertThat(f32("nan")).isEqualTo(0x7FC00000L);
        assertThat(f32("-nan")).isEqualTo(0xFFC00000L);
        assertThat(f32("nan:0x200000")).isEqualTo(0x7FA00000L);
        assertThat(f64("-nan:0x1")).isEqualTo(0xFFF0000000000001L);
        assertThat(TextNumbers.parseFloat("nan:0x0", true).inRange()).isFalse();
        assertThat(TextNumbers.parseFloat("nan:0x800000", true).inRange()).isFalse();
        assertThat(TextNumbers.parseFloat("nan:0x800000", false).inRange()).isTrue();
    }

    @Test
    void overflowingFloatsAreOutOfRange() {
        assertThat(TextNumbers.parseFloat("0x1p128", true).inRange()).isFalse();
        assertThat(TextNumbers.parseFloat("1e39", true).inRange()).isFalse();
        assertThat(TextNumbers.parseFloat("0x1.fffffefffffffp127", true).inRange()).isTrue();
        assertThat(TextNumbers.parseFloat("1e309", false).inRange()).isFalse();
        assertThat(TextNumbers.parseFloat("1e", false).wellFormed()).isFalse();
        assertThat(TextNumbers.parseFloat(".5", false).wellFormed()).isFalse();
        assertThat(TextNumbers.parseFloat("0x.8p0", false).wellFormed()).isFalse();
    }
}
