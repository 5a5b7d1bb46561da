package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_long;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.runtime.V128Halves;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which segment shapes may pass C1_LIMIT, and which SIMD ops weigh as lane arithmetic in the plan. */
class C1SegmentSizeTest {
    private static final MethodTypeDesc LONG_BINARY = MethodTypeDesc.of(CD_long, CD_long, CD_long);

    private static MethodModel method(Consumer<CodeBuilder> body) {
        byte[] bytes = ClassFile.of().build(ClassDesc.of("dev.gatun.internal.compile.ShapeProbe"),
                cb -> cb.withMethodBody("m", MethodTypeDesc.of(CD_long, CD_long), ClassFile.ACC_STATIC, body));
        return ClassFile.of().parse(bytes).methods().getFirst();
    }

    /** A body of {@code count} calls of {@code owner.i32x4Add(x, x)} folded into local 0. */
    private static MethodModel calls(ClassDesc owner, int count) {
        return method(code -> {
            for (int i = 0; i < count; i++) {
                code.lload(0).lload(0).invokestatic(owner, "i32x4Add", LONG_BINARY).lstore(0);
            }
            code.lload(0).lreturn();
        });
    }

    @Test
    void halvesArithmeticMayReachTheArithmeticLimit() {
        MethodModel m = calls(ClassDesc.of(V128Halves.class.getName()), 1000);
        assertThat(C1SegmentSize.limit(m)).isEqualTo(C1SegmentSize.ARITHMETIC_LIMIT);
        assertThat(C1SegmentSize.ARITHMETIC_LIMIT).isGreaterThan(SplitFunctionEmitter.C1_LIMIT);
    }

    @Test
    void manyOtherInvocationsKeepTheC1Limit() {
        ClassDesc other = ClassDesc.of("dev.gatun.internal.runtime.HeapMemoryAccess");
        assertThat(C1SegmentSize.limit(calls(other, C1SegmentSize.ARITHMETIC_MAX_INVOCATIONS)))
                .isEqualTo(C1SegmentSize.ARITHMETIC_LIMIT);
        assertThat(C1SegmentSize.limit(calls(other, C1SegmentSize.ARITHMETIC_MAX_INVOCATIONS + 1)))
                .isEqualTo(SplitFunctionEmitter.C1_LIMIT);
    }

    @Test
    void overshootMeasuresSimdSegmentsByShapeAndOthersByC1Limit() {
        // 1000 calls of 11 bytes each: ~11000 bytes of halves arithmetic
        MethodModel big = calls(ClassDesc.of(V128Halves.class.getName()), 1000);
        byte[] bytes = ClassFile.of().build(ClassDesc.of("dev.gatun.internal.compile.ShapeProbe"),
                cb -> cb.with(big));
        int length = C1SegmentSize.length(big);
        assertThat(SplitFunctionEmitter.c1Overshoot(bytes, true))
                .isEqualTo((double) length / C1SegmentSize.ARITHMETIC_LIMIT);
        assertThat(SplitFunctionEmitter.c1Overshoot(bytes, false))
                .isEqualTo((double) length / SplitFunctionEmitter.C1_LIMIT);
    }

    @Test
    void laneArithmeticWeighsLessThanOtherSimdOps() {
        assertThat(SegmentPlanner.isLaneArithmetic(Opcode.I32X4_ADD)).isTrue();
        assertThat(SegmentPlanner.isLaneArithmetic(Opcode.V128_XOR)).isTrue();
        assertThat(SegmentPlanner.isLaneArithmetic(Opcode.I16X8_MUL)).isFalse();
        assertThat(SegmentPlanner.isLaneArithmetic(Opcode.I8X16_SHUFFLE)).isFalse();
        assertThat(SegmentPlanner.cost(Opcode.I32X4_ADD)).isLessThan(SegmentPlanner.cost(Opcode.I16X8_MUL));
    }

    @Test
    void laneArithmeticIsCutIntoFewerSegments() {
        assertThat(SegmentPlanner.plan(simdBody("i32x4.add"), 17000).length)
                .isLessThan(SegmentPlanner.plan(simdBody("i16x8.mul"), 17000).length);
    }

    /** 400 steps of {@code v = op(v, v)}. */
    private static dev.gatun.internal.model.ModuleModel.FunctionBody simdBody(String op) {
        String step = "(local.set $v (" + op + " (local.get $v) (local.get $v)))\n";
        return Wat.parse("(module (func (param $v v128) (result v128)\n" + step.repeat(400)
                + "(local.get $v)))").bodies().getFirst();
    }
}
