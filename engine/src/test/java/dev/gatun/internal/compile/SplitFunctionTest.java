package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.V128;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Functions too large for one JIT-compilable JVM method are split into segment methods: a generated function
 * of over 100,000 instructions (straight-line arithmetic on locals of every type, nested blocks left by br and
 * br_table, a block result carried past excess values, loops and ifs whose bodies span segments) computes what
 * a Java model of the same program computes, and no generated method exceeds 8000 bytes.
 */
class SplitFunctionTest {

    /** Builds the WAT body and, alongside, runs the same program on a Java model. */
    private static final class Program {
        final StringBuilder wat = new StringBuilder();
        int instructions;
        int a;
        long b;
        float c;
        double d;
        int step;

        /** One straight-line chunk: 21 instructions updating the i32, i64, f32 and f64 locals. */
        void chunk() {
            int k = step++;
            wat.append("(local.set $a (i32.add (i32.mul (local.get $a) (i32.const 31)) (i32.const ")
                    .append(k).append(")))\n");
            wat.append("(local.set $b (i64.xor (i64.rotl (local.get $b) (i64.const 5)) (i64.extend_i32_u (local.get $a))))\n");
            wat.append("(local.set $c (f32.add (local.get $c) (f32.const 0.5)))\n");
            wat.append("(local.set $d (f64.add (local.get $d) (f64.convert_i32_s (local.get $a))))\n");
            instructions += 21;
            a = a * 31 + k;
            b = Long.rotateLeft(b, 5) ^ Integer.toUnsignedLong(a);
            c = c + 0.5f;
            d = d + a;
        }

        void chunks(int n) {
            for (int i = 0; i < n; i++) chunk();
        }

        /** Three nested blocks left through br_table on a & 3, one arm through br. */
        void brTable() {
            wat.append("""
                    (block $x (block $y (block $z
                      (br_table $z $y $x (i32.and (local.get $a) (i32.const 3))))
                      (local.set $a (i32.add (local.get $a) (i32.const 1))) (br $x))
                      (local.set $a (i32.sub (local.get $a) (i32.const 2))))
                    """);
            instructions += 18;
            switch (a & 3) {
                case 0 -> a += 1;
                case 1 -> a -= 2;
                default -> { }
            }
        }

        /** a = a_before + 7, computed by a block whose body spans segments and whose br drops a value. */
        void valueBlock(int inner) {
            int before = a;
            wat.append("(local.set $a (i32.add (local.get $a) (block $v (result i32)\n");
            chunks(inner);
            wat.append("(i32.const 5) (br $v (i32.const 7)))))\n");
            instructions += 7;
            a = before + 7;
        }

        /** A loop whose body spans segments, run three times (its back edge crosses segments). */
        void bigLoop(int inner) {
            wat.append("(local.set $i (i32.const 0)) (loop $l\n");
            int start = step;
            wat.append("(local.set $i (i32.add (local.get $i) (i32.const 1)))\n");
            // the body is emitted once but runs three times: model it by replaying the same constants
            StringBuilder saved = new StringBuilder(wat);
            chunks(inner);
            String body = wat.substring(saved.length());
            for (int round = 1; round < 3; round++) {
                step = start;
                for (int i = 0; i < inner; i++) chunkModelOnly();
            }
            wat.setLength(saved.length());
            wat.append(body);
            wat.append("(br_if $l (i32.lt_u (local.get $i) (i32.const 3))))\n");
            instructions += 10;
        }

        private void chunkModelOnly() {
            int k = step++;
            a = a * 31 + k;
            b = Long.rotateLeft(b, 5) ^ Integer.toUnsignedLong(a);
            c = c + 0.5f;
            d = d + a;
        }

        /** An if/else whose arms each span segments. */
        void bigIf(int inner) {
            boolean odd = (a & 1) != 0;
            wat.append("(if (i32.and (local.get $a) (i32.const 1)) (then\n");
            int start = step;
            int a0 = a;
            long b0 = b;
            float c0 = c;
            double d0 = d;
            chunks(inner);
            int a1 = a;
            long b1 = b;
            float c1 = c;
            double d1 = d;
            wat.append(") (else\n");
            a = a0;
            b = b0;
            c = c0;
            d = d0;
            step = start + 1000;
            chunks(inner);
            wat.append("))\n");
            instructions += 5;
            if (odd) {
                a = a1;
                b = b1;
                c = c1;
                d = d1;
            }
        }
    }

    private static String module(Program p) {
        return "(module (memory 1) (func (export \"f\") (param $n i32) (param $e externref) (result i64)"
                + " (local $a i32) (local $b i64) (local $c f32) (local $d f64) (local $i i32) (local $r externref)\n"
                + "(local.set $a (local.get $n)) (local.set $r (local.get $e))\n"
                + p.wat
                + "(i64.xor (i64.xor (local.get $b) (i64.extend_i32_u (local.get $a)))\n"
                + " (i64.add (i64.reinterpret_f64 (local.get $d))\n"
                + "  (i64.add (i64.extend_i32_u (i32.reinterpret_f32 (local.get $c)))"
                + " (i64.extend_i32_u (ref.is_null (local.get $r))))))))";
    }

    private static long expected(Program p, boolean nullRef) {
        return (p.b ^ Integer.toUnsignedLong(p.a))
                ^ (Double.doubleToRawLongBits(p.d) + Integer.toUnsignedLong(Float.floatToRawIntBits(p.c)) + (nullRef ? 1 : 0));
    }

    private static Program hugeProgram(int seed) {
        Program p = new Program();
        p.a = seed;
        for (int round = 0; round < 45; round++) {
            p.chunks(60);
            p.brTable();
            p.valueBlock(20);
            p.bigLoop(15);
            p.bigIf(10);
        }
        return p;
    }

    @Test
    void hugeFunctionRunsSplitAndMatchesTheJavaModel() {
        Program p = hugeProgram(12345);
        assertThat(p.instructions).isGreaterThan(100_000);
        ModuleModel module = Wat.parse(module(p));
        Instance instance = Instance.instantiate(module, Map.of());
        Object[] results = instance.invoke("f", 12345, "host");
        assertThat(results[0]).isEqualTo(expected(p, false));

        Program withNull = hugeProgram(-7);
        Object[] nullResults = Instance.instantiate(Wat.parse(module(withNull)), Map.of()).invoke("f", -7, null);
        assertThat(nullResults[0]).isEqualTo(expected(withNull, true));
    }

    @Test
    void noGeneratedMethodExceedsTheJitLimit() {
        Program p = hugeProgram(1);
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module(p))));
        int segments = 0;
        int largest = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            largest = Math.max(largest, length);
            if (m.methodName().stringValue().startsWith("func0$s")) segments++;
        }
        assertThat(segments).isGreaterThan(10);
        assertThat(largest).isPositive().isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT);
    }

    @Test
    void longBrTableWithFewTargetsStaysUnderTheJitLimit() {
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < 20_000; i++) targets.append(i % 7 == 0 ? "2 " : i % 2 == 0 ? "1 " : "0 ");
        String wat = "(module (func (export \"f\") (param i32) (result i32)"
                + " (block (block (block (br_table " + targets + "0 (local.get 0)))"
                + " (return (i32.const 10))) (return (i32.const 11))) (i32.const 12)))";
        Instance instance = Wat.instance(wat);
        for (int i : new int[] {0, 1, 2, 7, 14, 19_999, 20_000, -1}) {
            int expected = i < 0 || i >= 20_000 ? 10 : i % 7 == 0 ? 12 : i % 2 == 0 ? 11 : 10;
            assertThat(instance.invoke("f", i)).as("index %d", i).containsExactly(expected);
        }
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
        assertThat(ClassFile.of().parse(bytes).methods()).allMatch(m ->
                m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0) <= SplitFunctionEmitter.JIT_LIMIT);
    }

    @Test
    void deepNestingWithBranchesToEveryDepthFailsClearlyOrRuns() {
        // 1500 nested blocks, each with a value below it, and a br_table to every depth: each label's stub
        // would carry the whole stack across a segment boundary (quadratic); it must not exhaust memory or hang
        int depth = 1500;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < depth; i++) body.append("i32.const 1 block i32 ");
        body.append("i32.const 5 local.get 0 br_table");
        for (int i = 0; i < depth; i++) body.append(' ').append(i);
        body.append(" 0 ");
        for (int i = 0; i < depth; i++) body.append("end i32.add ");
        TestModule m = new TestModule();
        m.func("f", "i32 -> i32", body.toString());
        try {
            assertThat(m.instantiate().invoke("f", 3)).containsExactly(5 + depth);
        } catch (NotSupportedException e) {
            // every label entry reloads up to 1500 values: no segment can hold one, and one method passes 64 KiB
            assertThat(e.getMessage()).containsAnyOf("function 0", "func0(");
        }
    }

    @Test
    void exceptionHandlersInSplitFunctionsBranchToEarlierSegmentsAndReturn() {
        // the loop header lands in an earlier segment than its try_table, whose catch_all branches back to it;
        // the last try_table's catch returns the payload through the function's label
        String filler = "(local.set $acc (i32.add (local.get $acc) (i32.const 1)))\n".repeat(1000);
        String wat = "(module (tag $e) (tag $t (param i32))"
                + " (func (export \"f\") (param $n i32) (result i32) (local $i i32) (local $acc i32)"
                + " (block $out (loop $l\n" + filler
                + " (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                + " (br_if $out (i32.gt_u (local.get $i) (local.get $n)))"
                + " (try_table (catch_all $l) (if (i32.and (local.get $i) (i32.const 1)) (then (throw $e))))"
                + " (local.set $acc (i32.add (local.get $acc) (i32.const 1000)))"
                + " (br $l)))"
                + " (try_table (catch $t 0) (throw $t (local.get $acc)))"
                + " (i32.const -1)))";
        Instance instance = Wat.instance(wat);
        for (int n : new int[] {0, 1, 5, 10}) {
            assertThat(instance.invoke("f", n)).as("n=%d", n).containsExactly(1000 * (n + 1) + 1000 * (n / 2));
        }
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
        assertThat(ClassFile.of().parse(bytes).methods()).anyMatch(m -> m.methodName().stringValue().equals("func0$s1"));
    }

    @Test
    void manyLocalsAreSplitInsteadOfZeroedInOneHugeMethod() {
        // 20,000 i64 locals: zeroing them in one method alone would pass 64 KiB
        TestModule m = new TestModule();
        m.funcWithLocals("f", "i64 -> i64", java.util.List.of(new dev.gatun.internal.model.ModuleModel.Locals(20_000, dev.gatun.internal.model.ValType.I64)),
                "local.get 0 local.set 19999 local.get 19999 local.get 12345 i64.add i64.const 2 i64.mul");
        assertThat(m.instantiate().invoke("f", 21L)).containsExactly(42L);
    }

    @Test
    void smallFunctionsStayInOneMethod() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(
                "(module (func (export \"f\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))")));
        assertThat(ClassFile.of().parse(bytes).methods())
                .noneMatch(m -> m.methodName().stringValue().contains("$s"));
    }

    /** i32x4 lanes as a v128 (lane 0 in the low bits). */
    private static V128 lanes(int[] l) {
        return new V128(Integer.toUnsignedLong(l[0]) | (long) l[1] << 32, Integer.toUnsignedLong(l[2]) | (long) l[3] << 32);
    }

    /**
     * A large SIMD function: a v128 param, v128 locals, a v128 block result and a loop-carried v128 stack value
     * whose bodies span segments, two v128 results (the second through the extra-results array). The same
     * program runs alongside in Java on i32x4 lanes.
     */
    @Test
    void largeFunctionsUsingV128AreSplitAndMatchTheJavaModel() {
        int n = 3;
        StringBuilder body = new StringBuilder();
        int[] acc = {0, 0, 0, 0};
        int[] x = {5, 6, 7, 8};
        for (int round = 0; round < 8; round++) {
            body.append("(local.set $x (block (result v128)\n");
            for (int i = 0; i < 60; i++) {
                body.append("(local.set $acc (i32x4.add (local.get $acc) (v128.const i32x4 1 2 3 4)))\n");
                for (int l = 0; l < 4; l++) acc[l] += l + 1;
            }
            body.append("(v128.xor (i32x4.mul (local.get $x) (i32x4.splat (i32.const 3))) (local.get $acc))\n");
            for (int l = 0; l < 4; l++) x[l] = x[l] * 3 ^ acc[l];
            for (int i = 0; i < 40; i++) {
                body.append("(local.set $acc (i32x4.sub (local.get $acc) (v128.const i32x4 0 1 0 1)))\n");
                acc[1]--;
                acc[3]--;
            }
            body.append("))\n(local.set $i (i32.const 0))\nlocal.get $x\n(loop $l (param v128) (result v128)\n");
            body.append("v128.const i32x4 1 1 1 1 i32x4.add\n".repeat(30));
            body.append("(local.set $i (i32.add (local.get $i) (i32.const 1)))\n");
            body.append("(br_if $l (i32.lt_u (local.get $i) (local.get $n))))\nlocal.set $x\n");
            for (int l = 0; l < 4; l++) x[l] += 30 * n;
        }
        String wat = "(module (func (export \"f\") (param $n i32) (param $x v128) (result v128 v128)"
                + " (local $acc v128) (local $i i32)\n" + body + "(local.get $x) (local.get $acc)))";
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
        assertThat(ClassFile.of().parse(bytes).methods())
                .filteredOn(m -> m.methodName().stringValue().startsWith("func0$s")).hasSizeGreaterThan(3);
        assertThat(ClassFile.of().parse(bytes).methods()).allMatch(m ->
                m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0) <= SplitFunctionEmitter.JIT_LIMIT);
        assertThat(Wat.instance(wat).invoke("f", n, lanes(new int[] {5, 6, 7, 8}))).containsExactly(lanes(x), lanes(acc));
    }

    /**
     * No SIMD instruction, local or param, yet a v128 (a call result) stays on the stack across many segments
     * before it is consumed: the frame must still carry both halves.
     */
    @Test
    void v128FromACallCrossesSegmentsOfAFunctionWithoutSimdInstructions() {
        String filler = "(local.set $a (i32.add (i32.mul (local.get $a) (i32.const 31)) (i32.const 7)))\n".repeat(800);
        int a = 1;
        for (int i = 0; i < 800; i++) a = a * 31 + 7;
        String wat = "(module"
                + " (func $make (result v128) (v128.const i64x2 0x1111222233334444 0x5555666677778888))"
                + " (func $high (param v128) (result i64) (i64x2.extract_lane 1 (local.get 0)))"
                + " (func (export \"f\") (param $a i32) (result i64)\n call $make\n" + filler
                + " call $high (i64.extend_i32_u (local.get $a)) i64.xor))";
        assertThat(Wat.instance(wat).invoke("f", 1)).containsExactly(0x5555666677778888L ^ Integer.toUnsignedLong(a));
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
        assertThat(ClassFile.of().parse(bytes).methods()).anyMatch(m -> m.methodName().stringValue().equals("func2$s1"));
    }
}
