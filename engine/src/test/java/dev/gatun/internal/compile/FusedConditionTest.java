package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A comparison feeding {@code br_if} or {@code if} is compiled to one JVM compare-and-branch: for every
 * comparison, on edge values (NaN, signed zeros, infinities, extreme integers), the fused forms must agree
 * with the comparison's own 0/1 result.
 */
class FusedConditionTest {
    private static final String[] INT_OPS = {"eq", "ne", "lt_s", "gt_s", "le_s", "ge_s", "lt_u", "gt_u", "le_u", "ge_u"};
    private static final String[] FLOAT_OPS = {"eq", "ne", "lt", "gt", "le", "ge"};

    private static String functions(String type, String op, boolean unary) {
        String operands = unary ? "(local.get 0)" : "(local.get 0) (local.get 1)";
        String params = unary ? "(param " + type + ")" : "(param " + type + " " + type + ")";
        String name = type + "." + op;
        return """
                (func (export "plain %1$s") %2$s (result i32) (%1$s %3$s))
                (func (export "if %1$s") %2$s (result i32)
                  (if (result i32) (%1$s %3$s) (then (i32.const 1)) (else (i32.const 0))))
                (func (export "br_if %1$s") %2$s (result i32)
                  (block $yes (br_if $yes (%1$s %3$s)) (return (i32.const 0))) (i32.const 1))
                (func (export "br_if value %1$s") %2$s (result i32)
                  (block $out (result i32) (drop (br_if $out (i32.const 7) (%1$s %3$s))) (i32.const 9)))
                """.formatted(name, params, operands);
    }

    @Test
    void fusedBranchesAgreeWithTheComparison() {
        StringBuilder wat = new StringBuilder("(module\n");
        List<String> names = new ArrayList<>();
        for (String t : List.of("i32", "i64")) {
            for (String op : INT_OPS) {
                wat.append(functions(t, op, false));
                names.add(t + "." + op);
            }
            wat.append(functions(t, "eqz", true));
            names.add(t + ".eqz");
        }
        for (String t : List.of("f32", "f64")) {
            for (String op : FLOAT_OPS) {
                wat.append(functions(t, op, false));
                names.add(t + "." + op);
            }
        }
        Instance instance = Wat.instance(wat.append(")").toString());

        Object[] ints = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 7};
        Object[] longs = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 7L};
        Object[] floats = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Object[] doubles = {0d, -0d, 1d, -1d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int checked = 0;
        int trueResults = 0;
        for (String name : names) {
            Object[] values = switch (name.substring(0, 3)) {
                case "i32" -> ints;
                case "i64" -> longs;
                case "f32" -> floats;
                default -> doubles;
            };
            boolean unary = name.endsWith("eqz");
            for (Object a : values) {
                for (Object b : unary ? new Object[] {null} : values) {
                    Object[] args = unary ? new Object[] {a} : new Object[] {a, b};
                    int plain = (int) instance.invoke("plain " + name, args)[0];
                    assertThat(plain).as("%s %s", name, List.of(args)).isIn(0, 1);
                    assertThat(instance.invoke("if " + name, args)).as("if %s %s", name, List.of(args)).containsExactly(plain);
                    assertThat(instance.invoke("br_if " + name, args)).as("br_if %s %s", name, List.of(args)).containsExactly(plain);
                    assertThat(instance.invoke("br_if value " + name, args)).as("br_if value %s %s", name, List.of(args))
                            .containsExactly(plain == 1 ? 7 : 9);
                    checked++;
                    trueResults += plain;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(trueResults).isBetween(checked / 4, checked * 3 / 4); // both outcomes exercised
    }

    @Test
    void unorderedFloatComparisonsAreFalseExceptNe() {
        Instance instance = Wat.instance("(module " + functions("f64", "lt", false) + functions("f64", "ne", false) + ")");
        assertThat(instance.invoke("if f64.lt", Double.NaN, 1d)).containsExactly(0);
        assertThat(instance.invoke("br_if f64.lt", 1d, Double.NaN)).containsExactly(0);
        assertThat(instance.invoke("if f64.ne", Double.NaN, Double.NaN)).containsExactly(1);
        assertThat(instance.invoke("br_if f64.ne", Double.NaN, 1d)).containsExactly(1);
    }
}
