package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.ValType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatParserTest {

    private static String hex(ByteSlice slice) {
        return HexFormat.ofDelimiter(" ").formatHex(slice.toArray());
    }

    /** The body bytes of the last function of {@code (module prefix (func body))}. */
    private static String code(String prefix, String func) {
        ModuleModel m = WatParser.parseModule("(module " + prefix + " (func " + func + "))");
        return hex(m.bodies().get(m.bodies().size() - 1).code());
    }

    private static String code(String func) {
        return code("", func);
    }

    private static void malformed(String module, String messagePart) {
        assertThatThrownBy(() -> WatParser.parseModule(module)).isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining(messagePart);
    }

    // ---- instructions ----

    @Test
    void foldedAndFlatFormsEncodeAlike() {
        String expected = "41 01 41 02 6a 1a 0b";
        assertThat(code("(drop (i32.add (i32.const 1) (i32.const 2)))")).isEqualTo(expected);
        assertThat(code("i32.const 1 i32.const 2 i32.add drop")).isEqualTo(expected);
        assertThat(code("(i32.const 1) i32.const 2 (i32.add) drop")).isEqualTo(expected);
    }

    @Test
    void constantsEncodeAsLeb128AndLittleEndian() {
        assertThat(code("i32.const -1 i64.const 0x80 f32.const 1 f64.const -0 drop drop drop drop"))
                .isEqualTo("41 7f 42 80 01 43 00 00 80 3f 44 00 00 00 00 00 00 00 80 1a 1a 1a 1a 0b");
        assertThat(code("i32.const 0xffff_ffff drop")).isEqualTo("41 7f 1a 0b");
    }

    @Test
    void blocksLabelsAndBranches() {
        assertThat(code("(block $l (br $l))")).isEqualTo("02 40 0c 00 0b 0b");
        assertThat(code("block $a block $b br $a br $b br 0 end $b end")).isEqualTo(
                "02 40 02 40 0c 01 0c 00 0c 00 0b 0b 0b");
        assertThat(code("(loop $l (result i32) (br_if $l (i32.const 1)) (i32.const 2)) drop")).isEqualTo(
                "03 7f 41 01 0d 00 41 02 0b 1a 0b");
        assertThat(code("block block br_table 0 1 0 end end")).isEqualTo("02 40 02 40 0e 02 00 01 00 0b 0b 0b");
    }

    @Test
    void labelsMayShadow() {
        assertThat(code("(block $l (block $l (br $l)))")).isEqualTo("02 40 02 40 0c 00 0b 0b 0b");
    }

    @Test
    void ifWithThenElseFoldedAndFlat() {
        String expected = "41 01 04 7f 41 02 05 41 03 0b 1a 0b";
        assertThat(code("(drop (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))))"))
                .isEqualTo(expected);
        assertThat(code("i32.const 1 if $x (result i32) i32.const 2 else $x i32.const 3 end $x drop"))
                .isEqualTo(expected);
        assertThat(code("(if (i32.const 0) (then))")).isEqualTo("41 00 04 40 0b 0b");
    }

    @Test
    void blockTypesWithParamsUseTypeIndices() {
        ModuleModel m = WatParser.parseModule("(module (type $t (func (result i32 i32)))"
                + " (func (block (type $t) (i32.const 1) (i32.const 2)) drop drop)"
                + " (func (i32.const 1) (block (param i32) (result i64) drop (i64.const 0)) drop))");
        assertThat(hex(m.bodies().get(0).code())).startsWith("02 00 ");
        // [] -> [] for the functions, then [i32] -> [i64] for the block
        assertThat(m.types()).hasSize(3);
        assertThat(m.types().get(2).composite()).isEqualTo(new FuncType(List.of(ValType.I32), List.of(ValType.I64)));
        assertThat(hex(m.bodies().get(1).code())).isEqualTo("41 01 02 02 1a 42 00 0b 1a 0b");
    }

    @Test
    void memoryArgumentsAndMemoryIndices() {
        assertThat(code("(memory 1)", "(drop (i32.load offset=8 align=2 (i32.const 0)))"))
                .isEqualTo("41 00 28 01 08 1a 0b");
        assertThat(code("(memory 1)", "(drop (i64.load (i32.const 0)))")).isEqualTo("41 00 29 03 00 1a 0b");
        assertThat(code("(memory $a 1) (memory $b 1)", "(drop (i32.load8_u $b offset=1 (i32.const 0)))"))
                .isEqualTo("41 00 2d 40 01 01 1a 0b");
        assertThat(code("(memory 1)", "(drop (memory.grow (i32.const 1))) (drop (memory.size))"))
                .isEqualTo("41 01 40 00 1a 3f 00 1a 0b");
        assertThat(code("(memory $a 1) (memory $b 1)", "(memory.copy $b $a (i32.const 0) (i32.const 0) (i32.const 0))"))
                .isEqualTo("41 00 41 00 41 00 fc 0a 01 00 0b");
        malformed("(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))", "power of two");
    }

    @Test
    void callsAndCallIndirect() {
        assertThat(code("(type $t (func)) (table $tab 1 funcref) (func $g)",
                "(call $g) (call_indirect $tab (type $t) (i32.const 0)) (return_call 0)"))
                .isEqualTo("10 00 41 00 11 00 00 12 00 0b");
    }

    @Test
    void selectWithAndWithoutResult() {
        assertThat(code("i32.const 1 i32.const 2 i32.const 0 select drop")).isEqualTo("41 01 41 02 41 00 1b 1a 0b");
        assertThat(code("(drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))"))
                .isEqualTo("41 01 41 02 41 00 1c 01 7f 1a 0b");
        malformed("(module (func select_t))", "unknown operator");
    }

    @Test
    void referenceAndGcInstructions() {
        assertThat(code("(ref.null func) drop (ref.null extern) drop")).isEqualTo("d0 70 1a d0 6f 1a 0b");
        String prefix = "(type $s (struct (field $a i32) (field $b (mut i64)))) (type $arr (array i8))";
        assertThat(code(prefix, "(ref.null $s) (ref.test (ref null $s)) drop (ref.null any) (ref.cast (ref $s)) drop"))
                .isEqualTo("d0 00 fb 15 00 1a d0 6e fb 16 00 1a 0b");
        assertThat(code(prefix, "(drop (struct.get $s $b (struct.new_default $s)))"))
                .isEqualTo("fb 01 00 fb 02 00 01 1a 0b");
        assertThat(code(prefix, "(drop (array.new_fixed $arr 2 (i32.const 1) (i32.const 2)))"))
                .isEqualTo("41 01 41 02 fb 08 01 02 1a 0b");
        assertThat(code(prefix, "(block $l (result anyref) (br_on_cast $l anyref (ref $s) (ref.null any)))"
                + " drop")).isEqualTo("02 6e d0 6e fb 18 01 00 6e 00 0b 1a 0b");
        malformed("(module " + prefix + " (func (drop (struct.get $s $c (ref.null $s)))))", "unknown field $c");
    }

    @Test
    void vectorInstructions() {
        assertThat(code("(drop (v128.const i32x4 1 2 3 0xffffffff))"))
                .isEqualTo("fd 0c 01 00 00 00 02 00 00 00 03 00 00 00 ff ff ff ff 1a 0b");
        assertThat(code("(drop (v128.const f32x4 1 1 1 1))")).isEqualTo(
                "fd 0c 00 00 80 3f 00 00 80 3f 00 00 80 3f 00 00 80 3f 1a 0b");
        assertThat(code("v128.const i64x2 0 0 v128.const i64x2 0 0"
                + " i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 i8x16.extract_lane_u 15 drop"))
                .endsWith("fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 1f fd 16 0f 1a 0b");
        assertThat(code("(memory 1)", "(drop (v128.load8_lane 1 (i32.const 0) (v128.const i64x2 0 0)))"))
                .startsWith("41 00 fd 0c").endsWith("fd 54 00 00 01 1a 0b");
        malformed("(module (func (drop (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))))", "out of range");
    }

    @Test
    void exceptionHandling() {
        String prefix = "(tag $e (param i32))";
        assertThat(code(prefix, "(block $out (result i32) (try_table (catch $e $out) (catch_all 0)"
                + " (throw $e (i32.const 1)))) drop"))
                .isEqualTo("02 7f 1f 40 02 00 00 00 02 00 41 01 08 00 0b 0b 1a 0b");
        assertThat(code(prefix, "(try (do (throw $e (i32.const 1))) (catch $e drop) (catch_all))"))
                .isEqualTo("06 40 41 01 08 00 07 00 1a 19 0b 0b");
        assertThat(code(prefix, "try $t nop catch $e drop rethrow $t catch_all end"))
                .isEqualTo("06 40 01 07 00 1a 09 00 19 0b 0b");
        assertThat(code(prefix, "(block $b (try (do) (delegate $b)))")).isEqualTo("02 40 06 40 18 00 0b 0b");
        malformed("(module (func (catch_all)))", "unexpected token");
    }

    @Test
    void localsByIdAndRunLengthEncoded() {
        ModuleModel m = WatParser.parseModule(
                "(module (func $f (param $x i32) (param f32) (local $y i64) (local i64 i32) local.get $y local.set $x"
                        + " local.get 1 drop))");
        assertThat(hex(m.bodies().get(0).code())).isEqualTo("20 02 21 00 20 01 1a 0b");
        assertThat(m.bodies().get(0).locals()).containsExactly(new ModuleModel.Locals(2, ValType.I64),
                new ModuleModel.Locals(1, ValType.I32));
        assertThat(m.names().functions()).containsEntry(0, "f");
        assertThat(m.names().locals().get(0)).containsEntry(0, "x").containsEntry(2, "y");
        malformed("(module (func (param $x i32) (local $x i32)))", "duplicate local");
        malformed("(module (func local.get $nope))", "unknown local $nope");
    }

    @Test
    void structuredNestingFailures() {
        malformed("(module (func block))", "missing 'end'");
        malformed("(module (func end))", "without a matching block");
        malformed("(module (func (block $a end $b)))", "without a matching block");
        malformed("(module (func block $a end $b))", "mismatching label");
        malformed("(module (func (block (br $missing))))", "unknown label");
        malformed("(module (func (if (i32.const 1))))", "without '(then");
        malformed("(module (func i32.const 1 if else else end))", "'else' outside 'if'");
    }

    @Test
    void deepFoldedNestingIsCappedWithoutRecursion() {
        int depth = 200_000;
        String deep = "(module (func " + "(block ".repeat(depth) + ")".repeat(depth) + "))";
        malformed(deep, "nesting too deep");
        String flat = "(module (func " + "block ".repeat(depth) + "end ".repeat(depth) + "))";
        malformed(flat, "nesting too deep");
        int ok = 5_000;
        String fine = "(module (func " + "(block ".repeat(ok) + ")".repeat(ok) + "))";
        assertThat(WatParser.parseModule(fine).bodies().get(0).code().length()).isEqualTo(ok * 3 + 1);
        String manyOperands = "(module (func (drop " + "(i32.add (i32.const 1) ".repeat(ok) + "(i32.const 0)"
                + ")".repeat(ok) + ")))";
        assertThat(WatParser.parseModule(manyOperands).bodies()).hasSize(1);
    }

    // ---- types ----

    @Test
    void typeDefinitionsRecGroupsAndSubtypes() {
        ModuleModel m = WatParser.parseModule("(module (type $f (func (param $a i32) (result i64)))"
                + " (rec (type $n (sub (struct (field $next (ref null $n))))) (type $m (sub final $n (struct))))"
                + " (type (array (mut i16))))");
        assertThat(m.types()).hasSize(4);
        assertThat(m.recGroups()).hasSize(3);
        assertThat(m.recGroups().get(1).firstIndex()).isEqualTo(1);
        assertThat(m.types().get(1).isFinal()).isFalse();
        assertThat(((StructType) m.types().get(1).composite()).fields().get(0).storage())
                .isEqualTo(ValType.ref(true, 1));
        assertThat(m.types().get(2).isFinal()).isTrue();
        assertThat(m.types().get(2).supertypes()).containsExactly(1);
        assertThat(((ArrayType) m.types().get(3).composite()).element().mutable()).isTrue();
        assertThat(((ArrayType) m.types().get(3).composite()).element().storage()).isEqualTo(ValType.PACKED_I16);
        malformed("(module (type $t (func)) (type $t (func)))", "duplicate type $t");
        malformed("(module (type (struct (field $a i32) (field $a i32))))", "duplicate field");
    }

    @Test
    void inlineTypeUsesReuseOrAppendTypes() {
        ModuleModel m = WatParser.parseModule("(module (func (param i64)) (type $t (func (param i32)))"
                + " (func (param i32)) (func (type $t) (param i32)) (func (param i64)))");
        assertThat(m.functionTypes()).containsExactly(1, 0, 0, 1);
        assertThat(m.types()).hasSize(2);
        malformed("(module (type $t (func (param i32))) (func (type $t) (param i64)))", "inline function type");
        malformed("(module (func (result i32) (param i32)))", "unknown operator");
    }

    // ---- module fields ----

    @Test
    void importsInlineAndExplicitPrecedeDefinitions() {
        ModuleModel m = WatParser.parseModule("(module (import \"m\" \"f\" (func $f (param i32)))"
                + " (func $g (export \"g\") (import \"m\" \"g\") (result i32))"
                + " (memory (import \"m\" \"mem\") i64 1 2 shared) (table (import \"m\" \"t\") 3 externref)"
                + " (global $x (import \"m\" \"x\") (mut f32)) (tag (import \"m\" \"e\"))"
                + " (func (call $g) drop))");
        assertThat(m.imports()).hasSize(6);
        assertThat(m.imports().get(1).type()).isEqualTo(new FuncRef(1));
        assertThat(m.imports().get(2).type()).isEqualTo(new MemoryType(new Limits(1, 2, true, true)));
        assertThat(m.imports().get(3).type()).isEqualTo(new TableType(ValType.EXTERNREF, new Limits(3, -1, false,
                false)));
        assertThat(m.imports().get(4).type()).isEqualTo(new GlobalType(ValType.F32, true));
        assertThat(m.exports()).containsExactly(new ModuleModel.Export("g", ExternKind.FUNC, 1));
        assertThat(hex(m.bodies().get(0).code())).isEqualTo("10 01 1a 0b");
        malformed("(module (func) (import \"m\" \"f\" (func)))", "import after func");
        malformed("(module (global i32 (i32.const 0)) (global (import \"m\" \"g\") i32))", "import after global");
        malformed("(module (func (import \"m\" \"f\") nop))", "unexpected token");
    }

    @Test
    void tablesWithInitAndInlineElements() {
        ModuleModel m = WatParser.parseModule("(module (func $f) (table $t 2 (ref null func) (ref.func $f))"
                + " (table i64 funcref (elem $f $f $f)) (table anyref (elem (item (ref.null any)) (ref.null any))))");
        assertThat(hex(m.tables().get(0).init())).isEqualTo("d2 00 0b");
        assertThat(m.tables().get(1).type().limits()).isEqualTo(new Limits(3, 3, false, true));
        assertThat(m.elements().get(0).initExprs()).extracting(WatParserTest::hex).containsExactly("d2 00 0b",
                "d2 00 0b", "d2 00 0b");
        assertThat(m.elements().get(0).type()).isEqualTo(ValType.FUNCREF);
        assertThat(hex(m.elements().get(0).offset())).isEqualTo("42 00 0b");
        assertThat(m.elements().get(0).tableIndex()).isEqualTo(1);
        assertThat(m.elements().get(1).initExprs()).hasSize(2);
        assertThat(m.elements().get(1).type()).isEqualTo(ValType.ANYREF);
    }

    @Test
    void memoriesWithInlineDataCountDataSegments() {
        ModuleModel m = WatParser.parseModule("(module (memory $m (data \"ab\" \"c\")) (memory i64 1)"
                + " (data (memory 1) (offset (i64.const 4)) \"x\") (data $p \"y\"))");
        assertThat(m.memories().get(0).limits()).isEqualTo(new Limits(1, 1, false, false));
        assertThat(m.datas()).hasSize(3);
        assertThat(m.datas().get(0).bytes().toArray()).containsExactly('a', 'b', 'c');
        assertThat(m.datas().get(1).memoryIndex()).isEqualTo(1);
        assertThat(hex(m.datas().get(1).offset())).isEqualTo("42 04 0b");
        assertThat(m.datas().get(2).mode()).isEqualTo(SegmentMode.PASSIVE);
        assertThat(m.dataCount()).isEqualTo(3);
        assertThat(WatParser.parseModule("(module)").dataCount()).isEqualTo(-1);
    }

    @Test
    void elementSegmentForms() {
        ModuleModel m = WatParser.parseModule("(module (table $t 10 funcref) (func $f) (func $g)"
                + " (elem (i32.const 0) $f $g) (elem (table $t) (offset (i32.const 1)) func $g)"
                + " (elem $p func $f) (elem declare func $g) (elem funcref (ref.func $f) (item ref.func $g))"
                + " (elem (table $t) (i32.const 2) funcref (ref.null func))"
                + " (func (elem.drop $p) (table.init $t $p (i32.const 0) (i32.const 0) (i32.const 0))))");
        List<ModuleModel.ElementSegment> e = m.elements();
        assertThat(e).extracting(ModuleModel.ElementSegment::mode).containsExactly(SegmentMode.ACTIVE,
                SegmentMode.ACTIVE, SegmentMode.PASSIVE, SegmentMode.DECLARATIVE, SegmentMode.PASSIVE,
                SegmentMode.ACTIVE);
        assertThat(e.get(0).functionIndices()).containsExactly(0, 1);
        assertThat(e.get(0).type()).isEqualTo(ValType.ref(false, HeapType.FUNC));
        assertThat(hex(e.get(1).offset())).isEqualTo("41 01 0b");
        assertThat(e.get(4).initExprs()).extracting(WatParserTest::hex).containsExactly("d2 00 0b", "d2 01 0b");
        assertThat(hex(m.bodies().get(2).code())).isEqualTo("fc 0d 02 41 00 41 00 41 00 fc 0c 02 00 0b");
    }

    @Test
    void globalsExportsAndStart() {
        ModuleModel m = WatParser.parseModule("(module (global $g (export \"g\") (mut i64) (i64.const 7))"
                + " (global i32 (global.get 0)) (func $main) (start $main) (export \"main\" (func $main))"
                + " (export \"glob\" (global $g)))");
        assertThat(m.globals().get(0).type()).isEqualTo(new GlobalType(ValType.I64, true));
        assertThat(hex(m.globals().get(0).init())).isEqualTo("42 07 0b");
        assertThat(hex(m.globals().get(1).init())).isEqualTo("23 00 0b");
        assertThat(m.start()).isEqualTo(0);
        assertThat(m.exports()).extracting(ModuleModel.Export::name).containsExactly("g", "main", "glob");
        malformed("(module (func) (start 0) (start 0))", "multiple start");
    }

    @Test
    void moduleNamesAndBareFields() {
        assertThat(WatParser.parseModule("(module $m)").names().moduleName()).isEqualTo("m");
        assertThat(WatParser.parseModule("(func) (memory 1)").memories()).hasSize(1);
    }

    @Test
    void customAndNameAnnotations() {
        ModuleModel m = WatParser.parseModule("(module $m (@name \"Modul\") (@custom \"sec\" (after func) \"a\" \"b\")"
                + " (func $f (@name \"λ\")) (@other (anything \"goes\")) (@custom \"end\"))");
        assertThat(m.names().moduleName()).isEqualTo("Modul");
        assertThat(m.names().functions()).containsEntry(0, "λ");
        assertThat(m.customSections()).extracting(ModuleModel.CustomSection::name).containsExactly("sec", "end");
        assertThat(m.customSections().get(0).data().toArray()).containsExactly('a', 'b');
        malformed("(module (func (@custom \"x\")))", "misplaced @custom annotation");
        malformed("(module (func) (@name \"x\"))", "misplaced @name annotation");
        malformed("(@custom 4)", "missing section name");
        malformed("(@custom \"x\" (before types))", "malformed section kind");
        malformed("(@custom \"x\" (aft type))", "malformed placement");
        malformed("(module (func i32.const 0 (@metadata.code.branch_hint \"\\00\") (@metadata.code.branch_hint"
                + " \"\\00\") if end))", "duplicate annotation");
        assertThat(WatParser.parseModule("(module (func i32.const 0 (@metadata.code.branch_hint \"\\01\") if end))")
                .bodies()).hasSize(1);
        assertThatThrownBy(() -> WatParser.parseModule(
                "(module (func (@metadata.code.branch_hint \"\\01\") nop))"))
                .isInstanceOf(dev.gatun.InvalidModuleException.class).hasMessageContaining("invalid target");
    }

    @Test
    void malformedTextReportsWhatAndWhere() {
        malformed("(module (func\n  i32.const 4294967296))", "constant out of range at 2:13");
        malformed("(module (func i32.frob))", "unknown operator i32.frob");
        malformed("(module (func $f) (func $f))", "duplicate function $f");
        malformed("(module (func call $nowhere))", "unknown function $nowhere");
        malformed("(module (export \"\\ff\" (func 0)) (func))", "malformed UTF-8");
        malformed("(module (func)) (func)", "unexpected token");
        malformed("(module (funky))", "a module field");
        malformed("(module (func (f32.const 0x1p128)))", "constant out of range");
    }
}
