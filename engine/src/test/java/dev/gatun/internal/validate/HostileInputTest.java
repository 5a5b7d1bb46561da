package dev.gatun.internal.validate;

import static dev.gatun.internal.validate.TestModule.*;
import static dev.gatun.internal.validate.ValidationAssertions.assertInvalid;
import static dev.gatun.internal.validate.ValidationAssertions.assertValid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Inputs built to exhaust a naive validator: it must answer quickly, without deep recursion or huge arrays. */
@Timeout(10)
class HostileInputTest {

    @Test
    void deeplyNestedBlocksValidateWithoutRecursion() {
        int depth = 200_000;
        int[] code = new int[depth * 3];
        for (int i = 0; i < depth; i++) {
            code[2 * i] = 0x02;
            code[2 * i + 1] = EMPTY;
        }
        Arrays.fill(code, depth * 2, depth * 3, END);   // the function's own end is appended by func()
        assertValid(module().funcType(of(), of()).func(0, code));
    }

    @Test
    void hugeLocalCountsAreNotMaterialized() {
        // 2^31 - 2 i32 locals (the shared reader caps indices at 2^31 - 1), then local.get of the last one
        int[] decls = seq(new int[] {1}, u32Ints(0x7FFF_FFFEL), new int[] {I32});
        int[] code = seq(new int[] {0x20}, u32Ints(0x7FFF_FFFDL), new int[] {0x1A});
        assertValid(module().funcType(of(), of()).funcWithLocals(0, decls, code));
        int[] beyond = seq(new int[] {0x20}, u32Ints(0x7FFF_FFFEL), new int[] {0x1A});
        assertInvalid(module().funcType(of(), of()).funcWithLocals(0, decls, beyond), "unknown local");
    }

    @Test
    void longSupertypeChainsAreQueriedQuickly() {
        int depth = 20_000;
        TestModule m = module().type(SUB, 0, FUNC, 0, 0);
        for (int i = 1; i < depth; i++) m.type(seq(new int[] {SUB, 1}, u32Ints(i - 1), new int[] {FUNC, 0, 0}));
        ValidatedModule v = m.validate();
        int first = v.canonicalTypeId(0);
        int last = v.canonicalTypeId(depth - 1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(CanonicalTypes.isDeclaredSubtype(last, first)).isTrue();
            assertThat(CanonicalTypes.isDeclaredSubtype(first, last)).isFalse();
        }
        assertThat(CanonicalTypes.isDeclaredSubtype(last, v.canonicalTypeId(depth / 3))).isTrue();
        assertThat(CanonicalTypes.isDeclaredSubtype(v.canonicalTypeId(depth / 3), v.canonicalTypeId(depth / 3 + 1))).isFalse();
    }

    @Test
    void brTableWithManyRepeatedTargetsChecksEachLabelOnce() {
        // 100 000 targets all naming a block that takes 1 000 i32 values
        int values = 1000;
        int targets = 100_000;
        int[] resultTypes = new int[values];
        Arrays.fill(resultTypes, I32);
        TestModule m = module().funcType(of(), resultTypes);
        int[] consts = new int[values * 2];
        for (int i = 0; i < values; i++) {
            consts[2 * i] = 0x41;
            consts[2 * i + 1] = 0;
        }
        int[] table = new int[targets];
        int[] code = seq(new int[] {0x02, 0}, consts, new int[] {0x41, 0, 0x0E}, u32Ints(targets), table,
                new int[] {0, END});
        assertValid(m.func(0, code));
    }

    @Test
    void hugeFixedArrayCountInUnreachableCodeDoesNotLoop() {
        int[] code = seq(new int[] {0x00, 0xFB, 0x08, 0}, u32Ints(0x7FFF_FFFFL), new int[] {0x1A});
        assertValid(module().type(ARRAY, I32, 0).funcType(of(), of()).func(1, code));
    }
}
