package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A br_table with thousands of distinct targets is split like any other code: it leaves its segment
 * through one exit whose code is looked up per index, so no generated method passes the JIT limit, and
 * every target (block ends at two stack heights, the function itself, the default) is reached correctly
 * from inside a loop.
 */
class SplitBrTableTest {
    private static final int TARGETS = 5000;
    /**
     * Targets 0..RAISED_UP_TO sit above an extra value, so the table's targets have two stack heights; target
     * RAISED_UP_TO adds that value.
     */
    private static final int RAISED_UP_TO = 2500;
    private static final int CARRIED = 5;

    /**
     * {@code run(i, rounds)}: {@code rounds} times, a br_table on {@code i} carries 5 to block end
     * {@code i} (which adds {@code 7i + 1}, and target 2500 the 1,000,000 below it) or to the default
     * (adds 100,000); slot 4999 targets the function and returns the carried 5 at once.
     */
    private static String module() {
        StringBuilder w = new StringBuilder("(module (func (export \"run\") (param $i i32) (param $rounds i32)"
                + " (result i32) (local $acc i32)\n block $exit loop $loop\n"
                + " local.get $rounds i32.eqz br_if $exit\n"
                + " local.get $rounds i32.const 1 i32.sub local.set $rounds\n"
                + " block $default (result i32)\n");
        for (int k = TARGETS - 1; k >= 0; k--) {
            w.append(" block (result i32)\n");
            if (k == RAISED_UP_TO + 1) w.append(" i32.const 1000000\n");
        }
        w.append(" i32.const ").append(CARRIED).append(" local.get $i br_table");
        for (int k = 0; k < TARGETS - 1; k++) w.append(' ').append(k);
        int functionDepth = TARGETS + 3; // past the blocks: $default, $loop, $exit, then the function
        w.append(' ').append(functionDepth).append(' ').append(TARGETS).append('\n');
        for (int k = 0; k < TARGETS; k++) {
            w.append(" end i32.const ").append(7 * k + 1).append(" i32.add");
            if (k == RAISED_UP_TO) w.append(" i32.add");
            w.append(" local.get $acc i32.add local.set $acc br $loop\n");
        }
        w.append(" end i32.const 100000 i32.add local.get $acc i32.add local.set $acc br $loop\n"
                + " end end local.get $acc))");
        return w.toString();
    }

    private static int expected(int index, int rounds) {
        if (rounds == 0) return 0;
        if (index == TARGETS - 1) return CARRIED;
        if (index < 0 || index >= TARGETS) return rounds * (CARRIED + 100_000);
        int once = CARRIED + 7 * index + 1 + (index == RAISED_UP_TO ? 1_000_000 : 0);
        return rounds * once;
    }

    @Test
    void everyTargetOfAHugeBrTableIsReachedFromALoop() {
        Instance instance = Instance.instantiate(Wat.parse(module()), java.util.Map.of());
        int[] indices = {0, 1, 2, 17, 999, 1000, 2499, 2500, 2501, 2502, 3333, 4097, 4998, 4999, 5000, 5001,
                1 << 20, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
        for (int index : indices) {
            for (int rounds : new int[] {0, 1, 3}) {
                assertThat(instance.invoke("run", index, rounds)).as("run(%d, %d)", index, rounds)
                        .containsExactly(expected(index, rounds));
            }
        }
        for (int index = 0; index < TARGETS; index += 37) {
            assertThat(instance.invoke("run", index, 2)).as("run(%d, 2)", index).containsExactly(expected(index, 2));
        }
    }

    @Test
    void noMethodOfTheFunctionWithAHugeBrTablePassesTheJitLimit() {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(module())));
        int segments = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            assertThat(length).as(m.methodName().stringValue()).isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT);
            if (m.methodName().stringValue().startsWith("func0$s")) segments++;
        }
        assertThat(segments).isGreaterThan(1);
    }

    /**
     * shootout-switch's function 9 (a 4096-entry br_table whose cases set one local, see {@link BrTableLookup})
     * is one method under the JIT limit, not split (with the corpus).
     */
    @Test
    void shootoutSwitchFitsOneMethodUnderTheJitLimit() throws Exception {
        String corpus = System.getProperty("gatun.benchcorpus", "");
        assumeTrue(!corpus.isBlank(), "gatun.benchcorpus not given");
        Path file = Path.of(corpus, "shootout", "shootout-switch.wasm");
        assumeTrue(Files.exists(file), "no shootout-switch in the corpus");
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(ModuleDecoder.decode(Files.readAllBytes(file))));
        boolean whole = false;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            assertThat(length).as(m.methodName().stringValue()).isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT);
            assertThat(m.methodName().stringValue()).doesNotStartWith("func9$s");
            whole |= m.methodName().stringValue().equals("func9");
        }
        assertThat(whole).as("func9 in one method").isTrue();
    }
}
