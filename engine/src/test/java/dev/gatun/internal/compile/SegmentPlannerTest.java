package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the planner cuts: loops that fit a segment stay whole; loops that do not leave no tiny segment. */
class SegmentPlannerTest {
    private static final String STEP = "(local.set $a (i32.add (local.get $a) (i32.const 1)))\n";

    private static FunctionBody body(String instructions) {
        return Wat.parse("(module (func (param $n i32) (result i32) (local $a i32) (local $i i32)\n" + instructions
                + "(local.get $a)))").bodies().getFirst();
    }

    /** Ordinals of the loop instructions and of their ends, in the order the loops open. */
    private static List<int[]> loops(FunctionBody body) {
        List<int[]> loops = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        CodeReader reader = new CodeReader(body.code());
        for (int k = 0; reader.hasNext(); k++) {
            Opcode op = reader.next();
            switch (op) {
                case BLOCK, IF, TRY_TABLE -> open.add(-1);
                case LOOP -> open.add(k);
                case END -> {
                    if (open.isEmpty()) break;
                    int start = open.removeLast();
                    if (start >= 0) loops.add(new int[] {start, k});
                }
                default -> { }
            }
        }
        return loops;
    }

    /** How many cuts split the loop: they fall after its loop instruction, up to its end. */
    private static long cutsInside(int[] cuts, int[] loop) {
        return java.util.Arrays.stream(cuts).filter(cut -> cut > loop[0] && cut <= loop[1]).count();
    }

    private static String loop(int steps) {
        return "(local.set $i (i32.const 0)) (loop $l\n" + STEP.repeat(steps)
                + "(local.set $i (i32.add (local.get $i) (i32.const 1)))"
                + " (br_if $l (i32.lt_u (local.get $i) (local.get $n))))\n";
    }

    @Test
    void aLoopThatFitsIsNotCutWhereTheBudgetRunsOut() {
        // ~16 estimated bytes per step: the budget runs out in the middle of the loop
        FunctionBody body = body(STEP.repeat(40) + loop(40) + STEP.repeat(200));
        int[] loop = loops(body).getFirst();
        int[] cuts = SegmentPlanner.plan(body, 1200);
        assertThat(cuts).isNotEmpty();
        for (int cut : cuts) assertThat(cut <= loop[0] || cut > loop[1]).as("cut %d outside the loop", cut).isTrue();
        assertThat(cuts[0]).isLessThanOrEqualTo(loop[0]);
    }

    @Test
    void withoutLoopsTheCutsFollowTheBudget() {
        FunctionBody body = body(STEP.repeat(400));
        int[] cuts = SegmentPlanner.plan(body, 1200);
        // 4 instructions of 4-12 estimated bytes per step: ~50 steps per segment, so about 8 segments
        assertThat(cuts.length).isBetween(5, 12);
        for (int i = 1; i < cuts.length; i++) assertThat(cuts[i] - cuts[i - 1]).isGreaterThan(100);
    }

    @Test
    void aLoopTooLargeForOneSegmentLeavesNoTinySegmentBeforeIt() {
        // a few steps, then a loop far over the budget: cutting just before the loop would leave a tiny segment
        FunctionBody body = body(STEP.repeat(5) + loop(300));
        int[] cuts = SegmentPlanner.plan(body, 1200);
        assertThat(cuts).isNotEmpty();
        assertThat(cuts[0]).isGreaterThan(100);
    }

    @Test
    void inALoopTooLargeForOneSegmentItsInnerLoopsStayWhole() {
        StringBuilder outer = new StringBuilder("(block $out (loop $outer\n");
        for (int i = 0; i < 6; i++) outer.append(STEP.repeat(20)).append(loop(30));
        outer.append("(br_if $outer (i32.eqz (local.get $a)))))\n");
        FunctionBody body = body(outer.toString());
        List<int[]> loops = loops(body);
        int[] cuts = SegmentPlanner.plan(body, 1200);
        assertThat(cuts.length).isGreaterThan(2);
        for (int[] inner : loops.subList(0, loops.size() - 1)) {
            for (int cut : cuts) {
                assertThat(cut <= inner[0] || cut > inner[1]).as("cut %d outside inner loop %d", cut, inner[0]).isTrue();
            }
        }
    }

    @Test
    void aDeepBlockNestBeforeABrTableIsNotCutIntoEmptySegments() {
        // the shape of a big switch: thousands of blocks opened, one br_table, then each case ends a block
        // (the last case closes $join)
        int cases = 2000;
        StringBuilder wat = new StringBuilder("(block $join\n");
        for (int i = 0; i < cases; i++) wat.append("(block\n");
        wat.append("(br_table");
        for (int i = 0; i < cases; i++) wat.append(' ').append(i);
        wat.append(" (local.get $n)))\n");
        for (int i = 0; i < cases; i++) wat.append("(local.set $a (i32.const ").append(i).append(")) (br $join))\n");
        FunctionBody body = body(wat.toString());
        int brTable = -1;
        CodeReader reader = new CodeReader(body.code());
        for (int k = 0; reader.hasNext(); k++) if (reader.next() == Opcode.BR_TABLE) brTable = k;
        int[] cuts = SegmentPlanner.plan(body, 1200);
        assertThat(cuts).as("the cases do not fit one segment").isNotEmpty();
        // every cut falls among the cases: the blocks' openings and the br_table share the first segment
        assertThat(cuts[0]).isGreaterThan(brTable);
    }

    @Test
    void aLoopWithinTheStretchGetsASegmentOfItsOwn() {
        // ~24 estimated bytes per step: the loop weighs ~1.6 budgets
        FunctionBody body = body(STEP.repeat(40) + loop(80) + STEP.repeat(200));
        int[] loop = loops(body).getFirst();
        int[] bySize = SegmentPlanner.plan(body, 1200, false);
        assertThat(cutsInside(bySize, loop)).as("cuts by size inside the loop").isPositive();
        int[] cuts = SegmentPlanner.plan(body, 1200, true);
        assertThat(cuts).contains(loop[0], loop[1] + 1);
        assertThat(cutsInside(cuts, loop)).isZero();
    }

    @Test
    void aLoopBeyondTheStretchIsCutBySize() {
        FunctionBody body = body(STEP.repeat(40) + loop(200) + STEP.repeat(200));
        int[] loop = loops(body).getFirst();
        assertThat(cutsInside(SegmentPlanner.plan(body, 1200, true), loop)).isPositive();
    }

    @Test
    void aStretchedLoopKeepsItsInnerLoopsInItsSegment() {
        // an outer loop of ~1.5 budgets whose inner loops fit one budget each: no cut anywhere inside it
        StringBuilder outer = new StringBuilder("(block $out (loop $outer\n");
        for (int i = 0; i < 2; i++) outer.append(STEP.repeat(5)).append(loop(30));
        outer.append("(br_if $outer (i32.eqz (local.get $a)))))\n");
        FunctionBody body = body(STEP.repeat(60) + outer + STEP.repeat(200));
        int[] outerLoop = loops(body).getLast();
        int[] cuts = SegmentPlanner.plan(body, 1200, true);
        assertThat(cuts).contains(outerLoop[0], outerLoop[1] + 1);
        assertThat(cutsInside(cuts, outerLoop)).isZero();
    }
}
