package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.Instance;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * br_tables whose cases only set locals to constants ({@link BrTableLookup}) against the ordinary lowering:
 * an engine metering fuel keeps the tableswitch and its case blocks, so both run the same module over
 * indices in range, past it (the default), negative and extreme; the generated method shows which lowering
 * was taken.
 */
class BrTableLookupTest {
    private static final int CASES = 40;
    private static final int[] INDICES = {0, 1, 2, 3, 5, 17, 38, 39, 40, 41, 42, 43, 44, 45, 100, 1 << 20,
            Integer.MAX_VALUE, -1, -2, Integer.MIN_VALUE};

    private final Engine lookupEngine = Engine.create(EngineConfig.builder().build());
    private final Engine ordinaryEngine = Engine.create(EngineConfig.builder().consumeFuel(true).build());

    /** The i32 constant case {@code k} sets. */
    private static int caseValue(int k) {
        return k * 1_000_003 - 77;
    }

    /** The i64 constant case {@code k} sets (high bits set, so a truncation to int would show). */
    private static long wideCaseValue(int k) {
        return (long) k << 40 | 0x8000_0000L | k;
    }

    /**
     * {@code pick(i)}: $x starts at -7; a br_table on i over {@code entries} (default last, as Wasm depths)
     * selects case block k (depth k < CASES: sets $x [and $w] then branches to $C; the last case falls into
     * $C's end unless {@code lastBranches}), $C itself (depth CASES: $x stays -7) or $out (depth CASES + 1:
     * returns 1000). After $C it returns $x [+ the folded $w].
     */
    private static String module(int[] entries, boolean wide, boolean lastBranches) {
        StringBuilder w = new StringBuilder("(module (func (export \"pick\") (param $i i32) (result i32)"
                + " (local $x i32) (local $w i64)\n i32.const -7 local.set $x\n block $out\n block $C\n");
        for (int k = 0; k < CASES; k++) w.append(" block\n");
        w.append(" local.get $i br_table");
        for (int e : entries) w.append(' ').append(e);
        w.append('\n');
        for (int k = 0; k < CASES; k++) {
            w.append(" end i32.const ").append(caseValue(k)).append(" local.set $x");
            if (wide) w.append(" i64.const ").append(wideCaseValue(k)).append(" local.set $w");
            if (k < CASES - 1 || lastBranches) w.append(" br ").append(CASES - 1 - k);
            w.append('\n');
        }
        w.append(" end local.get $x");
        if (wide) w.append(" local.get $w local.get $w i64.const 32 i64.shr_u i64.xor i32.wrap_i64 i32.add");
        w.append(" return\n end i32.const 1000))");
        return w.toString();
    }

    private static int[] entries(int count, java.util.function.IntUnaryOperator depthOf) {
        int[] entries = new int[count];
        for (int e = 0; e < count; e++) entries[e] = depthOf.applyAsInt(e);
        return entries;
    }

    private IntUnaryOperator pick(Engine engine, String wat) {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, wat));
        if (engine == ordinaryEngine) instance.setFuel(Long.MAX_VALUE / 2);
        return instance.function("pick").asIntUnaryOperator();
    }

    private void assertSameAsOrdinary(String wat, IntUnaryOperator expected) {
        IntUnaryOperator lookup = pick(lookupEngine, wat);
        IntUnaryOperator ordinary = pick(ordinaryEngine, wat);
        for (int index : INDICES) {
            int want = ordinary.applyAsInt(index);
            assertThat(want).as("ordinary pick(%d)", index).isEqualTo(expected.applyAsInt(index));
            assertThat(lookup.applyAsInt(index)).as("lookup pick(%d)", index).isEqualTo(want);
        }
    }

    /** The largest tableswitch of the function's method (0 if none). */
    private static int largestTableSwitch(String wat) {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(wat)));
        MethodModel method = ClassFile.of().parse(bytes).methods().stream()
                .filter(m -> m.methodName().stringValue().equals("func0")).findFirst().orElseThrow();
        int largest = 0;
        for (var element : method.code().orElseThrow()) {
            if (element instanceof TableSwitchInstruction s) largest = Math.max(largest, s.cases().size());
        }
        return largest;
    }

    @Test
    void everyEntryACaseReadsItsConstantAndPastTheTableTheDefaults() {
        int[] entries = entries(CASES + 3, e -> e < CASES + 2 ? (e * 7) % CASES : 3); // default: case 3
        String wat = module(entries, false, false);
        assertSameAsOrdinary(wat, i -> caseValue(entries[Integer.compareUnsigned(i, CASES + 2) > 0 ? CASES + 2 : i]));
        assertThat(largestTableSwitch(wat)).as("no tableswitch over the entries").isZero();
    }

    @Test
    void entriesNamingTheContinuationOrAnOuterLabelKeepTheirBranches() {
        // entry e: every third the continuation (x stays -7), every fifth $out (1000), else a case; default $out
        int[] entries = entries(CASES + 1, e -> e == CASES ? CASES + 1
                : e % 3 == 0 ? CASES : e % 5 == 0 ? CASES + 1 : (e * 11) % CASES);
        String wat = module(entries, false, true);
        assertSameAsOrdinary(wat, i -> {
            int depth = entries[Integer.compareUnsigned(i, CASES) > 0 ? CASES : i];
            return depth == CASES ? -7 : depth == CASES + 1 ? 1000 : caseValue(depth);
        });
        assertThat(largestTableSwitch(wat)).as("only a switch over the 3 kinds of target").isBetween(1, 3);
    }

    @Test
    void casesSettingAnI32AndAnI64LocalGetBothTables() {
        int[] entries = entries(CASES + 1, e -> (CASES - 1 - e + CASES) % CASES);
        String wat = module(entries, true, false);
        assertSameAsOrdinary(wat, i -> {
            int k = entries[Integer.compareUnsigned(i, CASES) > 0 ? CASES : i];
            long w = wideCaseValue(k);
            return caseValue(k) + (int) (w ^ w >>> 32);
        });
        assertThat(largestTableSwitch(wat)).isZero();
    }

    /**
     * Inside a loop, with a value on the stack below the case blocks (the branch to $C drops it) and the
     * index taken from the previous round: {@code chain(i)} runs 5 rounds of i = table[i] % 64.
     */
    @Test
    void aLookupInALoopWithAValueBelowTheCasesChainsLikeTheOrdinaryLowering() {
        StringBuilder w = new StringBuilder("(module (func (export \"pick\") (param $i i32) (result i32)"
                + " (local $x i32) (local $n i32)\n i32.const 5 local.set $n\n loop $again\n block $C\n"
                + " i32.const 99\n");
        for (int k = 0; k < CASES; k++) w.append(" block\n");
        w.append(" local.get $i br_table");
        for (int e = 0; e <= CASES; e++) w.append(' ').append((e * 3 + 1) % CASES);
        w.append('\n');
        for (int k = 0; k < CASES; k++) {
            w.append(" end i32.const ").append(caseValue(k)).append(" local.set $x br ").append(CASES - 1 - k).append('\n');
        }
        w.append(" end local.get $x i32.const 63 i32.and local.set $i\n"
                + " local.get $n i32.const 1 i32.sub local.tee $n br_if $again end local.get $i))");
        String wat = w.toString();
        assertSameAsOrdinary(wat, i -> {
            for (int round = 0; round < 5; round++) {
                int e = Integer.compareUnsigned(i, CASES) > 0 ? CASES : i;
                i = caseValue((e * 3 + 1) % CASES) & 63;
            }
            return i;
        });
        assertThat(largestTableSwitch(wat)).isZero();
    }

    @Test
    void caseBlocksCarryingValuesKeepTheTableswitch() {
        StringBuilder w = new StringBuilder("(module (func (export \"pick\") (param $i i32) (result i32)"
                + " (local $x i32)\n block $C (result i32)\n");
        for (int k = 0; k < CASES; k++) w.append(" block (result i32)\n");
        w.append(" i32.const 5 local.get $i br_table");
        for (int e = 0; e <= CASES; e++) w.append(' ').append(e % CASES);
        w.append('\n');
        for (int k = 0; k < CASES; k++) {
            w.append(" end i32.const ").append(caseValue(k)).append(" local.set $x br ").append(CASES - 1 - k).append('\n');
        }
        w.append(" end local.get $x i32.add))");
        String wat = w.toString();
        assertSameAsOrdinary(wat, i -> 5 + caseValue(Integer.compareUnsigned(i, CASES) >= 0 ? 0 : i));
        assertThat(largestTableSwitch(wat)).as("a case per entry but the default's")
                .isGreaterThanOrEqualTo(CASES - 1);
    }

    @Test
    void recognizesOnlyConstantSettingsOfTheSameLocals() {
        assertThat(recognized("end i32.const 1 local.set 0 br 1 end i32.const 2 local.set 0 end")).isTrue();
        assertThat(recognized("end i32.const 1 local.set 0 br 1 end i32.const 2 local.set 1 end"))
                .as("another local").isFalse();
        assertThat(recognized("end i32.const 1 local.set 0 br 1 end i32.const 2 local.set 0 br 1"))
                .as("another continuation").isFalse();
        assertThat(recognized("end i32.const 1 local.set 0 br 1 end local.get 0 local.set 0 end"))
                .as("not a constant").isFalse();
        assertThat(recognized("end i32.const 1 local.set 0 br 2 end i32.const 2 local.set 0 end"))
                .as("a case falling short of the continuation").isFalse();
        assertThat(recognized("end br 1 end i32.const 2 local.set 0 end")).as("a case setting nothing").isFalse();
    }

    private static final java.util.Map<String, Integer> OPCODES = java.util.Map.of(
            "end", 0x0B, "br", 0x0C, "i32.const", 0x41, "local.set", 0x21, "local.get", 0x20);

    /** Encodes the code after a br_table (immediates below 64 are one LEB byte) and recognizes it. */
    private static boolean recognized(String code) {
        String[] words = code.split(" ");
        byte[] bytes = new byte[words.length];
        for (int i = 0; i < words.length; i++) {
            Integer op = OPCODES.get(words[i]);
            bytes[i] = (byte) (op != null ? op : Integer.parseInt(words[i]));
        }
        return BrTableLookup.recognize(bytes, 0, bytes.length) != null;
    }
}
