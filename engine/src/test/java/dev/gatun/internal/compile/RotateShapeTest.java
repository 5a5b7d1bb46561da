package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * i32 rotates compile to shifts, not to calls: in large functions C2's inlining budget runs out and a
 * rotate left as a call stays a real call inside the hot loop.
 */
class RotateShapeTest {
    @Test
    void i32RotatesEmitNoCalls() {
        String module = """
                (module
                  (func (export "mix") (param i32 i32) (result i32)
                    (i32.rotr (i32.rotl (local.get 0) (local.get 1)) (i32.const 7))))
                """;
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module)));

        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(0)))
                .doesNotContain("rotateLeft", "rotateRight");
        Instance instance = Instance.instantiate(Wat.parse(module), java.util.Map.of());
        assertThat(instance.invoke("mix", 0x12345678, 4)[0]).isEqualTo(Integer.rotateRight(0x23456781, 7));
    }

    private static List<String> invokedMethods(byte[] classBytes, String method) {
        List<String> names = new ArrayList<>();
        MethodModel m = ClassFile.of().parse(classBytes).methods().stream()
                .filter(x -> x.methodName().stringValue().equals(method)).findFirst().orElseThrow();
        m.code().orElseThrow().forEach(e -> {
            if (e instanceof InvokeInstruction call) names.add(call.name().stringValue());
        });
        return names;
    }
}
