package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.WastCommand.Action;
import dev.gatun.internal.text.WastCommand.ModuleSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class WastParserTest {

    @Test
    void modulesKeepTheirSourceTextAndLine() {
        String script = ";; header\n(module $M (func (export \"f\")))\n\n(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
                + "(module definition $D quote \"(func)\" \"(memory 1)\")\n(module instance $I $D)";
        List<WastCommand> commands = WastParser.parse(script);
        assertThat(commands).hasSize(4);
        WastCommand.Module text = (WastCommand.Module) commands.get(0);
        assertThat(text.line()).isEqualTo(2);
        assertThat(text.name()).isEqualTo("M");
        assertThat(text.source()).isEqualTo(new ModuleSource.Text("(module $M (func (export \"f\")))"));
        WastCommand.Module binary = (WastCommand.Module) commands.get(1);
        assertThat(((ModuleSource.Binary) binary.source()).bytes()).containsExactly(0, 'a', 's', 'm', 1, 0, 0, 0);
        WastCommand.Module quote = (WastCommand.Module) commands.get(2);
        assertThat(quote.definition()).isTrue();
        assertThat(quote.name()).isEqualTo("D");
        assertThat(((ModuleSource.Quote) quote.source()).text()).contains("(func)").contains("(memory 1)");
        assertThat(commands.get(3)).isEqualTo(new WastCommand.Instance(6, "I", "D"));
    }

    @Test
    void actionsRegisterAndAssertions() {
        List<WastCommand> c = WastParser.parse("(register \"lib\" $M)\n(invoke \"f\" (i32.const -1))\n"
                + "(assert_return (get $M \"g\") (i64.const 5))\n"
                + "(assert_trap (invoke \"t\") \"unreachable\")\n"
                + "(assert_trap (module (func)) \"oops\")\n"
                + "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
                + "(assert_exception (invoke \"x\"))\n"
                + "(assert_invalid (module (func (i32.add))) \"type mismatch\")\n"
                + "(assert_malformed (module quote \"(func\") \"unclosed\")\n"
                + "(assert_malformed_custom (module quote \"(@custom)\") \"custom\")\n"
                + "(assert_invalid_custom (module (func)) \"c\")\n"
                + "(assert_unlinkable (module (import \"a\" \"b\" (func))) \"unknown import\")");
        assertThat(c.get(0)).isEqualTo(new WastCommand.Register(1, "lib", "M"));
        WastCommand.ActionCommand invoke = (WastCommand.ActionCommand) c.get(1);
        assertThat(invoke.action()).isEqualTo(new Action.Invoke(null, "f",
                List.of(new WastValue.Num(ValType.I32, 0xFFFFFFFFL))));
        assertThat(c.get(2)).isEqualTo(new WastCommand.AssertReturn(3, new Action.Get("M", "g"),
                List.of(new WastValue.Num(ValType.I64, 5))));
        assertThat(c.get(3)).isInstanceOf(WastCommand.AssertTrap.class);
        assertThat(c.get(4)).isInstanceOf(WastCommand.AssertModuleTrap.class);
        assertThat(c.get(5)).isInstanceOf(WastCommand.AssertExhaustion.class);
        assertThat(c.get(6)).isInstanceOf(WastCommand.AssertException.class);
        assertThat(((WastCommand.AssertInvalid) c.get(7)).custom()).isFalse();
        assertThat(((WastCommand.AssertMalformed) c.get(8)).message()).isEqualTo("unclosed");
        assertThat(((WastCommand.AssertMalformed) c.get(9)).custom()).isTrue();
        assertThat(((WastCommand.AssertInvalid) c.get(10)).custom()).isTrue();
        assertThat(c.get(11)).isInstanceOf(WastCommand.AssertUnlinkable.class);
    }

    private static List<WastValue> results(String values) {
        return ((WastCommand.AssertReturn) WastParser.parse("(assert_return (invoke \"f\") " + values + ")")
                .get(0)).expected();
    }

    @Test
    void numericResultsAndNanPatterns() {
        assertThat(results("(f32.const -0x1p-1) (f64.const nan:canonical) (f32.const nan:arithmetic)"
                + " (f64.const -nan:0x4)")).containsExactly(
                new WastValue.Num(ValType.F32, Float.floatToRawIntBits(-0.5f) & 0xFFFFFFFFL),
                new WastValue.NanPattern(ValType.F64, true), new WastValue.NanPattern(ValType.F32, false),
                new WastValue.Num(ValType.F64, 0xFFF0000000000004L));
    }

    @Test
    void vectorResultsWithAndWithoutLanePatterns() {
        assertThat(results("(v128.const i16x8 1 2 3 4 5 6 7 -1)")).containsExactly(
                new WastValue.V128(0x0004000300020001L, 0xFFFF000700060005L));
        assertThat(results("(v128.const f64x2 nan:canonical 1)")).containsExactly(new WastValue.V128Pattern("f64x2",
                List.of(new WastValue.NanPattern(ValType.F64, true),
                        new WastValue.Num(ValType.F64, Double.doubleToRawLongBits(1.0)))));
    }

    @Test
    void referenceResults() {
        assertThat(results("(ref.null) (ref.null func) (ref.null extern) (ref.extern 3) (ref.extern) (ref.host 1)"
                + " (ref.func) (ref.i31) (ref.struct) (ref.array) (ref.eq) (ref.any) (ref.exn)")).containsExactly(
                new WastValue.RefNull(null), new WastValue.RefNull(HeapType.FUNC),
                new WastValue.RefNull(HeapType.EXTERN), new WastValue.RefExtern(3L), new WastValue.RefExtern(null),
                new WastValue.RefHost(1L), new WastValue.RefPattern("func", null),
                new WastValue.RefPattern("i31", null), new WastValue.RefPattern("struct", null),
                new WastValue.RefPattern("array", null), new WastValue.RefPattern("eq", null),
                new WastValue.RefPattern("any", null), new WastValue.RefPattern("exn", null));
        assertThat(results("(either (i32.const 1) (i32.const 2))")).containsExactly(new WastValue.Either(List.of(
                new WastValue.Num(ValType.I32, 1), new WastValue.Num(ValType.I32, 2))));
    }

    @Test
    void inlineModuleScriptIsOneModule() {
        List<WastCommand> c = WastParser.parse("(func) (memory 1)");
        assertThat(c).containsExactly(new WastCommand.Module(1, null, false, new ModuleSource.Text("(func) (memory 1)")));
    }

    @Test
    void hostileNestingNeitherRecursesNorHangs() {
        int depth = 100_000;
        String deep = "(module " + "(".repeat(depth) + ")".repeat(depth) + ")";
        List<WastCommand> c = WastParser.parse(deep + "\n(module (@a " + "(".repeat(depth) + ")".repeat(depth) + "))");
        assertThat(c).hasSize(2);
        assertThatThrownBy(() -> WatParser.parseModule(((ModuleSource.Text) ((WastCommand.Module) c.get(0)).source())
                .source())).isInstanceOf(MalformedModuleException.class);
        assertThat(WatParser.parseModule(((ModuleSource.Text) ((WastCommand.Module) c.get(1)).source()).source())
                .types()).isEmpty();
        assertThatThrownBy(() -> WastParser.parse("(assert_return (invoke \"f\") (either (either (i32.const 1))))"))
                .hasMessageContaining("nested 'either'");
        String comments = "(;".repeat(depth) + ";)".repeat(depth) + "(module)";
        assertThat(WastParser.parse(comments)).hasSize(1);
    }

    @Test
    void scriptErrorsSayWhere() {
        assertThatThrownBy(() -> WastParser.parse("\n(assert_return (invoke \"f\") (i32.const 1.5))"))
                .isInstanceOf(MalformedModuleException.class).hasMessageContaining("2:40");
        assertThatThrownBy(() -> WastParser.parse("(frobnicate)")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> WastParser.parse("(module (func)")).hasMessageContaining("unclosed");
    }
}
