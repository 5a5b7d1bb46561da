package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.IndirectCallTypeMismatchTrap;
import dev.gatun.NullFunctionReferenceTrap;
import dev.gatun.UndefinedElementTrap;
import dev.gatun.UninitializedElementTrap;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.WasmGlobal;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.MethodModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** call_indirect and call_ref: direct calls of the instance's own functions, the handle path for the rest. */
class IndirectDispatchTest {
    private static final String OWN_TABLE = """
            (module
              (type $ii (func (param i32) (result i32)))
              (type $pair (func (param i32) (result i32 i64)))
              (type $l (func (result i64)))
              (table 8 funcref)
              (elem (i32.const 0) $double $inc $seven $split $viaTail)
              (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
              (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
              (func $seven (type $l) (i64.const 7))
              (func $split (type $pair) (local.get 0) (i64.extend_i32_u (i32.mul (local.get 0) (i32.const 3))))
              (func $viaTail (type $ii) (return_call $double (i32.add (local.get 0) (i32.const 100))))
              (func (export "call") (param i32 i32) (result i32)
                (call_indirect (type $ii) (local.get 1) (local.get 0)))
              (func (export "callPair") (param i32 i32) (result i64) (local $second i64)
                (call_indirect (type $pair) (local.get 1) (local.get 0))
                (local.set $second)
                (i64.add (i64.extend_i32_u) (local.get $second)))
              (func (export "callRef") (param i32 i32) (result i32)
                (call_ref $ii (local.get 1) (ref.cast (ref null $ii) (table.get (local.get 0))))))""";

    @Test
    void ownFunctionsAreCalledThroughTheTable() {
        Instance inst = Wat.instance(OWN_TABLE);
        assertThat(inst.invoke("call", 0, 21)).containsExactly(42);
        assertThat(inst.invoke("call", 1, 21)).containsExactly(22);
        assertThat(inst.invoke("call", 4, 1)).as("a callee that tail-calls").containsExactly(202);
        assertThat(inst.invoke("callPair", 3, 5)).as("5 + 15").containsExactly(20L);
        assertThat(inst.invoke("callRef", 1, 9)).containsExactly(10);
        assertThat(inst.invoke("callRef", 4, 0)).containsExactly(200);
    }

    @Test
    void bridgeCallsTheCompiledMethodsOfTheCallsTypeOnly() {
        List<String> called = invokedMethods(classBytes(OWN_TABLE), "callIndirect0_0");
        // $double, $inc, $viaTail are functions 0, 1, 4 of type $ii; $seven and $split have other types
        assertThat(called).contains("func0", "func1", "func4").doesNotContain("func2", "func3");
        assertThat(invokedMethods(classBytes(OWN_TABLE), "callRef0")).contains("func0", "func1", "func4");
    }

    @Test
    void trapsAreRaisedBeforeAnyCall() {
        Instance inst = Wat.instance(OWN_TABLE);
        assertThatThrownBy(() -> inst.invoke("call", 2, 0)).isInstanceOf(IndirectCallTypeMismatchTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", 3, 0)).isInstanceOf(IndirectCallTypeMismatchTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", 5, 0)).isInstanceOf(UninitializedElementTrap.class)
                .hasMessageStartingWith("uninitialized element 5");
        assertThatThrownBy(() -> inst.invoke("call", 8, 0)).isInstanceOf(UndefinedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("call", -1, 0)).isInstanceOf(UndefinedElementTrap.class);
        assertThatThrownBy(() -> inst.invoke("callRef", 5, 0)).isInstanceOf(NullFunctionReferenceTrap.class);
    }

    /** One module, two instances, one shared table: each element runs in the instance it came from. */
    private static final String SHARED_TABLE_USER = """
            (module
              (type $get (func (result i32)))
              (import "env" "table" (table 2 funcref))
              (import "env" "slot" (global $slot i32))
              (import "env" "tag" (global $tag i32))
              (global $own (mut i32) (global.get $tag))
              (elem (global.get $slot) $read)
              (func $read (type $get) (global.set $own (i32.add (global.get $own) (i32.const 1))) (global.get $own))
              (func (export "callSlot") (param i32) (result i32) (call_indirect (type $get) (local.get 0)))
              (func (export "own") (result i32) (global.get $own)))""";

    @Test
    void aSharedTableCallsEachFunctionInItsOwnInstance() {
        Instance tableOwner = Wat.instance("(module (table (export \"table\") 2 funcref))");
        CompiledModule user = ModuleCompiler.compile(Wat.parse(SHARED_TABLE_USER));
        Instance a = Instance.instantiate(user, imports(tableOwner, 0, 1000), Instance.DEFAULT_MAX_CALL_DEPTH);
        Instance b = Instance.instantiate(user, imports(tableOwner, 1, 2000), Instance.DEFAULT_MAX_CALL_DEPTH);

        assertThat(a.invoke("callSlot", 0)).as("a's own").containsExactly(1001);
        assertThat(a.invoke("callSlot", 1)).as("b's from a").containsExactly(2001);
        assertThat(b.invoke("callSlot", 0)).as("a's from b").containsExactly(1002);
        assertThat(b.invoke("callSlot", 1)).as("b's own").containsExactly(2002);
        assertThat(a.invoke("own")).containsExactly(1002);
        assertThat(b.invoke("own")).containsExactly(2002);
    }

    private static Map<String, Map<String, Object>> imports(Instance tableOwner, int slot, int tag) {
        return Map.of("env", Map.of("table", tableOwner.export("table"),
                "slot", WasmGlobal.host(new GlobalType(ValType.I32, false), slot),
                "tag", WasmGlobal.host(new GlobalType(ValType.I32, false), tag)));
    }

    @Test
    void hostFunctionsAndImportedFunctionsInTheTableTakeTheHandlePath() {
        HostFunction triple = args -> new Object[] {3 * (Integer) args[0]};
        Instance inst = Wat.instance("""
                (module
                  (type $ii (func (param i32) (result i32)))
                  (import "host" "triple" (func $triple (type $ii)))
                  (table 2 funcref)
                  (elem (i32.const 0) $triple $neg)
                  (func $neg (type $ii) (i32.sub (i32.const 0) (local.get 0)))
                  (func (export "call") (param i32 i32) (result i32)
                    (call_indirect (type $ii) (local.get 1) (local.get 0))))""",
                Map.of("host", Map.of("triple", triple)));
        assertThat(inst.invoke("call", 0, 14)).containsExactly(42);
        assertThat(inst.invoke("call", 1, 14)).containsExactly(-14);
    }

    @Test
    void aFunctionOfADeclaredSubtypeIsCalledThroughTheHandle() {
        Instance inst = Wat.instance("""
                (module
                  (type $super (sub (func (result i32))))
                  (type $sub (sub $super (func (result i32))))
                  (table 2 funcref)
                  (elem (i32.const 0) $base $derived)
                  (func $base (type $super) (i32.const 1))
                  (func $derived (type $sub) (i32.const 2))
                  (func (export "call") (param i32) (result i32) (call_indirect (type $super) (local.get 0))))""");
        assertThat(inst.invoke("call", 0)).containsExactly(1);
        assertThat(inst.invoke("call", 1)).containsExactly(2);
    }

    private static final int MANY = 2500;

    /** 2500 functions of one type (every 7th tail-calls): switch chunks under the JIT limit, all reachable. */
    private static String manyFunctions() {
        StringBuilder wat = new StringBuilder("(module (type $t (func (param i32) (result i32)))\n");
        wat.append("(table ").append(MANY).append(" funcref)\n(elem (i32.const 0)");
        for (int i = 0; i < MANY; i++) wat.append(" $f").append(i);
        wat.append(")\n");
        for (int i = 0; i < MANY; i++) {
            if (tailCalls(i)) {
                wat.append("(func $f").append(i).append(" (type $t) (return_call $f").append(i + 1)
                        .append(" (i32.add (local.get 0) (i32.const 1000000))))\n");
            } else {
                wat.append("(func $f").append(i).append(" (type $t) (i32.add (local.get 0) (i32.const ")
                        .append(i).append(")))\n");
            }
        }
        wat.append("(func (export \"call\") (param i32 i32) (result i32)")
                .append(" (call_indirect (type $t) (local.get 1) (local.get 0)))\n");
        wat.append("(func (export \"callRef\") (param i32 i32) (result i32)")
                .append(" (call_ref $t (local.get 1) (ref.cast (ref $t) (table.get (local.get 0))))))");
        return wat.toString();
    }

    private static boolean tailCalls(int index) {
        return index % 7 == 0 && index + 1 < MANY;
    }

    private static int expected(int index, int argument) {
        return tailCalls(index) ? argument + 1_000_000 + index + 1 : argument + index;
    }

    @Test
    void manyFunctionsOfOneTypeAreAllCalledCorrectly() {
        Instance inst = Wat.instance(manyFunctions());
        for (int i = 0; i < MANY; i++) {
            assertThat(inst.invoke("call", i, 5)).as("call %d", i).containsExactly(expected(i, 5));
        }
        for (int i = 0; i < MANY; i += 13) {
            assertThat(inst.invoke("callRef", i, 5)).as("callRef %d", i).containsExactly(expected(i, 5));
        }
    }

    @Test
    void manyFunctionsOfOneTypeAreSplitIntoChunksUnderTheJitLimit() {
        byte[] bytes = classBytes(manyFunctions());
        int chunks = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            assertThat(length).as(m.methodName().stringValue()).isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT);
            if (m.methodName().stringValue().startsWith("dispatch")) chunks++;
        }
        assertThat(chunks).isGreaterThan(1);
        List<String> fromChunks = new ArrayList<>();
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().stringValue().startsWith("dispatch")) {
                fromChunks.addAll(invokedMethods(bytes, m.methodName().stringValue()));
            }
        }
        assertThat(fromChunks).as("every function has an arm").contains("func0", "func1234", "func" + (MANY - 1));
    }

    /**
     * 3 x 8000 functions, each called only through the table: direct dispatch would add two constant pool
     * entries per function, past the JVM's 65535, so the class is built without it and still works.
     */
    @Test
    void aClassAtTheConstantPoolLimitFallsBackToHandleCalls() {
        int perType = 8000;
        StringBuilder wat = new StringBuilder("(module\n");
        for (int t = 0; t < 3; t++) {
            wat.append("(type $t").append(t).append(" (func (param").append(" i32".repeat(t + 1)).append(") (result i32)))\n");
        }
        wat.append("(table ").append(3 * perType).append(" funcref)\n(elem (i32.const 0) func");
        for (int i = 0; i < 3 * perType; i++) wat.append(" ").append(i);
        wat.append(")\n");
        for (int i = 0; i < 3 * perType; i++) {
            wat.append("(func (type $t").append(i / perType).append(") (i32.add (local.get 0) (i32.const ").append(i).append(")))\n");
        }
        for (int t = 0; t < 3; t++) {
            wat.append("(func (export \"call").append(t).append("\") (param i32 i32) (result i32) (call_indirect (type $t")
                    .append(t).append(")").append(" (local.get 1)".repeat(t + 1)).append(" (local.get 0)))\n");
        }
        wat.append(")");
        Instance inst = Wat.instance(wat.toString());
        assertThat(inst.invoke("call0", 17, 1)).containsExactly(18);
        assertThat(inst.invoke("call1", perType + 5, 1)).containsExactly(perType + 6);
        assertThat(inst.invoke("call2", 3 * perType - 1, 2)).containsExactly(3 * perType + 1);
        assertThatThrownBy(() -> inst.invoke("call0", perType, 1)).isInstanceOf(IndirectCallTypeMismatchTrap.class);
    }

    private static byte[] classBytes(String wat) {
        return ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
    }
}
