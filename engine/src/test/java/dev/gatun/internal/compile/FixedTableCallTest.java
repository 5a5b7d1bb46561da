package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.IndirectCallTypeMismatchTrap;
import dev.gatun.UndefinedElementTrap;
import dev.gatun.UninitializedElementTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import org.junit.jupiter.api.Test;

/**
 * call_indirect on a table whose elements never change after instantiation: the call site switches on the
 * element index and calls the known functions directly; everything else goes through the bridge.
 */
class FixedTableCallTest {
    private static final String FUNCTIONS = """
              (type $ii (func (param i32) (result i32)))
              (type $l (func (result i64)))
              (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
              (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
              (func $seven (type $l) (i64.const 7))
              (func $viaTail (type $ii) (return_call $double (i32.add (local.get 0) (i32.const 100))))
            """;

    /** Element 0 is left null; 1..4 hold $double $inc $seven $viaTail; 5 is overwritten by a later segment. */
    private static final String FIXED = "(module " + FUNCTIONS + """
              (table 8 funcref)
              (elem (i32.const 1) $double $inc $seven $viaTail $double)
              (elem (i32.const 5) func $inc)
              (func (export "call") (param i32 i32) (result i32)
                (call_indirect (type $ii) (local.get 1) (local.get 0))))""";

    @Test
    void knownElementsOfTheCallsTypeAreCalledDirectlyAtTheSite() {
        assertThat(invokedMethods(classBytes(FIXED), "func4"))
                .as("$double, $inc, $viaTail; not $seven (another type)")
                .contains("func0", "func1", "func3", "callIndirect0_0").doesNotContain("func2");
    }

    @Test
    void callsTheElementsTheSegmentsLeft() {
        Instance inst = Wat.instance(FIXED);
        assertThat(inst.invoke("call", 1, 21)).containsExactly(42);
        assertThat(inst.invoke("call", 2, 21)).containsExactly(22);
        assertThat(inst.invoke("call", 4, 1)).as("a callee that tail-calls").containsExactly(202);
        assertThat(inst.invoke("call", 5, 21)).as("the later segment wins").containsExactly(22);
    }

    @Test
    void otherElementsStillTrapThroughTheBridge() {
        Instance inst = Wat.instance(FIXED);
        assertThatThrownBy(() -> inst.invoke("call", 3, 0)).isInstanceOf(IndirectCallTypeMismatchTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", 0, 0)).isInstanceOf(UninitializedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", 6, 0)).isInstanceOf(UninitializedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", 8, 0)).isInstanceOf(UndefinedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", -1, 0)).isInstanceOf(UndefinedElementTrap.class);
    }

    @Test
    void elementsAddedByTableGrowAreCalledThroughTheBridge() {
        Instance inst = Wat.instance("(module " + FUNCTIONS + """
                  (table 2 funcref)
                  (elem (i32.const 0) $double $inc)
                  (elem declare func $inc)
                  (func (export "grow") (result i32) (table.grow (ref.func $inc) (i32.const 1)))
                  (func (export "call") (param i32 i32) (result i32)
                    (call_indirect (type $ii) (local.get 1) (local.get 0))))""");
        assertThat(inst.invoke("call", 0, 5)).containsExactly(10);
        assertThatThrownBy(() -> inst.invoke("call", 2, 5)).isInstanceOf(UndefinedElementTrap.class);
        assertThat(inst.invoke("grow")).containsExactly(2);
        assertThat(inst.invoke("call", 2, 5)).containsExactly(6);
        assertThat(inst.invoke("call", 0, 5)).containsExactly(10);
    }

    @Test
    void aTableTheModuleWritesIsNotTreatedAsFixed() {
        String wat = "(module " + FUNCTIONS + """
                  (table 2 funcref)
                  (elem (i32.const 0) $double $inc)
                  (elem declare func $inc)
                  (func (export "swap") (table.set (i32.const 0) (ref.func $inc)))
                  (func (export "call") (param i32 i32) (result i32)
                    (call_indirect (type $ii) (local.get 1) (local.get 0))))""";
        Instance inst = Wat.instance(wat);
        assertThat(inst.invoke("call", 0, 5)).containsExactly(10);
        inst.invoke("swap");
        assertThat(inst.invoke("call", 0, 5)).as("the site sees the new element").containsExactly(6);
        assertThat(invokedMethods(classBytes(wat), "func5")).doesNotContain("func0", "func1");
    }

    @Test
    void writesByTableCopyFillAndInitAlsoCount() {
        for (String write : new String[] {
                "(table.copy (i32.const 0) (i32.const 1) (i32.const 1))",
                "(table.fill (i32.const 0) (ref.func $inc) (i32.const 1))",
                "(table.init $late (i32.const 0) (i32.const 0) (i32.const 1))"}) {
            String wat = "(module " + FUNCTIONS + """
                      (table 2 funcref)
                      (elem (i32.const 0) $double $inc)
                      (elem $late func $inc)
                      (func (export "write") %s)
                      (func (export "call") (param i32 i32) (result i32)
                        (call_indirect (type $ii) (local.get 1) (local.get 0))))""".formatted(write);
            Instance inst = Wat.instance(wat);
            assertThat(inst.invoke("call", 0, 5)).as(write).containsExactly(10);
            inst.invoke("write");
            assertThat(inst.invoke("call", 0, 5)).as(write).containsExactly(6);
        }
    }

    @Test
    void anExportedTableIsNotTreatedAsFixed() {
        String wat = "(module " + FUNCTIONS + """
                  (table (export "table") 2 funcref)
                  (elem (i32.const 0) $double $inc)
                  (func (export "call") (param i32 i32) (result i32)
                    (call_indirect (type $ii) (local.get 1) (local.get 0))))""";
        assertThat(invokedMethods(classBytes(wat), "func4")).doesNotContain("func0", "func1");
    }

    private static byte[] classBytes(String wat) {
        return ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
    }
}
