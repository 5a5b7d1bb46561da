package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The v128 loads and stores of a function count against C2's inlining budget when choosing between helper
 * calls and inline accesses: each is two force-inlined VarHandle chains that spend the budget the scalar helpers
 * need (scrypt's blockmix: a few v128 copies and ~100 scalar accesses, whose helpers C2 left real calls).
 */
class DirectMemoryAccessSimdBudgetTest {
    private static final String XORS =
            "(i32.store offset=64 (local.get 0) (i32.xor (i32.load offset=64 (local.get 0)) (i32.load offset=128 (local.get 0))))\n"
                    .repeat(20);
    private static final String V128_COPIES =
            "(v128.store offset=192 (local.get 0) (v128.load offset=256 (local.get 0)))\n".repeat(16);

    private static String module(String body) {
        return "(module (memory 1)\n"
                + "(func (export \"mix\") (param i32)\n" + body + ")\n"
                + "(func (export \"read\") (param i32) (result i32) (i32.load (local.get 0))))";
    }

    private static byte[] classBytes(String module) {
        return ModuleCompiler.classBytes(Validator.validate(Wat.parse(module)));
    }

    @Test
    void v128CopiesPutAScalarHeavyFunctionOverTheBudget() {
        String module = module(XORS + V128_COPIES);
        assertThat(invokedMethods(classBytes(module), CompilationUnit.functionMethodName(0)))
                .contains("get", "set", "checkIndex")
                .doesNotContain("i32Load", "i32Store");

        Instance instance = Instance.instantiate(Wat.parse(module), Map.of());
        assertThat(instance.invoke("mix", 0)).isEmpty();
        assertThat(instance.invoke("read", 64)[0]).isEqualTo(0);
    }

    @Test
    void v128LoadAndStoreDoNotEndACoveredRangeOtherSimdOpsDo() {
        assertThat(DirectMemoryAccess.keepsRange(Opcode.V128_LOAD)).isTrue();
        assertThat(DirectMemoryAccess.keepsRange(Opcode.V128_STORE)).isTrue();
        assertThat(DirectMemoryAccess.keepsRange(Opcode.V128_LOAD64_LANE)).isFalse();
        assertThat(DirectMemoryAccess.keepsRange(Opcode.I32X4_ADD)).isFalse();
    }

    @Test
    void anOutOfBoundsV128StoreInsideACoveredRangeTrapsAsMemoryOutOfBounds() {
        String module = module(XORS + V128_COPIES);
        Instance instance = Instance.instantiate(Wat.parse(module), Map.of());
        assertThatThrownBy(() -> instance.invoke("mix", 65536 - 200)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void theSameScalarAccessesAloneKeepTheHelpers() {
        assertThat(invokedMethods(classBytes(module(XORS)), CompilationUnit.functionMethodName(0)))
                .contains("i32Load", "i32Store");
    }

    @Test
    void v128LoadAndStoreAreTwoViewAccessesOtherSimdMemoryOpsOne() {
        assertThat(DirectMemoryAccess.simdViewAccesses(Opcode.V128_LOAD)).isEqualTo(2);
        assertThat(DirectMemoryAccess.simdViewAccesses(Opcode.V128_STORE)).isEqualTo(2);
        assertThat(DirectMemoryAccess.simdViewAccesses(Opcode.V128_LOAD32_ZERO)).isEqualTo(1);
        assertThat(DirectMemoryAccess.simdViewAccesses(Opcode.V128_STORE64_LANE)).isEqualTo(1);
        assertThat(DirectMemoryAccess.simdViewAccesses(Opcode.I32_LOAD)).isZero();
    }
}
