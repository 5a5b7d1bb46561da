package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A function under C2's inlining budget on its own, but over it with the small leaf callees C2 inlines into it
 * (curve25519's field multiply and its 25 calls of __multi3), inlines its accesses; calls of those callees do
 * not count as the calls that keep call-heavy functions on the helpers.
 */
class DirectMemoryAccessBudgetTest {
    private static final String LEAF = """
            (func $leaf (param i32 i64)
              %s)
            """.formatted("(i64.store offset=8 (local.get 0) (local.get 1))\n".repeat(10));
    private static final String LOADS = "(local.set 1 (i32.add (local.get 1) (i32.load offset=8 (local.get 0))))\n".repeat(60);

    private static String module(String callee, int calls) {
        return "(module (memory 1)\n" + callee
                + "(func (export \"sum\") (param i32) (result i32) (local i32)\n" + LOADS
                + ("(call $leaf (local.get 0) (i64.extend_i32_u (local.get 1)))\n").repeat(calls)
                + "(local.get 1))\n"
                + "(func (export \"read\") (param i32) (result i64) (i64.load offset=8 (local.get 0))))";
    }

    @Test
    void manyCallsOfASmallLeafPutTheCallerOverTheBudget() {
        String module = module(LEAF, 25);
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module)));
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(1))).contains("get").doesNotContain("i32Load");

        Instance instance = Instance.instantiate(Wat.parse(module), Map.of());
        assertThat(instance.invoke("sum", 16)[0]).isEqualTo(0);
        assertThat(instance.invoke("read", 16)[0]).isEqualTo(0L);
    }

    @Test
    void fewCallsOrACalleeThatCallsOnKeepTheHelpers() {
        byte[] few = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module(LEAF, 2))));
        assertThat(invokedMethods(few, CompilationUnit.functionMethodName(1))).contains("i32Load");

        String notLeaf = LEAF.replace("(i64.store", "(call $other)(i64.store") + "(func $other)";
        byte[] callsOn = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module(notLeaf, 25))));
        // the caller is function 2, after $other
        assertThat(invokedMethods(callsOn, CompilationUnit.functionMethodName(2))).contains("i32Load");
    }

    /**
     * {@code loads} loads in a loop (over the budget on their own), {@code calls} calls of a function that
     * calls on, then one load more.
     */
    private static String callHeavy(int loads, int calls) {
        return "(module (memory 1) (func $other) (func $notLeaf (call $other))\n"
                + "(func (export \"sum\") (param i32) (result i32) (local i32)\n(loop\n"
                + "(local.set 1 (i32.add (local.get 1) (i32.load offset=8 (local.get 0))))\n".repeat(loads)
                + ")\n" + "(call $notLeaf)\n".repeat(calls)
                + "(i32.add (local.get 1) (i32.load offset=4 (local.get 0)))))";
    }

    @Test
    void aSmallFunctionMakingManyCallsInlinesItsAccessesALargeOneKeepsTheHelpers() {
        String small = callHeavy(200, 40); // ~2 KB of Wasm and 40 calls, like richards' scheduler (2.3 KB, 35 calls)
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(small)));
        // the loop's loads inline; the one load after the loop stays a helper call
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(2))).contains("get").containsOnlyOnce("i32Load");
        Instance instance = Instance.instantiate(Wat.parse(small), Map.of());
        assertThat(instance.invoke("sum", 16)[0]).isEqualTo(0);

        // ~3.7 KB (one method still) and 80 calls in its loop: 80 exception ranges over 3.7 KB cost the class
        // writer too much
        byte[] large = ModuleCompiler.classBytes(Validator.validate(Wat.parse(callsInLoop(350, 80))));
        assertThat(invokedMethods(large, CompilationUnit.functionMethodName(2)))
                .contains("i32Load").doesNotContain("get");
    }

    @Test
    void aLargeFunctionWhoseCallsAreOutsideItsLoopsInlinesTheLoopsAccesses() {
        // ~1.7 KB and 80 calls, all after the loop: the loop's accesses make few ranges
        String large = callHeavy(150, 80);
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(large)));

        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(2))).contains("get").containsOnlyOnce("i32Load");
        Instance instance = Instance.instantiate(Wat.parse(large), Map.of());
        assertThat(instance.invoke("sum", 4)[0]).isEqualTo(0);
        assertThatThrownBy(() -> instance.invoke("sum", 65530)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    /** {@code loads} loads and {@code calls} calls of a function that calls on, all in one loop run once. */
    private static String callsInLoop(int loads, int calls) {
        return "(module (memory 1) (func $other) (func $notLeaf (call $other))\n"
                + "(func (export \"sum\") (param i32) (result i32) (local i32)\n(loop\n"
                + "(local.set 1 (i32.add (local.get 1) (i32.load offset=8 (local.get 0))))\n".repeat(loads)
                + "(call $notLeaf)\n".repeat(calls)
                + ")\n(local.get 1)))";
    }
}
