package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the outer method of a split function reaches its segments: directly (one tableswitch in its loop) up to
 * 128 segments, through one dispatcher method per 128 segments beyond; both compute the same.
 */
class SplitDispatchTest {

    private static String program(int chunks) {
        StringBuilder wat = new StringBuilder("(module (func (export \"f\") (param $n i32) (result i32) (local $acc i32)\n");
        for (int k = 0; k < chunks; k++) {
            wat.append("(local.set $acc (i32.xor (i32.mul (local.get $acc) (i32.const 31)) (i32.add (local.get $n) (i32.const ")
                    .append(k).append("))))\n");
        }
        return wat.append("(local.get $acc)))").toString();
    }

    private static int expected(int n, int chunks) {
        int acc = 0;
        for (int k = 0; k < chunks; k++) acc = (acc * 31) ^ (n + k);
        return acc;
    }

    private static List<String> methodNames(String wat) {
        return ClassFile.of().parse(ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)))).methods().stream()
                .map(MethodModel::methodName).map(Object::toString).toList();
    }

    @Test
    void upTo128SegmentsTheOuterMethodCallsThemDirectly() {
        String wat = program(200);
        SplitBudget.with("600", () -> {
            List<String> names = methodNames(wat);
            assertThat(names.stream().filter(n -> n.startsWith("func0$s")).count()).isBetween(4L, 128L);
            assertThat(names).noneMatch(n -> n.startsWith("func0$d"));
            assertThat(Wat.instance(wat).invoke("f", 9)).containsExactly(expected(9, 200));
        });
    }

    @Test
    void over128SegmentsGoThroughDispatchers() {
        String wat = program(1500);
        SplitBudget.with("48", () -> {
            List<String> names = methodNames(wat);
            assertThat(names.stream().filter(n -> n.startsWith("func0$s")).count()).isGreaterThan(128L);
            assertThat(names).contains("func0$d0", "func0$d1");
            assertThat(Wat.instance(wat).invoke("f", 9)).containsExactly(expected(9, 1500));
            assertThat(Wat.instance(wat).invoke("f", -4)).containsExactly(expected(-4, 1500));
        });
    }
}
