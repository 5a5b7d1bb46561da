package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.validate.ValidatedModule;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How split planning avoids repeated work: a mid-sized function whose one method would pass the JIT limit is
 * split by the initial policy (no whole build of the module first), one that stays under it is not, and a
 * function's measured plan, reused, reproduces the segments the measuring passes planned.
 */
class SplitPlanningTest {

    /** A function of {@code stores} memory copies of an i64 through a loaded address: dense bytecode per Wasm byte. */
    private static String module(int stores) {
        StringBuilder wat = new StringBuilder("(module (memory 1) (func $f (export \"f\") (param $p i32) (result i32)\n");
        for (int i = 0; i < stores; i++) {
            wat.append("(i64.store offset=").append(i * 8).append(" (i32.load (local.get $p)) (i64.load offset=")
                    .append(i * 8 + 4).append(" (local.get $p)))\n");
        }
        return wat.append("(local.get $p)))").toString();
    }

    private static CompilationUnit unit(String wat) {
        ModuleModel model = Wat.parse(wat);
        ValidatedModule validated = Validator.validate(model);
        return new CompilationUnit(model, ClassDesc.of("t.Unit"), validated);
    }

    private static Map<String, Integer> methodSizes(byte[] classBytes) {
        Map<String, Integer> sizes = new TreeMap<>();
        for (MethodModel m : ClassFile.of().parse(classBytes).methods()) {
            sizes.put(m.methodName().stringValue(),
                    m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0));
        }
        return sizes;
    }

    /** A function of {@code adds} increments of a local: a few bytes of bytecode per Wasm instruction. */
    private static String counterModule(int adds) {
        StringBuilder wat = new StringBuilder("(module (func $f (export \"f\") (param $p i32) (result i32)\n");
        for (int i = 0; i < adds; i++) wat.append("(local.set $p (i32.add (local.get $p) (i32.const 1)))\n");
        return wat.append("(local.get $p)))").toString();
    }

    private static int bodyBytes(CompilationUnit unit) {
        return unit.module.bodies().get(0).code().length();
    }

    @Test
    void aMidSizedFunctionOverTheJitLimitIsSplitBeforeAnyBuild() {
        CompilationUnit unit = unit(module(200));
        assertThat(bodyBytes(unit)).isBetween(SplitPolicy.PROBE_BODY_BYTES, SplitPolicy.PRESPLIT_BODY_BYTES);
        assertThat(SplitPolicy.initial(unit).shouldSplit(0)).isTrue();
        Map<String, Integer> sizes = methodSizes(ModuleCompiler.classBytes(Validator.validate(Wat.parse(module(200)))));
        assertThat(sizes).containsKey("func0$s1").allSatisfy((name, size) ->
                assertThat(size).as(name).isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT));
    }

    @Test
    void aMidSizedFunctionUnderTheJitLimitStaysOneMethod() {
        CompilationUnit unit = unit(counterModule(400));
        assertThat(bodyBytes(unit)).isBetween(SplitPolicy.PROBE_BODY_BYTES, SplitPolicy.PRESPLIT_BODY_BYTES);
        assertThat(SplitPolicy.initial(unit).shouldSplit(0)).isFalse();
        Map<String, Integer> sizes = methodSizes(ModuleCompiler.classBytes(Validator.validate(Wat.parse(counterModule(400)))));
        assertThat(sizes).doesNotContainKey("func0$s0");
        assertThat(sizes.get("func0")).isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT);
    }

    @Test
    void aReusedPlanReproducesTheMeasuredSegmentsWhateverTheBudgetPassed() {
        String wat = module(300);
        CompilationUnit unit = unit(wat);
        ModuleModel.FunctionBody body = unit.module.bodies().get(0);
        Map<Integer, SplitFunctionEmitter.Plan> plans = new HashMap<>();
        ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS);
        byte[] measured = classFile.build(ClassDesc.of("t.Measured"), cb -> assertThat(
                SplitFunctionEmitter.emit(unit, 0, body, cb, SplitFunctionEmitter.DEFAULT_BUDGET, plans)).isTrue());
        assertThat(plans).containsKey(0);
        // a tiny budget would cut hundreds of segments: the kept plan decides instead
        byte[] reused = classFile.build(ClassDesc.of("t.Reused"), cb -> assertThat(
                SplitFunctionEmitter.emit(unit(wat), 0, body, cb, 64, plans)).isTrue());
        Map<String, Integer> sizes = methodSizes(measured);
        assertThat(sizes).containsKey("func0$s1");
        assertThat(methodSizes(reused)).isEqualTo(sizes);
        byte[] fresh = classFile.build(ClassDesc.of("t.Fresh"), cb -> assertThat(
                SplitFunctionEmitter.emit(unit(wat), 0, body, cb, 64, new HashMap<>())).isTrue());
        assertThat(methodSizes(fresh)).as("planned from budget 64").isNotEqualTo(sizes);
    }

    /** A function of {@code before} counter steps, a loop of {@code body} (a WAT fragment), 100 more steps. */
    private static String loopModule(int before, String body) {
        String step = "(local.set $p (i32.add (local.get $p) (i32.const 1)))\n";
        return "(module (memory 1) (func $f (export \"f\") (param $p i32) (result i32)\n" + step.repeat(before)
                + "(loop $l\n" + body + "(br_if $l (i32.lt_u (local.get $p) (i32.const 1000))))\n"
                + step.repeat(100) + "(local.get $p)))";
    }

    private static SplitFunctionEmitter.Plan measuredPlan(String wat, int budget) {
        CompilationUnit unit = unit(wat);
        Map<Integer, SplitFunctionEmitter.Plan> plans = new HashMap<>();
        byte[] classBytes = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(ClassDesc.of("t.Measured"),
                cb -> assertThat(SplitFunctionEmitter.emit(unit, 0, unit.module.bodies().get(0), cb, budget, plans))
                        .isTrue());
        assertThat(methodSizes(classBytes)).allSatisfy((name, size) ->
                assertThat(size).as(name).isLessThanOrEqualTo(SplitFunctionEmitter.C1_LIMIT));
        return plans.get(0);
    }

    private static boolean stretchChangesTheCuts(String wat, int budget) {
        ModuleModel.FunctionBody body = Wat.parse(wat).bodies().get(0);
        return !java.util.Arrays.equals(SegmentPlanner.plan(body, budget, true), SegmentPlanner.plan(body, budget, false));
    }

    @Test
    void aLoopOverTheBudgetThatCompilesSmallKeepsItsOwnSegment() {
        // ~24 estimated bytes but ~6 bytes of bytecode per step: ~1.5 budgets, ~1000 bytes
        String step = "(local.set $p (i32.add (local.get $p) (i32.const 3)))\n";
        String wat = loopModule(100, step.repeat(160));
        SplitFunctionEmitter.Plan plan = measuredPlan(wat, 2500);
        assertThat(plan.budget()).isEqualTo(2500);
        assertThat(plan.stretchLoops()).isTrue();
        assertThat(stretchChangesTheCuts(wat, 2500)).isTrue();
    }

    @Test
    void aStretchedLoopTooLargeForC1IsCutBySizeAfterAll() {
        // ~44 estimated bytes per copy but dense bytecode: the stretched segment passes C1's size
        StringBuilder copies = new StringBuilder();
        for (int i = 0; i < 130; i++) {
            copies.append("(i64.store offset=").append(i * 8).append(" (i32.load (local.get $p)) (i64.load offset=")
                    .append(i * 8 + 4).append(" (local.get $p)))\n");
        }
        String wat = loopModule(100, copies.toString());
        assertThat(stretchChangesTheCuts(wat, 4000)).isTrue();
        assertThat(measuredPlan(wat, 4000).stretchLoops()).isFalse();
    }
}
