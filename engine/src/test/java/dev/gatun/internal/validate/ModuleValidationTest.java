package dev.gatun.internal.validate;

import static dev.gatun.internal.validate.TestModule.*;
import static dev.gatun.internal.validate.ValidationAssertions.assertInvalid;
import static dev.gatun.internal.validate.ValidationAssertions.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModuleValidationTest {

    @Test
    void emptyModuleIsValid() {
        assertValid(module());
    }

    @Test
    void exportNamesMustBeUnique() {
        TestModule m = module().funcType(of(), of()).func(0).exportFunc("a", 0).exportFunc("a", 0);
        assertInvalid(m, "duplicate export name");
        assertInvalid(module().exportFunc("a", 0), "unknown function 0");
    }

    @Test
    void startFunctionMustTakeAndReturnNothing() {
        assertValid(module().funcType(of(), of()).func(0).start(0));
        assertInvalid(module().funcType(of(I32), of()).func(0).start(0), "start function");
        assertInvalid(module().funcType(of(), of()).func(0).start(3), "unknown function");
    }

    @Test
    void memoryLimitsDependOnAddressType() {
        assertValid(module().memory(0x01, 0, 0x80, 0x80, 0x04));                          // max 65536 pages
        assertInvalid(module().memory(0x01, 0, 0x81, 0x80, 0x04), "memory size");         // max 65537
        assertValid(module().memory(0x05, 0, 0x81, 0x80, 0x04));                          // memory64 allows more
        assertInvalid(module().memory(0x01, 2, 1), "size minimum must not be greater than maximum");
        assertInvalid(module().memory(0x02, 1), "shared memory must have maximum");
    }

    @Test
    void tableLimitsAndNonNullableElementsNeedInitializers() {
        assertInvalid(module().table(FUNCREF, 0x01, 2, 1), "size minimum must not be greater than maximum");
        assertInvalid(module().funcType(of(), of()).table(REF, FUNCREF, 0x00, 1), "type mismatch");
        // table with initializer: 0x40 0x00 tabletype expr
        assertValid(module().funcType(of(), of()).func(0)
                .table(0x40, 0x00, REF, FUNCREF, 0x00, 1, 0xD2, 0, END));
    }

    @Test
    void constantExpressionsAreRestricted() {
        assertValid(module().global(I32, 0, 0x41, 1, 0x41, 2, 0x6A));                       // extended-const add
        assertInvalid(module().global(I32, 0, 0x41, 1, 0x41, 2, 0x6D), "constant expression required"); // div_s
        assertInvalid(module().global(I64, 0, 0x41, 1), "type mismatch");
        // global.get of an earlier immutable global is constant; of a mutable one it is not
        assertValid(module().global(I32, 0, 0x41, 1).global(I32, 0, 0x23, 0));
        assertInvalid(module().global(I32, 1, 0x41, 1).global(I32, 0, 0x23, 0), "constant expression required");
        assertInvalid(module().global(I32, 0, 0x23, 1).global(I32, 0, 0x41, 1), "unknown global 1");
        assertValid(module().importGlobal(I32, false).global(I32, 0, 0x23, 0));
    }

    @Test
    void elementSegmentsMatchTheirTable() {
        TestModule ok = module().funcType(of(), of()).table(FUNCREF, 0x00, 1).func(0)
                .elem(0x00, 0x41, 0, END, 1, 0);                                            // active, funcs [0]
        assertValid(ok);
        assertInvalid(module().funcType(of(), of()).func(0).elem(0x00, 0x41, 0, END, 1, 0), "unknown table");
        assertInvalid(module().funcType(of(), of()).table(FUNCREF, 0x00, 1).func(0)
                .elem(0x00, 0x42, 0, END, 1, 0), "type mismatch");                           // i64 offset
        assertInvalid(module().funcType(of(), of()).table(FUNCREF, 0x00, 1).func(0)
                .elem(0x00, 0x41, 0, END, 1, 4), "unknown function");
        // elem of externref into a funcref table: flags 6 = active with table index and expressions
        assertInvalid(module().table(FUNCREF, 0x00, 1)
                .elem(0x06, 0, 0x41, 0, END, EXTERNREF, 1, 0xD0, EXTERNREF, END), "type mismatch");
    }

    @Test
    void dataSegmentsNeedAMemory() {
        assertInvalid(module().data(0x00, 0x41, 0, END, 0), "unknown memory 0");
        assertValid(module().memory(0x00, 1).data(0x00, 0x41, 0, END, 0));
        assertInvalid(module().memory(0x04, 1).data(0x00, 0x41, 0, END, 0), "type mismatch");  // memory64 offset
    }

    @Test
    void tagsMustHaveEmptyResults() {
        assertValid(module().funcType(of(I32), of()).tag(0));
        assertInvalid(module().funcType(of(), of(I32)).tag(0), "non-empty tag result type");
        assertInvalid(module().tag(0), "unknown type");
    }

    @Test
    void functionTypeIndexMustNameAFunctionType() {
        assertInvalid(module().func(0), "unknown type");
        assertInvalid(module().type(STRUCT, 0).func(0), "type mismatch");
    }

    @Test
    void resultResolvesFunctionTypes() {
        ValidatedModule v = module().funcType(of(I32), of(I64)).importFunc(0).func(0, 0x42, 0).validate();
        assertThat(v.functionCount()).isEqualTo(2);
        assertThat(v.functionType(1).params()).hasSize(1);
        assertThat(v.functionTypeIndex(0)).isZero();
        assertThat(v.isReferenced(1)).isFalse();
        assertThat(module().funcType(of(), of()).func(0).exportFunc("f", 0).validate().isReferenced(0)).isTrue();
    }
}
