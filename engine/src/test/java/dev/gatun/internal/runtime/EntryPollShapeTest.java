package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Engine;
import dev.gatun.InterruptedTrap;
import dev.gatun.Linker;
import dev.gatun.Module;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The function-entry poll is inlined by C1 into every function that calls: it reads the flag with one
 * {@code getfield}, not through a VarHandle, whose inlined chain C1 would copy into each of those functions
 * (see {@link InstanceContext#pollLimits}).
 */
class EntryPollShapeTest {
    @Test
    void pollLimitsReadsTheFlagWithAGetfieldAndNoVarHandle() throws IOException {
        List<CodeElement> code = codeOf("pollLimits");

        assertThat(code).filteredOn(FieldInstruction.class::isInstance)
                .map(e -> ((FieldInstruction) e).name().stringValue())
                .containsExactly("interruptMirror");
        assertThat(code).filteredOn(InvokeInstruction.class::isInstance)
                .map(e -> ((InvokeInstruction) e).owner().asInternalName())
                .doesNotContain("java/lang/invoke/VarHandle");
    }

    @Test
    void pollLimitsSeesAnInterruptAndItsClearing() {
        Engine engine = Engine.create();
        dev.gatun.Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, "(module)"));
        InstanceContext ctx = InstanceContexts.of(instance);
        try {
            ctx.pollLimits(); // nothing requested: no trap
            ctx.interrupt();
            assertThatThrownBy(ctx::pollLimits).isInstanceOf(InterruptedTrap.class);
            ctx.clearInterrupt();
            ctx.pollLimits();
        } finally {
            instance.close();
        }
    }


    private static List<CodeElement> codeOf(String methodName) {
        byte[] bytes;
        try (InputStream in = InstanceContext.class.getResourceAsStream("InstanceContext.class")) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MethodModel method = ClassFile.of().parse(bytes).methods().stream()
                .filter(m -> m.methodName().stringValue().equals(methodName))
                .findFirst().orElseThrow();
        return method.findAttribute(Attributes.code()).orElseThrow().elementList();
    }
}
