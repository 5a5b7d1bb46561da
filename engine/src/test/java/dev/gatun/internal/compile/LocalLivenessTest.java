package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The liveness of locals at split-segment entry points ({@link LocalLiveness}), and its use by
 * {@link SplitFunctionEmitter}: a local that is never read is neither stored at exits nor loaded at entries,
 * while locals read later across many segments keep their values.
 */
class LocalLivenessTest {

    private static FunctionBody body(String wat) {
        ModuleModel model = Wat.parse(wat);
        Validator.validate(model);
        return model.bodies().getFirst();
    }

    /** Byte offset of the {@code nth} (0-based) instruction with opcode {@code op}. */
    private static int offsetOf(FunctionBody body, Opcode op, int nth) {
        CodeReader reader = new CodeReader(body.code());
        while (reader.hasNext()) {
            if (reader.next() == op && nth-- == 0) return reader.instructionOffset;
        }
        throw new AssertionError("no " + op);
    }

    /** Ordinal (0-based) of the {@code nth} instruction with opcode {@code op}. */
    private static int ordinalOf(FunctionBody body, Opcode op, int nth) {
        CodeReader reader = new CodeReader(body.code());
        for (int k = 0; reader.hasNext(); k++) {
            if (reader.next() == op && nth-- == 0) return k;
        }
        throw new AssertionError("no " + op);
    }

    private static BitSet locals(int... indices) {
        BitSet set = new BitSet();
        for (int i : indices) set.set(i);
        return set;
    }

    @Test
    void aLocalWrittenBeforeAnyReadIsDeadAndAParamReadIsLive() {
        FunctionBody body = body("""
                (module (func (param $p i32) (result i32) (local $t i32)
                  (local.set $t (i32.const 4))
                  (i32.add (local.get $t) (local.get $p))))""");
        int read = ordinalOf(body, Opcode.LOCAL_GET, 0);
        LocalLiveness live = LocalLiveness.analyse(body, 2, new int[] {read});
        assertThat(live.atStart()).isEqualTo(locals(0));
        assertThat(live.before(offsetOf(body, Opcode.LOCAL_GET, 0))).isEqualTo(locals(0, 1));
    }

    @Test
    void aLoopHeaderHasTheLocalsItsBodyReadsBeforeWritingThemOnSomePath() {
        // $t is written before read in every iteration; $acc and $n are carried around the loop
        FunctionBody body = body("""
                (module (func (param $n i32) (result i32) (local $acc i32) (local $t i32) (local $unused i32)
                  (loop $l
                    (local.set $t (i32.mul (local.get $acc) (i32.const 3)))
                    (local.set $acc (i32.add (local.get $t) (i32.const 1)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br_if $l (local.get $n)))
                  (local.get $acc)))""");
        LocalLiveness live = LocalLiveness.analyse(body, 4, new int[0]);
        int loop = offsetOf(body, Opcode.LOOP, 0);
        assertThat(live.loopHeader(loop)).isEqualTo(locals(0, 1));
        assertThat(live.afterEnd(loop)).isEqualTo(locals(1));
        assertThat(live.atStart()).isEqualTo(locals(0, 1)); // $acc: read as its initial zero
    }

    @Test
    void ifArmsBlockEndsAndBranchesCombineTheirTargetsSets() {
        FunctionBody body = body("""
                (module (func (param $c i32) (param $a i32) (param $b i32) (result i32) (local $r i32)
                  (block $out
                    (if (local.get $c)
                      (then (local.set $r (local.get $a)) (br $out))
                      (else (local.set $r (local.get $b))))
                    (local.set $r (i32.add (local.get $r) (local.get $c))))
                  (local.get $r)))""");
        LocalLiveness live = LocalLiveness.analyse(body, 4, new int[0]);
        int block = offsetOf(body, Opcode.BLOCK, 0);
        int ifAt = offsetOf(body, Opcode.IF, 0);
        assertThat(live.afterEnd(block)).isEqualTo(locals(3));
        assertThat(live.afterEnd(ifAt)).isEqualTo(locals(0, 3));
        assertThat(live.elseArm(ifAt)).isEqualTo(locals(0, 2));
        assertThat(live.atStart()).isEqualTo(locals(0, 1, 2));
    }

    @Test
    void bodiesWithExceptionHandlersAreNotAnalysed() {
        FunctionBody body = body("""
                (module (tag $e) (func (result i32) (local $x i32)
                  (block $h (try_table (catch $e $h) (throw $e)))
                  (local.get $x)))""");
        assertThat(LocalLiveness.analyse(body, 1, new int[0])).isNull();
    }

    /**
     * A function split at a small budget: {@code $acc} is carried through every segment, {@code $first} is
     * written in the first and read only at the end, {@code $sink} is written everywhere and never read.
     */
    private static String splitProgram(int chunks) {
        StringBuilder wat = new StringBuilder("""
                (module (func (export "f") (param $n i32) (result i32) (local $acc i32) (local $sink i32) (local $first i32)
                  (local.set $first (i32.mul (local.get $n) (i32.const 7)))
                """);
        for (int k = 0; k < chunks; k++) {
            wat.append("(local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (i32.const ")
                    .append(k).append(")))\n");
            wat.append("(local.set $sink (i32.xor (local.get $acc) (local.get $n)))\n");
        }
        return wat.append("(i32.add (local.get $acc) (local.get $first))))").toString();
    }

    private static int expected(int n, int chunks) {
        int acc = 0;
        for (int k = 0; k < chunks; k++) acc = acc * 31 + k;
        return acc + n * 7;
    }

    @Test
    void splitSegmentsMoveOnlyLiveLocalsAndKeepLiveValuesAcrossSegments() throws Exception {
        int chunks = 300;
        String wat = splitProgram(chunks);
        String previous = System.getProperty(SplitPolicy.BUDGET_PROPERTY);
        System.setProperty(SplitPolicy.BUDGET_PROPERTY, "600");
        try {
            assertThat(Wat.instance(wat).invoke("f", 5)).containsExactly(expected(5, chunks));
            assertThat(Wat.instance(wat).invoke("f", -3)).containsExactly(expected(-3, chunks));
            byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
            // no memory: local i lives in JVM slot CONTEXT_SLOT + 1 + i; the frame holds it at bits[i]
            int slotBase = SplitFunctionEmitter.CONTEXT_SLOT + 1;
            int segments = 0;
            int accStores = 0;
            int firstStores = 0;
            for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
                if (!m.methodName().stringValue().startsWith("func0$s")) continue;
                segments++;
                List<Instruction> code = instructions(m);
                assertThat(frameStores(code, 2, slotBase + 2)).as("stores of the unread $sink").isZero();
                assertThat(frameLoads(code, 2, slotBase + 2)).as("loads of the unread $sink").isZero();
                accStores += frameStores(code, 1, slotBase + 1);
                firstStores += frameStores(code, 3, slotBase + 3);
            }
            assertThat(segments).isGreaterThan(3);
            // $acc is dead where a cut falls between its read and its write (the value is on the stack)
            assertThat(accStores).isPositive();
            assertThat(firstStores).as("$first: stored once, by the segment writing it").isEqualTo(1);
        } finally {
            if (previous == null) System.clearProperty(SplitPolicy.BUDGET_PROPERTY);
            else System.setProperty(SplitPolicy.BUDGET_PROPERTY, previous);
        }
    }

    private static List<Instruction> instructions(MethodModel m) {
        List<Instruction> list = new ArrayList<>();
        for (CodeElement e : m.findAttribute(Attributes.code()).orElseThrow()) {
            if (e instanceof Instruction i) list.add(i);
        }
        return list;
    }

    /** Occurrences of {@code bits[index] = (long) <int slot>}: aload bits, const, iload slot, i2l, lastore. */
    private static int frameStores(List<Instruction> code, int index, int slot) {
        int count = 0;
        for (int k = 0; k + 4 < code.size(); k++) {
            if (isBitsLoad(code.get(k)) && isConstant(code.get(k + 1), index)
                    && code.get(k + 2) instanceof LoadInstruction load && load.typeKind() == TypeKind.INT
                    && load.slot() == slot && code.get(k + 3).opcode() == java.lang.classfile.Opcode.I2L
                    && code.get(k + 4).opcode() == java.lang.classfile.Opcode.LASTORE) {
                count++;
            }
        }
        return count;
    }

    /** Occurrences of {@code <int slot> = (int) bits[index]}: aload bits, const, laload, l2i, istore slot. */
    private static int frameLoads(List<Instruction> code, int index, int slot) {
        int count = 0;
        for (int k = 0; k + 4 < code.size(); k++) {
            if (isBitsLoad(code.get(k)) && isConstant(code.get(k + 1), index)
                    && code.get(k + 2).opcode() == java.lang.classfile.Opcode.LALOAD
                    && code.get(k + 3).opcode() == java.lang.classfile.Opcode.L2I
                    && code.get(k + 4) instanceof StoreInstruction store && store.slot() == slot) {
                count++;
            }
        }
        return count;
    }

    private static boolean isBitsLoad(Instruction i) {
        return i instanceof LoadInstruction load && load.typeKind() == TypeKind.REFERENCE
                && load.slot() == SplitFunctionEmitter.BITS_SLOT;
    }

    private static boolean isConstant(Instruction i, int value) {
        return i instanceof ConstantInstruction c && c.constantValue() instanceof Integer v && v == value;
    }
}
