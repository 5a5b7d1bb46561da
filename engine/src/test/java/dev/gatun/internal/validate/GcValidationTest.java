package dev.gatun.internal.validate;

import static dev.gatun.internal.validate.TestModule.*;
import static dev.gatun.internal.validate.ValidationAssertions.assertInvalid;
import static dev.gatun.internal.validate.ValidationAssertions.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.model.ValType;
import org.junit.jupiter.api.Test;

class GcValidationTest {
    private static final int GC = 0xFB;

    @Test
    void subtypesMustMatchANonFinalSupertype() {
        assertValid(module().type(SUB, 0, STRUCT, 1, I32, 0).type(SUB, 1, 0, STRUCT, 2, I32, 0, I64, 1));
        assertInvalid(module().type(STRUCT, 1, I32, 0).type(SUB, 1, 0, STRUCT, 1, I32, 0), "sub type");  // final super
        assertInvalid(module().type(SUB, 0, STRUCT, 1, I32, 0).type(SUB, 1, 0, STRUCT, 1, I64, 0), "sub type");
        assertInvalid(module().type(SUB, 0, ARRAY, I32, 0).type(SUB, 1, 0, STRUCT, 0), "sub type");
        assertInvalid(module().type(SUB, 0, FUNC, 1, I32, 0).type(SUB, 1, 0, FUNC, 1, I64, 0), "sub type");
        // mutable fields are invariant: (mut anyref) cannot be refined to (mut eqref)
        assertInvalid(module().type(SUB, 0, STRUCT, 1, ANYREF, 1).type(SUB, 1, 0, STRUCT, 1, EQREF, 1), "sub type");
        assertValid(module().type(SUB, 0, STRUCT, 1, ANYREF, 0).type(SUB, 1, 0, STRUCT, 1, EQREF, 0));
    }

    @Test
    void typeReferencesMustNotReachPastTheirRecGroup() {
        assertInvalid(module().type(FUNC, 1, REF, 1, 0).funcType(of(), of()), "unknown type");
        assertValid(module().type(REC, 2, FUNC, 1, REF, 1, 0, FUNC, 0, 0));
        assertInvalid(module().type(SUB, 1, 1, STRUCT, 0).type(SUB, 0, STRUCT, 0), "unknown type");
    }

    @Test
    void structurallyEqualTypesShareACanonicalIdAcrossModules() {
        ValidatedModule a = module().type(STRUCT, 1, I32, 0).type(STRUCT, 1, I32, 0).type(STRUCT, 1, I64, 0).validate();
        ValidatedModule b = module().type(ARRAY, I8, 0).type(STRUCT, 1, I32, 0).validate();
        assertThat(a.canonicalTypeId(0)).isEqualTo(a.canonicalTypeId(1)).isEqualTo(b.canonicalTypeId(1));
        assertThat(a.canonicalTypeId(2)).isNotEqualTo(a.canonicalTypeId(0));
        // recursive groups: equal only if the whole group is equal
        ValidatedModule c = module().type(REC, 2, STRUCT, 1, REF_NULL, 1, 0, STRUCT, 0).validate();
        ValidatedModule d = module().type(REC, 2, STRUCT, 1, REF_NULL, 1, 0, STRUCT, 0).validate();
        ValidatedModule e = module().type(REC, 2, STRUCT, 1, REF_NULL, 1, 0, STRUCT, 1, I32, 0).validate();
        assertThat(c.canonicalTypeId(0)).isEqualTo(d.canonicalTypeId(0));
        assertThat(c.canonicalTypeId(0)).isNotEqualTo(e.canonicalTypeId(0));
    }

    private static final int I8 = 0x78;

    @Test
    void subtypingWorksAcrossModulesOnCanonicalTypes() {
        // module a: $t = sub (func), $u = sub $t (func); module b declares only $t, then an unrelated final func
        ValidatedModule a = module().type(SUB, 0, FUNC, 0, 0).type(SUB, 1, 0, FUNC, 0, 0).validate();
        ValidatedModule b = module().type(SUB, 0, FUNC, 0, 0).type(FUNC, 0, 0).validate();
        var aU = a.types().canonical(ValType.ref(false, 1));
        var bT = b.types().canonical(ValType.ref(true, 0));
        var bFinal = b.types().canonical(ValType.ref(false, 1));
        assertThat(CanonicalTypes.isSubtype(aU, bT)).isTrue();
        assertThat(CanonicalTypes.isSubtype(bT, aU)).isFalse();
        assertThat(CanonicalTypes.isSubtype(aU, bFinal)).isFalse();
        assertThat(CanonicalTypes.isSubtype(bFinal, ValType.FUNCREF)).isTrue();
        assertThat(CanonicalTypes.isSubtype(bFinal, ValType.ANYREF)).isFalse();
    }

    @Test
    void equivalentTypesAreInterchangeable() {
        // func 2 takes (ref 0) and is called with a (ref 1), where types 0 and 1 are the same struct
        TestModule m = module().type(STRUCT, 1, I32, 0).type(STRUCT, 1, I32, 0)
                .funcType(of(REF, 0), of()).funcType(of(), of())
                .func(2)
                .func(3, 0x41, 1, GC, 0x00, 1, 0x10, 0);                          // struct.new 1; call 0
        assertValid(m);
    }

    @Test
    void structAccessChecksFieldsMutabilityAndPacking() {
        TestModule base = module().type(STRUCT, 2, I32, 0, I8, 1).funcType(of(REF_NULL, 0), of(I32));
        assertValid(base.func(1, 0x20, 0, GC, 0x02, 0, 0));                         // struct.get 0 0
        assertValid(module().type(STRUCT, 2, I32, 0, I8, 1).funcType(of(REF_NULL, 0), of(I32))
                .func(1, 0x20, 0, GC, 0x03, 0, 1));                                 // struct.get_s 0 1
        assertInvalid(module().type(STRUCT, 2, I32, 0, I8, 1).funcType(of(REF_NULL, 0), of(I32))
                .func(1, 0x20, 0, GC, 0x02, 0, 1), "type mismatch");                // packed without _s/_u
        assertInvalid(module().type(STRUCT, 2, I32, 0, I8, 1).funcType(of(REF_NULL, 0), of(I32))
                .func(1, 0x20, 0, GC, 0x02, 0, 2), "unknown field");
        assertInvalid(module().type(STRUCT, 2, I32, 0, I8, 1).funcType(of(REF_NULL, 0), of())
                .func(1, 0x20, 0, 0x41, 1, GC, 0x05, 0, 0), "immutable field");    // struct.set immutable
        assertValid(module().type(STRUCT, 2, I32, 0, I8, 1).funcType(of(REF_NULL, 0), of())
                .func(1, 0x20, 0, 0x41, 1, GC, 0x05, 0, 1));
    }

    @Test
    void arrayInstructionsCheckMutabilityAndElementTypes() {
        assertInvalid(module().type(ARRAY, I32, 0).funcType(of(REF_NULL, 0), of())
                .func(1, 0x20, 0, 0x41, 0, 0x41, 1, GC, 0x0E, 0), "immutable array");
        assertInvalid(module().type(ARRAY, I32, 1).type(ARRAY, I64, 0).funcType(of(REF_NULL, 0, REF_NULL, 1), of())
                .func(2, 0x20, 0, 0x41, 0, 0x20, 1, 0x41, 0, 0x41, 0, GC, 0x11, 0, 1), "array types do not match");
        assertInvalid(module().type(ARRAY, ANYREF, 0).funcType(of(), of()).memory(0x00, 1).withDataCount()
                .data(0x01, 0).func(1, 0x41, 0, 0x41, 0, GC, 0x09, 0, 0, 0x1A), "array type is not numeric or vector");
        assertValid(module().type(ARRAY, I8, 0).funcType(of(), of()).memory(0x00, 1).withDataCount()
                .data(0x01, 0).func(1, 0x41, 0, 0x41, 0, GC, 0x09, 0, 0, 0x1A));
    }

    @Test
    void castsStayWithinOneHierarchy() {
        TestModule ok = module().funcType(of(ANYREF), of(I32)).func(0, 0x20, 0, GC, 0x14, 0x6C);     // ref.test i31
        assertValid(ok);
        assertInvalid(module().funcType(of(EXTERNREF), of(I32)).func(0, 0x20, 0, GC, 0x14, 0x6C), "type mismatch");
        // br_on_cast 0 anyref -> (ref i31): the label receives (ref i31), fallthrough stays anyref
        assertValid(module().funcType(of(ANYREF), of(REF_NULL, 0x6C))
                .func(0, 0x02, REF_NULL, 0x6C, 0x20, 0, GC, 0x18, 0x01, 0, 0x6E, 0x6C, 0x1A, 0xD0, 0x6C, END));
        // the cast target must be a subtype of the source type
        assertInvalid(module().funcType(of(EQREF), of(ANYREF))
                .func(0, 0x02, ANYREF, 0x20, 0, GC, 0x18, 0x03, 0, 0x6D, 0x70, END), "type mismatch");
    }

    @Test
    void i31AndExternConversions() {
        assertValid(module().funcType(of(), of(I32)).func(0, 0x41, 5, GC, 0x1C, GC, 0x1D));
        assertValid(module().funcType(of(EXTERNREF), of(ANYREF)).func(0, 0x20, 0, GC, 0x1A));
        assertInvalid(module().funcType(of(ANYREF), of(ANYREF)).func(0, 0x20, 0, GC, 0x1A), "type mismatch");
    }

    @Test
    void typedFunctionReferencesAndNullChecks() {
        // call_ref through a (ref null 0) parameter; ref.as_non_null; br_on_null
        assertValid(module().funcType(of(), of()).funcType(of(REF_NULL, 0), of()).func(1, 0x20, 0, 0x14, 0));
        assertValid(module().funcType(of(), of()).funcType(of(REF_NULL, 0), of(REF, 0)).func(1, 0x20, 0, 0xD4));
        assertInvalid(module().funcType(of(), of()).funcType(of(REF_NULL, 0), of(REF, 0)).func(1, 0x20, 0), "type mismatch");
        assertValid(module().funcType(of(), of()).funcType(of(REF_NULL, 0), of(REF, 0))
                .func(1, 0x02, EMPTY, 0x20, 0, 0xD5, 0, 0x0F, END, 0x00));
    }
}
