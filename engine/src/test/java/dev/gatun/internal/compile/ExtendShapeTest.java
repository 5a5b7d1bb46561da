package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * i64.extend_i32_u is a mask, not a call to {@code Integer.toUnsignedLong}: in large functions (curve25519 field
 * multiplies) C2's inlining budget runs out and each such call stayed a real call.
 */
class ExtendShapeTest {
    @Test
    void unsignedExtendEmitsNoCallAndZeroExtends() {
        String module = """
                (module
                  (func (export "extend") (param i32) (result i64) (i64.extend_i32_u (local.get 0))))
                """;
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module)));
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(0))).doesNotContain("toUnsignedLong");

        Instance instance = Instance.instantiate(Wat.parse(module), Map.of());
        for (int x : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x8000_0001, 0x1234_5678}) {
            assertThat(instance.invoke("extend", x)[0]).as("%x", x).isEqualTo(Integer.toUnsignedLong(x));
        }
    }
}
