package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compiler-rt's __multi3 (as clang emits it for wasm32) compiles to one unsignedMultiplyHigh, same results. */
class WideMultiplyIdiomTest {
    /** __multi3 exactly as in the libsodium corpus modules; {@code CONSTANT} lets a test break the match. */
    private static final String MULTI3 = """
              (func (export "multi3") (param i32 i64 i64 i64 i64)
                (local i64)
                local.get 0
                local.get 4
                local.get 1
                i64.mul
                local.get 2
                local.get 3
                i64.mul
                i64.add
                local.get 3
                i64.const 32
                i64.shr_u
                local.tee 2
                local.get 1
                i64.const 32
                i64.shr_u
                local.tee 4
                i64.mul
                i64.add
                local.get 3
                i64.const 4294967295
                i64.and
                local.tee 3
                local.get 1
                i64.const 4294967295
                i64.and
                local.tee 1
                i64.mul
                local.tee 5
                i64.const 32
                i64.shr_u
                local.get 3
                local.get 4
                i64.mul
                i64.add
                local.tee 3
                i64.const 32
                i64.shr_u
                i64.add
                local.get 3
                i64.const 4294967295
                i64.and
                local.get 2
                local.get 1
                i64.mul
                i64.add
                local.tee 1
                i64.const 32
                i64.shr_u
                i64.add
                i64.store offset=8
                local.get 0
                local.get 1
                i64.const CONSTANT
                i64.shl
                local.get 5
                i64.const 4294967295
                i64.and
                i64.or
                i64.store)
            """;

    private static String module(int shift) {
        return "(module (memory (export \"mem\") 1)\n" + MULTI3.replace("CONSTANT", Integer.toString(shift))
                + "(func (export \"load\") (param i32) (result i64) (i64.load (local.get 0))))";
    }

    @Test
    void multi3CompilesToOneMultiplyHighAndKeepsItsProducts() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module(32))));
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(0)))
                .containsOnlyOnce("unsignedMultiplyHigh").doesNotContain("i64Store"); // stores inlined (cheaper for C2)

        Instance instance = Instance.instantiate(Wat.parse(module(32)), Map.of());
        long[] values = {0, 1, -1, 2, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE,
                0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L, 19, 0x7FFFF_FFFF_FFFFL};
        BigInteger mask = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        for (long aLow : values) {
            for (long aHigh : new long[] {0, -1, 0x1234_5678_9ABC_DEF0L}) {
                for (long bLow : values) {
                    long bHigh = aLow ^ 0x5555L;
                    instance.invoke("multi3", 64, aLow, aHigh, bLow, bHigh);
                    BigInteger product = unsigned128(aHigh, aLow).multiply(unsigned128(bHigh, bLow)).and(mask);
                    long low = (long) instance.invoke("load", 64)[0];
                    long high = (long) instance.invoke("load", 72)[0];
                    assertThat(unsigned128(high, low)).as("%x:%x * %x:%x", aHigh, aLow, bHigh, bLow).isEqualTo(product);
                }
            }
        }
    }

    @Test
    void anOutOfBoundsResultTrapsBeforeStoringAnything() {
        Instance instance = Instance.instantiate(Wat.parse(module(32)), Map.of());
        // the high half (offset 8) is out of bounds, the low half would not be: nothing may be written
        assertThatThrownBy(() -> instance.invoke("multi3", 65536 - 12, 3L, 0L, 5L, 0L))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(instance.invoke("load", 65536 - 12)[0]).isEqualTo(0L);
    }

    @Test
    void aBodyThatDiffersInOneByteIsCompiledAsWritten() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module(31))));
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(0))).doesNotContain("unsignedMultiplyHigh");

        Instance instance = Instance.instantiate(Wat.parse(module(31)), Map.of());
        instance.invoke("multi3", 0, 0x1_0000_0003L, 0L, 0x1_0000_0005L, 0L);
        long aLow = 0x1_0000_0003L;
        long bLow = 0x1_0000_0005L;
        long low32 = (bLow & 0xFFFF_FFFFL) * (aLow & 0xFFFF_FFFFL);
        long middle = (low32 >>> 32) + (bLow & 0xFFFF_FFFFL) * (aLow >>> 32);
        middle = (middle & 0xFFFF_FFFFL) + (bLow >>> 32) * (aLow & 0xFFFF_FFFFL);
        long expectedLow = (middle << 31) | (low32 & 0xFFFF_FFFFL); // the shift by 31 instead of 32 as written
        assertThat(instance.invoke("load", 0)[0]).isEqualTo(expectedLow);
    }

    private static BigInteger unsigned128(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }
}
