package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.UnreachableTrap;
import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

/**
 * A split function's outer method keeps its frame in {@code ctx.splitFrames} between calls: repeated calls
 * still start with zeroed locals, a recursive call gets a frame of its own, and a trap drops the frame
 * without harming the next call. Each function is split by a small segment budget.
 */
class SplitFrameReuseTest {
    private static final int CHUNKS = 120;

    /** {@code (local.set $acc (acc * 31) ^ (n + k))}, k = first..first+count-1. */
    private static String chunks(String acc, int first, int count) {
        StringBuilder wat = new StringBuilder();
        for (int k = first; k < first + count; k++) {
            wat.append("(local.set ").append(acc).append(" (i32.xor (i32.mul (local.get ").append(acc)
                    .append(") (i32.const 31)) (i32.add (local.get $n) (i32.const ").append(k).append("))))\n");
        }
        return wat.toString();
    }

    private static int chunksModel(int acc, int n, int first, int count) {
        for (int k = first; k < first + count; k++) acc = (acc * 31) ^ (n + k);
        return acc;
    }

    /**
     * $acc, $t, $d and the v128 $v are read before written; $t, $d and $v are written only for odd n, so an
     * even call after an odd one must see them zero again.
     */
    private static final String ZEROED_LOCALS = "(module (func (export \"f\") (param $n i32) (result i64)"
            + " (local $acc i32) (local $t i64) (local $d f64) (local $v v128)\n"
            + "(if (i32.and (local.get $n) (i32.const 1)) (then (local.set $t (i64.const 1000))"
            + " (local.set $d (f64.const 2.5)) (local.set $v (v128.const i64x2 7 9))))\n"
            + chunks("$acc", 0, CHUNKS)
            + "(i64.add (i64.add (i64.add (local.get $t) (i64.extend_i32_u (local.get $acc)))"
            + " (i64.trunc_f64_s (local.get $d))) (i64x2.extract_lane 1 (local.get $v)))))";

    private static long zeroedLocalsModel(int n) {
        boolean odd = (n & 1) != 0;
        return (odd ? 1000 + 2 + 9 : 0) + Integer.toUnsignedLong(chunksModel(0, n, 0, CHUNKS));
    }

    @Test
    void repeatedCallsStartWithZeroedLocalsAndReuseOneFrame() {
        Instance unsplit = Wat.instance(ZEROED_LOCALS);
        SplitBudget.with("600", () -> {
            assertThat(methodCount(ZEROED_LOCALS)).isGreaterThan(2);
            Instance split = Wat.instance(ZEROED_LOCALS);
            long[] firstFrame = null;
            for (int n : new int[] {1, 2, 3, 3, 4, 4, 7, 0}) {
                assertThat(split.invoke("f", n)).containsExactly(zeroedLocalsModel(n));
                assertThat(split.invoke("f", n)).isEqualTo(unsplit.invoke("f", n));
                long[] kept = split.context().splitFrames[0];
                assertThat(kept).isNotNull();
                if (firstFrame == null) firstFrame = kept;
                assertThat(kept).isSameAs(firstFrame);
            }
        });
    }

    /** $x is in the frame across the recursive call, which must not overwrite it. */
    private static final String RECURSIVE = "(module (func $r (export \"r\") (param $n i32) (result i32) (local $x i32)\n"
            + "(if (i32.eqz (local.get $n)) (then (return (i32.const 1))))\n"
            + chunks("$x", 0, CHUNKS / 2)
            + "(local.set $x (i32.add (local.get $x) (call $r (i32.sub (local.get $n) (i32.const 1)))))\n"
            + chunks("$x", CHUNKS / 2, CHUNKS / 2)
            + "(local.get $x)))";

    private static int recursiveModel(int n) {
        if (n == 0) return 1;
        int x = chunksModel(0, n, 0, CHUNKS / 2);
        x += recursiveModel(n - 1);
        return chunksModel(x, n, CHUNKS / 2, CHUNKS / 2);
    }

    @Test
    void recursiveCallsGetFramesOfTheirOwn() {
        SplitBudget.with("600", () -> {
            assertThat(methodCount(RECURSIVE)).isGreaterThan(2);
            Instance split = Wat.instance(RECURSIVE);
            for (int n : new int[] {5, 1, 12, 12}) {
                assertThat(split.invoke("r", n)).containsExactly(recursiveModel(n));
            }
        });
    }

    /** Traps half-way for n == 0, after $x was written. */
    private static final String TRAPPING = "(module (func (export \"t\") (param $n i32) (result i32) (local $x i32)\n"
            + chunks("$x", 0, CHUNKS / 2)
            + "(if (i32.eqz (local.get $n)) (then unreachable))\n"
            + chunks("$x", CHUNKS / 2, CHUNKS / 2)
            + "(local.get $x)))";

    @Test
    void aTrapDropsTheFrameAndTheNextCallStartsClean() {
        SplitBudget.with("600", () -> {
            assertThat(methodCount(TRAPPING)).isGreaterThan(2);
            Instance split = Wat.instance(TRAPPING);
            assertThat(split.invoke("t", 3)).containsExactly(chunksModel(0, 3, 0, CHUNKS));
            assertThatThrownBy(() -> split.invoke("t", 0)).isInstanceOf(UnreachableTrap.class);
            assertThat(split.context().splitFrames[0]).isNull();
            assertThat(split.invoke("t", 4)).containsExactly(chunksModel(0, 4, 0, CHUNKS));
            assertThat(split.context().splitFrames[0]).isNotNull();
            assertThat(split.invoke("t", 4)).containsExactly(chunksModel(0, 4, 0, CHUNKS));
        });
    }

    /** A frame holding references is not kept: it would keep guest objects reachable. */
    @Test
    void framesWithReferencesAreNotKept() {
        String wat = "(module (func (export \"g\") (param $n i32) (result i32) (local $x i32) (local $r externref)\n"
                + "(local.set $r (ref.null extern))\n"
                + chunks("$x", 0, CHUNKS)
                + "(i32.add (local.get $x) (ref.is_null (local.get $r)))))";
        SplitBudget.with("600", () -> {
            Instance split = Wat.instance(wat);
            assertThat(split.invoke("g", 2)).containsExactly(chunksModel(0, 2, 0, CHUNKS) + 1);
            assertThat(split.context().splitFrames[0]).isNull();
        });
    }

    private static long methodCount(String wat) {
        return java.lang.classfile.ClassFile.of()
                .parse(ModuleCompiler.classBytes(dev.gatun.internal.validate.Validator.validate(Wat.parse(wat))))
                .methods().stream().filter(m -> m.methodName().stringValue().startsWith("func0$s")).count();
    }
}
