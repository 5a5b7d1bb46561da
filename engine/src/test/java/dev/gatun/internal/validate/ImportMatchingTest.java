package dev.gatun.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Externals.TagType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.WatParser;
import org.junit.jupiter.api.Test;

class ImportMatchingTest {

    private static TypeContext types(String wat) {
        return Validator.validate(WatParser.parseModule(wat)).types();
    }

    @Test
    void functionsMatchByCanonicalSubtyping() {
        TypeContext exporter = types("(module (type $t (sub (func))) (type $u (sub $t (func))) (type (func (param i32))))");
        TypeContext importer = types("(module (type $t (sub (func))) (type (func (param i32))))");
        // exporter's $u is a subtype of the importer's (equivalent) $t
        assertThat(ImportMatching.matches(new FuncRef(1), exporter, new FuncRef(0), importer)).isTrue();
        assertThat(ImportMatching.matches(new FuncRef(2), exporter, new FuncRef(1), importer)).isTrue();
        assertThat(ImportMatching.matches(new FuncRef(2), exporter, new FuncRef(0), importer)).isFalse();
        assertThat(ImportMatching.matches(new GlobalType(ValType.I32, false), exporter, new FuncRef(0), importer)).isFalse();
    }

    @Test
    void globalsAreCovariantOnlyWhenImmutable() {
        TypeContext none = types("(module)");
        GlobalType constFunc = new GlobalType(ValType.ref(false, HeapType.FUNC), false);
        GlobalType constFuncref = new GlobalType(ValType.FUNCREF, false);
        assertThat(ImportMatching.matches(constFunc, none, constFuncref, none)).isTrue();
        assertThat(ImportMatching.matches(constFuncref, none, constFunc, none)).isFalse();
        GlobalType mutFunc = new GlobalType(ValType.ref(false, HeapType.FUNC), true);
        GlobalType mutFuncref = new GlobalType(ValType.FUNCREF, true);
        assertThat(ImportMatching.matches(mutFunc, none, mutFuncref, none)).isFalse();
        assertThat(ImportMatching.matches(mutFuncref, none, mutFuncref, none)).isTrue();
        assertThat(ImportMatching.matches(constFuncref, none, mutFuncref, none)).isFalse();
    }

    @Test
    void tablesAndMemoriesCompareLimitsAndAddressTypes() {
        TypeContext none = types("(module)");
        TableType provided = new TableType(ValType.FUNCREF, new Limits(10, 20, false, false));
        assertThat(ImportMatching.matches(provided, none, new TableType(ValType.FUNCREF, new Limits(5, 30, false, false)), none)).isTrue();
        assertThat(ImportMatching.matches(provided, none, new TableType(ValType.FUNCREF, new Limits(11, -1, false, false)), none)).isFalse();
        assertThat(ImportMatching.matches(provided, none, new TableType(ValType.FUNCREF, new Limits(5, 15, false, false)), none)).isFalse();
        assertThat(ImportMatching.matches(provided, none, new TableType(ValType.EXTERNREF, new Limits(5, -1, false, false)), none)).isFalse();
        assertThat(ImportMatching.matches(provided, none, new TableType(ValType.FUNCREF, new Limits(5, -1, false, true)), none)).isFalse();
        MemoryType unbounded = new MemoryType(new Limits(1, -1, false, false));
        assertThat(ImportMatching.matches(unbounded, none, new MemoryType(new Limits(1, 2, false, false)), none)).isFalse();
        assertThat(ImportMatching.matches(unbounded, none, new MemoryType(new Limits(0, -1, false, false)), none)).isTrue();
        assertThat(ImportMatching.matches(unbounded, none, new MemoryType(new Limits(0, -1, false, true)), none)).isFalse();
    }

    @Test
    void tagsNeedEquivalentTypes() {
        TypeContext a = types("(module (type (func (param i32))) (type (func)))");
        TypeContext b = types("(module (type (func)) (type (func (param i32))))");
        assertThat(ImportMatching.matches(new TagType(0), a, new TagType(1), b)).isTrue();
        assertThat(ImportMatching.matches(new TagType(0), a, new TagType(0), b)).isFalse();
    }
}
