package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.instruction.BranchInstruction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loops entered with values on the operand stack: HotSpot compiles a loop on stack replacement only at a
 * back-edge target with an empty JVM stack, so such loops keep those values in slots across the header.
 */
class LoopHeaderStackTest {
    private static final String LOOPS = """
            (module
              (func (export "below") (param $n i32) (result i32)
                (i32.const 1000)
                (loop $l
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
                (i32.add (local.get $n)))
              (func (export "params") (param $n i32) (result i64)
                (i64.const 5)
                (i64.const 0) (local.get $n)
                (loop $l (param i64 i32) (result i64)
                  (local.set $n)
                  (if (param i64) (result i64) (i32.eqz (local.get $n))
                    (then)
                    (else
                      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                      (i64.add (i64.extend_i32_u (local.get $n)))
                      (local.get $n)
                      (br $l))))
                (i64.mul))
              (func (export "table") (param $n i32) (result i32)
                i32.const 100
                i32.const 7
                block $out (param i32) (result i32)
                  loop $l (param i32) (result i32)
                    local.get $n
                    i32.const 1
                    i32.sub
                    local.set $n
                    i32.const 2
                    i32.add
                    local.get $n
                    i32.eqz
                    br_table $l $out
                  end
                end
                (i32.add)))""";

    @Test
    void loopsWithValuesBelowOrParamsComputeAsBefore() {
        Instance inst = Wat.instance(LOOPS);
        assertThat(inst.invoke("below", 10)).containsExactly(1000);
        // 5 * (9 + 8 + ... + 0) = 225
        assertThat(inst.invoke("params", 10)).containsExactly(225L);
        assertThat(inst.invoke("params", 0)).containsExactly(0L);
        // 100 + (7 + 2 * 4)
        assertThat(inst.invoke("table", 4)).containsExactly(115);
    }

    @Test
    void everyBackEdgeTargetHasAnEmptyStack() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(LOOPS)));
        int checked = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (!m.methodName().stringValue().startsWith("func")) continue;
            CodeAttribute code = m.findAttribute(Attributes.code()).orElseThrow();
            List<Integer> backTargets = backEdgeTargets(code);
            List<StackMapFrameInfo> frames = code.findAttribute(Attributes.stackMapTable()).orElseThrow().entries();
            for (int target : backTargets) {
                StackMapFrameInfo frame = frames.stream()
                        .filter(f -> code.labelToBci(f.target()) == target).findFirst().orElseThrow();
                assertThat(frame.stack()).as("stack at back-edge target %d of %s", target, m.methodName()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).as("back edges found").isGreaterThanOrEqualTo(3);
    }

    private static List<Integer> backEdgeTargets(CodeAttribute code) {
        List<Integer> targets = new ArrayList<>();
        int bci = 0;
        for (CodeElement e : code) {
            if (!(e instanceof Instruction insn)) continue;
            if (insn instanceof BranchInstruction branch) {
                int target = code.labelToBci(branch.target());
                if (target <= bci) targets.add(target);
            }
            bci += insn.sizeInBytes();
        }
        return targets;
    }
}
