package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.GeneratedMethods.invokedMethods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.V128;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.V128Ops;
import dev.gatun.internal.validate.Validator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code i32x4.dot_i16x8_s} followed by an {@code i32x4.add} of an accumulator compiles to one fused helper per half. */
class DotAccumulateIdiomTest {
    private static final String MODULE = """
            (module
              (func (export "local") (param v128 v128 v128) (result v128)
                (local.get 0) (local.get 1) (i32x4.dot_i16x8_s) (local.get 2) (i32x4.add))
              (func (export "below") (param v128 v128 v128) (result v128)
                (local.get 2) (local.get 0) (local.get 1) (i32x4.dot_i16x8_s) (i32x4.add))
              (func (export "acrossEnd") (param v128 v128 v128) (result v128)
                (block (result v128) (local.get 0) (local.get 1) (i32x4.dot_i16x8_s))
                (local.get 2) (i32x4.add))
              (func (export "loop") (param v128 v128 v128 i32) (result v128)
                (loop $again
                  (local.get 0) (local.get 1) (i32x4.dot_i16x8_s) (local.get 2) (i32x4.add) (local.set 2)
                  (br_if $again (local.tee 3 (i32.sub (local.get 3) (i32.const 1)))))
                (local.get 2))
              (func $object (param v128) (result v128) (local.get 0))
              (func (export "objectBelow") (param v128 v128 v128) (result v128)
                (call $object (local.get 2)) (local.get 0) (local.get 1) (i32x4.dot_i16x8_s) (i32x4.add)))
            """;

    private static V128 expected(V128 a, V128 b, V128 acc) {
        return V128Ops.i32x4Add(acc, V128Ops.i32x4DotI16x8S(a, b));
    }

    @Test
    void fusedShapesAddTheDotToTheAccumulatorLikeTheTwoInstructions() {
        Instance instance = Instance.instantiate(Wat.parse(MODULE), Map.of());
        SplittableRandom random = new SplittableRandom(7);
        List<V128> edges = List.of(new V128(0, 0), new V128(-1, -1), new V128(0x8000800080008000L, 0x8000800080008000L),
                new V128(0x7FFF7FFF7FFF7FFFL, 0x7FFF7FFF7FFF7FFFL), new V128(0x7FFFFFFF_7FFFFFFFL, 0x80000000_FFFFFFFFL));
        for (int k = 0; k < 200; k++) {
            V128 a = k < 25 ? edges.get(k % 5) : new V128(random.nextLong(), random.nextLong());
            V128 b = k < 25 ? edges.get(k / 5) : new V128(random.nextLong(), random.nextLong());
            V128 acc = k < 25 ? edges.get((k + 2) % 5) : new V128(random.nextLong(), random.nextLong());
            V128 want = expected(a, b, acc);
            for (String f : List.of("local", "below", "acrossEnd", "objectBelow")) {
                assertThat(instance.invoke(f, a, b, acc)).as("%s(%s, %s, %s)", f, a, b, acc).containsExactly(want);
            }
            V128 thrice = expected(a, b, expected(a, b, want));
            assertThat(instance.invoke("loop", a, b, acc, 3)).as("loop").containsExactly(thrice);
        }
    }

    @Test
    void onlyAdjacentDotAndAddFuse() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(MODULE)));
        for (int f : new int[] {0, 1, 3}) {
            assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(f))).as("function %d", f)
                    .contains("i32x4DotI16x8SAdd").doesNotContain("i32x4DotI16x8S", "i32x4Add");
        }
        // an end between them is a branch target: the dot and the add stay apart
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(2)))
                .contains("i32x4DotI16x8S", "i32x4Add").doesNotContain("i32x4DotI16x8SAdd");
        // an accumulator that is still an object is not fused
        assertThat(invokedMethods(bytes, CompilationUnit.functionMethodName(5))).doesNotContain("i32x4DotI16x8SAdd");
    }
}
