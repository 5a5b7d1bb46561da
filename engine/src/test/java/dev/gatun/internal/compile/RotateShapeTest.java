package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import org.junit.jupiter.api.Test;

/**
 * i32 and i64 rotates compile to shifts, not to calls: in large functions C2's inlining budget runs out and a
 * rotate left as a call stays a real call inside the hot loop.
 */
class RotateShapeTest {
    @Test
    void i32RotatesEmitNoCalls() {
        String module = """
                (module
                  (func (export "mix") (param i32 i32) (result i32)
                    (i32.rotr (i32.rotl (local.get 0) (local.get 1)) (i32.const 7))))
                """;
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module)));

        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(0)))
                .doesNotContain("rotateLeft", "rotateRight");
        Instance instance = Instance.instantiate(Wat.parse(module), java.util.Map.of());
        assertThat(instance.invoke("mix", 0x12345678, 4)[0]).isEqualTo(Integer.rotateRight(0x23456781, 7));
    }

    @Test
    void i64RotatesEmitNoCallsAndMaskTheCountLikeWasm() {
        String module = """
                (module
                  (func (export "rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
                  (func (export "rotr") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
                  (func (export "both") (param i64 i64 i64) (result i64)
                    (i64.add (local.get 2) (i64.rotr (i64.rotl (local.get 0) (local.get 1)) (i64.const 13)))))
                """;
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module)));
        for (int f = 0; f < 3; f++) {
            assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(f)))
                    .doesNotContain("rotateLeft", "rotateRight", "i64Rotl", "i64Rotr");
        }

        Instance instance = Instance.instantiate(Wat.parse(module), java.util.Map.of());
        long x = 0x0123_4567_89AB_CDEFL;
        for (long n : new long[] {0, 1, 8, 31, 32, 63, 64, 65, -1, -64, Long.MIN_VALUE, 0x1_0000_0003L}) {
            assertThat(instance.invoke("rotl", x, n)[0]).as("rotl %d", n).isEqualTo(Long.rotateLeft(x, (int) (n & 63)));
            assertThat(instance.invoke("rotr", x, n)[0]).as("rotr %d", n).isEqualTo(Long.rotateRight(x, (int) (n & 63)));
        }
        // the values below the rotated operand are left in place
        assertThat(instance.invoke("both", x, 5L, 1000L)[0])
                .isEqualTo(1000L + Long.rotateRight(Long.rotateLeft(x, 5), 13));
    }
}
