package dev.gatun.internal.validate;

import static dev.gatun.internal.validate.TestModule.*;
import static dev.gatun.internal.validate.ValidationAssertions.assertInvalid;
import static dev.gatun.internal.validate.ValidationAssertions.assertValid;

import org.junit.jupiter.api.Test;

class ExceptionValidationTest {

    /** Type 0: (i32) -> (), the tag's type; type 1: () -> (i32); tag 0. */
    private static TestModule withTag() {
        return module().funcType(of(I32), of()).funcType(of(), of(I32)).tag(0);
    }

    @Test
    void throwPopsTheTagParameters() {
        assertValid(withTag().func(1, 0x41, 5, 0x08, 0));
        assertInvalid(withTag().func(1, 0x08, 0), "type mismatch: instruction requires [i32] but stack has []");
        assertInvalid(withTag().func(1, 0x42, 5, 0x08, 0), "type mismatch: instruction requires [i32] but stack has [i64]");
        assertInvalid(module().funcType(of(), of()).func(0, 0x08, 0), "unknown tag 0");
    }

    @Test
    void tryTableCatchClausesMustMatchTheirLabels() {
        // block (result i32) try_table (catch 0 0) (throw 0 (i32.const 5)) end unreachable end
        assertValid(withTag().func(1, 0x02, I32, 0x1F, EMPTY, 1, 0x00, 0, 0, 0x41, 5, 0x08, 0, END, 0x00, END));
        // catch_ref also delivers an exnref, which a label of [i32] cannot take
        assertInvalid(withTag().func(1, 0x02, I32, 0x1F, EMPTY, 1, 0x01, 0, 0, END, 0x00, END), "type mismatch");
        // catch_all_ref to a label of [exnref]
        assertValid(module().funcType(of(), of(EXNREF))
                .func(0, 0x02, EXNREF, 0x1F, EMPTY, 1, 0x03, 0, END, 0x00, END));
        assertInvalid(withTag().func(1, 0x1F, EMPTY, 1, 0x02, 3, END, 0x00), "unknown label");
    }

    @Test
    void throwRefTakesAnExnref() {
        assertValid(module().funcType(of(EXNREF), of()).func(0, 0x20, 0, 0x0A));
        assertInvalid(module().funcType(of(EXTERNREF), of()).func(0, 0x20, 0, 0x0A), "type mismatch");
    }

    @Test
    void legacyTryCatchAndRethrow() {
        // try (result i32) i32.const 1 catch 0 (the i32 payload is the result) end
        assertValid(withTag().func(1, 0x06, I32, 0x41, 1, 0x07, 0, END));
        // catch_all must produce the result itself
        assertInvalid(withTag().func(1, 0x06, I32, 0x41, 1, 0x19, END), "type mismatch");
        // rethrow 0 inside catch_all is fine; inside the try body it is not
        assertValid(module().funcType(of(), of()).func(0, 0x06, EMPTY, 0x19, 0x09, 0, END));
        assertInvalid(module().funcType(of(), of()).func(0, 0x06, EMPTY, 0x09, 0, END), "invalid rethrow label");
    }

    @Test
    void legacyDelegateTargetsAnEnclosingLabel() {
        assertValid(module().funcType(of(), of()).func(0, 0x06, EMPTY, 0x18, 0));
        assertInvalid(module().funcType(of(), of()).func(0, 0x06, EMPTY, 0x18, 1), "unknown label");
    }
}
