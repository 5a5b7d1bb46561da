package dev.gatun.internal.validate;

import static dev.gatun.internal.validate.TestModule.*;
import static dev.gatun.internal.validate.ValidationAssertions.assertInvalid;
import static dev.gatun.internal.validate.ValidationAssertions.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.InvalidModuleException;
import org.junit.jupiter.api.Test;

class FunctionBodyValidationTest {

    private static TestModule voidToI32() {
        return module().funcType(of(), of(I32));
    }

    @Test
    void numericInstructionsFollowTheirSignatures() {
        assertValid(voidToI32().func(0, 0x41, 1, 0x41, 2, 0x6A));                 // i32.add
        assertInvalid(voidToI32().func(0, 0x41, 1, 0x42, 2, 0x6A), "type mismatch"); // i32 + i64
        assertInvalid(voidToI32().func(0, 0x42, 1), "type mismatch");               // returns i64
    }

    @Test
    void mismatchMessageNamesRequiredAndActualTypesWithFunctionAndOffset() {
        InvalidModuleException e = assertInvalid(voidToI32().func(0, 0x42, 5, 0x45),   // i32.eqz on i64
                "type mismatch: instruction requires [i32] but stack has [i64]");
        assertThat(e.functionIndex()).isEqualTo(0);
        assertThat(e.offset()).isPositive();
        assertThat(e.getMessage()).contains("in function 0");
    }

    @Test
    void blockLeavingExtraValuesIsAMismatch() {
        assertInvalid(module().funcType(of(), of()).func(0, 0x41, 1),
                "type mismatch: block requires [] but stack has [i32]");
    }

    @Test
    void unreachableMakesTheStackPolymorphic() {
        assertValid(voidToI32().func(0, 0x00));                                    // unreachable
        assertValid(voidToI32().func(0, 0x00, 0x6A));                              // unreachable i32.add
        assertInvalid(voidToI32().func(0, 0x00, 0x42, 0, 0x6A), "type mismatch"); // known i64 still checked
        assertValid(module().funcType(of(), of()).func(0, 0x0F, 0x41, 1, 0x1A));  // return; i32.const; drop
    }

    @Test
    void blocksLoopsAndIfsCheckTheirTypes() {
        assertValid(voidToI32().func(0, 0x02, I32, 0x41, 1, END));                       // block (result i32)
        assertInvalid(voidToI32().func(0, 0x02, I32, END), "type mismatch");             // empty block (result i32)
        assertValid(voidToI32().func(0, 0x41, 1, 0x04, I32, 0x41, 2, 0x05, 0x41, 3, END));
        assertInvalid(voidToI32().func(0, 0x41, 1, 0x04, I32, 0x41, 2, END), "type mismatch"); // if without else
        assertInvalid(voidToI32().func(0, 0x42, 1, 0x04, I32, 0x41, 2, 0x05, 0x41, 3, END), "type mismatch");
        // block type by index with parameters: (i32) -> (i32)
        assertValid(module().funcType(of(), of(I32)).funcType(of(I32), of(I32))
                .func(0, 0x41, 1, 0x02, 1, 0x41, 1, 0x6A, END));
    }

    @Test
    void branchesUseLabelTypes() {
        assertValid(voidToI32().func(0, 0x02, I32, 0x41, 1, 0x0C, 0, END));            // br 0 with i32
        assertInvalid(voidToI32().func(0, 0x02, I32, 0x0C, 0, END), "type mismatch");  // br 0 without value
        assertInvalid(voidToI32().func(0, 0x02, I32, 0x41, 1, 0x0C, 2, END), "unknown label");
        assertValid(voidToI32().func(0, 0x03, EMPTY, 0x41, 0, 0x0D, 0, END, 0x41, 1)); // loop label takes params
        assertValid(voidToI32().func(0, 0x02, I32, 0x41, 7, 0x41, 0, 0x0D, 0, END));   // br_if keeps value
    }

    @Test
    void brTableTargetsMustAgreeOnArity() {
        assertValid(voidToI32().func(0, 0x02, I32, 0x41, 1, 0x41, 0, 0x0E, 1, 0, 1, END));
        assertInvalid(voidToI32().func(0, 0x02, EMPTY, 0x02, I32, 0x41, 1, 0x41, 0, 0x0E, 1, 0, 1, END, 0x1A, END, 0x41, 0),
                "type mismatch");
    }

    @Test
    void localsAreTypedAndBounded() {
        TestModule m = module().funcType(of(I32), of(I64))
                .funcWithLocals(0, locals(1, I64), 0x20, 1, 0x20, 0, 0x21, 0);          // local.get 1; local.set 0 (i32)
        assertValid(m);
        assertInvalid(module().funcType(of(I32), of(I64)).funcWithLocals(0, locals(1, I64), 0x20, 0),
                "type mismatch");
        assertInvalid(module().funcType(of(), of()).func(0, 0x20, 0, 0x1A), "unknown local 0");
    }

    @Test
    void nonNullableLocalsMustBeSetBeforeUseWithinTheirBlock() {
        // (local (ref func)), with the function exported so that ref.func may name it
        TestModule setThenGet = module().funcType(of(), of())
                .funcWithLocals(0, new int[] {1, 1, REF, FUNCREF}, 0xD2, 0, 0x21, 0, 0x20, 0, 0x1A)
                .exportFunc("f", 0);
        assertValid(setThenGet);
        assertInvalid(module().funcType(of(), of()).funcWithLocals(0, new int[] {1, 1, REF, FUNCREF}, 0x20, 0, 0x1A),
                "uninitialized local");
        // set inside a block does not initialize after the block ends
        assertInvalid(module().funcType(of(), of())
                        .funcWithLocals(0, new int[] {1, 1, REF, FUNCREF},
                                0x02, EMPTY, 0xD2, 0, 0x21, 0, END, 0x20, 0, 0x1A)
                        .exportFunc("f", 0),
                "uninitialized local");
    }

    @Test
    void globalsMustExistAndBeMutableToSet() {
        TestModule m = module().funcType(of(), of())
                .global(I32, 0, 0x41, 0)
                .func(0, 0x41, 1, 0x24, 0);                                              // global.set 0
        assertInvalid(m, "immutable global");
        assertValid(module().funcType(of(), of()).global(I32, 1, 0x41, 0).func(0, 0x41, 1, 0x24, 0));
        assertInvalid(module().funcType(of(), of()).func(0, 0x23, 3, 0x1A), "unknown global 3");
    }

    @Test
    void callsCheckArgumentsAndResults() {
        TestModule m = module().funcType(of(I32), of(I64)).funcType(of(), of(I64))
                .func(0, 0x42, 0)
                .func(1, 0x41, 3, 0x10, 0);                                              // call 0 with i32
        assertValid(m);
        assertInvalid(module().funcType(of(I32), of(I64)).funcType(of(), of(I64))
                .func(0, 0x42, 0).func(1, 0x10, 0), "type mismatch");
        assertInvalid(module().funcType(of(), of()).func(0, 0x10, 5), "unknown function 5");
    }

    @Test
    void callIndirectNeedsAFuncrefTable() {
        TestModule ok = module().funcType(of(), of()).table(FUNCREF, 0x00, 1).func(0, 0x41, 0, 0x11, 0, 0);
        assertValid(ok);
        assertInvalid(module().funcType(of(), of()).table(EXTERNREF, 0x00, 1).func(0, 0x41, 0, 0x11, 0, 0),
                "type mismatch");
        assertInvalid(module().funcType(of(), of()).func(0, 0x41, 0, 0x11, 0, 0), "unknown table");
    }

    @Test
    void tailCallsRequireMatchingResults() {
        assertValid(module().funcType(of(), of(I32)).func(0, 0x12, 0));                    // return_call 0
        assertInvalid(module().funcType(of(), of(I32)).funcType(of(), of(I64))
                .func(0, 0x12, 1).func(1, 0x42, 0), "type mismatch");
    }

    @Test
    void selectNeedsNumericOperandsOrAnExplicitType() {
        assertValid(voidToI32().func(0, 0x41, 1, 0x41, 2, 0x41, 0, 0x1B));
        assertInvalid(voidToI32().func(0, 0x41, 1, 0x42, 2, 0x41, 0, 0x1B), "type mismatch");
        assertInvalid(module().funcType(of(), of()).func(0, 0xD0, FUNCREF, 0xD0, FUNCREF, 0x41, 0, 0x1B, 0x1A),
                "type mismatch");
        assertValid(module().funcType(of(), of()).func(0, 0xD0, FUNCREF, 0xD0, FUNCREF, 0x41, 0, 0x1C, 1, FUNCREF, 0x1A));
        assertInvalid(voidToI32().func(0, 0x41, 1, 0x41, 2, 0x41, 0, 0x1C, 2, I32, I32), "invalid result arity");
    }

    @Test
    void memoryInstructionsNeedAMemoryAndNaturalAlignment() {
        assertValid(voidToI32().memory(0x00, 1).func(0, 0x41, 0, 0x28, 2, 0));              // i32.load align=4
        assertInvalid(voidToI32().memory(0x00, 1).func(0, 0x41, 0, 0x28, 3, 0),
                "alignment must not be larger than natural");
        assertInvalid(voidToI32().func(0, 0x41, 0, 0x28, 2, 0), "unknown memory 0");
        // memory64: the address is an i64
        assertValid(voidToI32().memory(0x04, 1).func(0, 0x42, 0, 0x28, 2, 0));
        assertInvalid(voidToI32().memory(0x04, 1).func(0, 0x41, 0, 0x28, 2, 0), "type mismatch");
    }

    @Test
    void multipleMemoriesAreAllowedAndAddressedByIndex() {
        // i32.load with memory index 1 (flag bit 6)
        assertValid(voidToI32().memory(0x00, 1).memory(0x04, 1).func(0, 0x42, 0, 0x28, 0x42, 1, 0));
        assertInvalid(voidToI32().memory(0x00, 1).func(0, 0x41, 0, 0x28, 0x42, 1, 0), "unknown memory 1");
    }

    @Test
    void atomicsRequireExactlyNaturalAlignment() {
        assertValid(voidToI32().memory(0x03, 1, 1).func(0, 0x41, 0, 0xFE, 0x10, 2, 0));     // i32.atomic.load
        assertInvalid(voidToI32().memory(0x03, 1, 1).func(0, 0x41, 0, 0xFE, 0x10, 1, 0),
                "alignment must be exactly natural");
    }

    @Test
    void bulkMemoryChecksSegmentsAndDataCount() {
        TestModule ok = module().funcType(of(), of()).memory(0x00, 1).withDataCount().data(0x01, 0)
                .func(0, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 8, 0, 0, 0xFC, 9, 0);           // memory.init 0 0; data.drop 0
        assertValid(ok);
        assertInvalid(module().funcType(of(), of()).memory(0x00, 1).withDataCount()
                .func(0, 0xFC, 9, 0), "unknown data segment 0");
    }

    @Test
    void simdLaneIndicesAreBounded() {
        assertValid(voidToI32().func(0, seq(v128Const(), new int[] {0xFD, 0x1B, 3})));       // i32x4.extract_lane 3
        assertInvalid(voidToI32().func(0, seq(v128Const(), new int[] {0xFD, 0x1B, 4})), "invalid lane index");
        int[] shuffle = new int[19];
        shuffle[0] = 0xFD;
        shuffle[1] = 0x0D;
        shuffle[2 + 15] = 32;                                                                   // lane 32 is out of range
        shuffle[18] = 0x1A;
        assertInvalid(module().funcType(of(), of()).func(0, seq(v128Const(), v128Const(), shuffle)), "invalid lane index");
    }

    private static int[] v128Const() {
        int[] c = new int[18];
        c[0] = 0xFD;
        c[1] = 0x0C;
        return c;
    }

    @Test
    void undeclaredFunctionReferencesAreRejected() {
        assertInvalid(module().funcType(of(), of()).func(0, 0xD2, 0, 0x1A), "undeclared function reference");
        assertValid(module().funcType(of(), of()).func(0, 0xD2, 0, 0x1A).exportFunc("f", 0));
        // declared by a declarative element segment
        assertValid(module().funcType(of(), of()).func(0, 0xD2, 0, 0x1A).elem(0x03, 0x00, 1, 0));
    }

    @Test
    void tablesInstructionsUseElementAndAddressTypes() {
        assertValid(module().funcType(of(), of()).table(FUNCREF, 0x04, 1)                          // table64
                .func(0, 0x42, 0, 0x25, 0, 0x1A));
        assertInvalid(module().funcType(of(), of()).table(FUNCREF, 0x04, 1)
                .func(0, 0x41, 0, 0x25, 0, 0x1A), "type mismatch");
        assertInvalid(module().funcType(of(), of()).table(FUNCREF, 0x00, 1).table(EXTERNREF, 0x00, 1)
                .func(0, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 14, 0, 1), "type mismatch");     // table.copy extern -> func
    }
}
