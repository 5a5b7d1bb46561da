package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.FuncType;
import dev.gatun.Instance;
import dev.gatun.InterruptedTrap;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.StoreInstruction;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loops count their back-edges down in a check that entering the loop jumps over, so the cold poll is a
 * back-edge of its own (LimitCheckEmitter): every kind of back-edge must still poll, and the shape must
 * keep the poll call out of the path from the loop's entry to its body.
 */
class LoopBackEdgePollTest {
    /** Loops that call {@code $tick} and go round forever, each through another kind of back-edge. */
    @ParameterizedTest(name = "{0}, fuel = {1}")
    @CsvSource({
            "br, false", "br_if, false", "br_table, false", "value below the loop, false", "loop param, false",
            "br_if with a value below, false", "catch clause, false",
            "br, true", "br_if, true", "br_table, true", "value below the loop, true", "loop param, true",
            "br_if with a value below, true", "catch clause, true"})
    void aHostFunctionInterruptsItsCallerAtTheNextBackEdge(String backEdge, boolean fuel) {
        String loop = switch (backEdge) {
            case "br" -> "(loop (call $tick) (br 0))";
            case "br_if" -> "(loop (call $tick) (br_if 0 (i32.const 1)))";
            case "br_table" -> "(block (loop (call $tick) (br_table 0 1 (i32.const 0))))";
            case "value below the loop" -> "(i32.const 7) (loop (call $tick) (br 0)) (drop)";
            case "loop param" -> "(i32.const 0) (loop (param i32) (call $tick) (i32.add (i32.const 1)) (br 0))";
            case "br_if with a value below" -> "(i32.const 7) (loop (call $tick) (br_if 0 (i32.const 1))) (drop)";
            case "catch clause" -> "(loop $again (try_table (catch $oops $again) (call $tick) (throw $oops)))";
            default -> throw new IllegalArgumentException(backEdge);
        };
        Engine engine = Engine.create(fuel ? EngineConfig.builder().consumeFuel(true).build() : EngineConfig.defaults());
        Module module = Module.fromWat(engine, """
                (module (import "env" "tick" (func $tick)) (tag $oops)
                  (func (export "spin") %s))
                """.formatted(loop));
        AtomicInteger calls = new AtomicInteger();
        Instance instance = new Linker(engine).func("env", "tick", FuncType.of(List.of(), List.of()),
                (caller, args) -> {
                    if (calls.incrementAndGet() == 1) caller.interrupt();
                    if (calls.get() > 3) throw new IllegalStateException("the loop went on after the interrupt");
                    return null;
                }).instantiate(module);
        if (fuel) instance.setFuel(Long.MAX_VALUE / 2);

        assertThatThrownBy(() -> instance.function("spin").asRunnable().run()).isInstanceOf(InterruptedTrap.class);
        assertThat(calls.get()).as("host calls before the loop stopped").isEqualTo(1);
    }

    @Test
    void enteringALoopJumpsOverItsBackEdgeCheck() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse("""
                (module (func (param i32) (loop (br_if 0 (local.get 0)))))
                """)));
        List<CodeElement> code = method(bytes, CompilationUnit.functionMethodName(0)).code().orElseThrow().elementList();
        int poll = indexOfCall(code, "pollAfterCountdown");
        int decrement = poll;
        while (!(code.get(decrement) instanceof IncrementInstruction)) decrement--;
        Label check = ((LabelTarget) code.get(decrement - 1)).label();
        BranchInstruction entry = (BranchInstruction) code.get(decrement - 2);
        BranchInstruction hot = (BranchInstruction) code.get(poll - 2);
        assertThat(code.get(poll + 1)).isInstanceOf(StoreInstruction.class);
        Label body = ((LabelTarget) code.get(poll + 2)).label();

        assertThat(entry.opcode()).as("the loop's entry").isEqualTo(Opcode.GOTO);
        assertThat(entry.target()).as("entering goes straight to the body").isEqualTo(body);
        assertThat(hot.opcode()).isEqualTo(Opcode.IFGT);
        assertThat(hot.target()).as("the countdown's hot back-edge").isEqualTo(body);
        assertThat(code.subList(poll + 2, code.size())).as("br_if goes back through the check")
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BranchInstruction.class,
                        b -> assertThat(b.target()).isEqualTo(check)));
    }

    private static MethodModel method(byte[] classBytes, String name) {
        return ClassFile.of().parse(classBytes).methods().stream()
                .filter(m -> m.methodName().stringValue().equals(name)).findFirst().orElseThrow();
    }

    private static int indexOfCall(List<CodeElement> code, String name) {
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof InvokeInstruction call && call.name().stringValue().equals(name)) return i;
        }
        throw new AssertionError("no call of " + name);
    }
}
