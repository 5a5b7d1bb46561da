package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Where {@link SplitFunctionEmitter} cuts a function body into segments, planned before emission from a
 * pre-pass over the body: each instruction's estimated bytecode size (its own, plus the prologue load and
 * common-exit store of each local a segment touches first) and the loop nesting before it.
 *
 * <p>Segments are planned in order. From a segment's first instruction, instructions are added until the
 * estimate passes the budget; the cut then goes to the position in that window with the lowest loop depth,
 * the latest such one. A loop that fits in the budget thus stays whole inside one segment, so its back edge
 * is a plain {@code goto} rather than an exit through the dispatcher; a loop that does not fit is cut between
 * its inner loops. No cut lands inside a try_table or legacy try (their handlers cover one method): if the
 * whole window is inside one, the cut goes to the first position after it.
 *
 * <p>The plan depends only on the body and the budget, so the measuring and the real pass cut alike.
 */
final class SegmentPlanner {
    /** Estimated bytes to load a local in a segment's prologue. */
    private static final int LOCAL_LOAD = 20;
    /** Estimated bytes to store a written local at a segment's common exit. */
    private static final int LOCAL_STORE = 10;

    private SegmentPlanner() {}

    /** One instruction of the pre-pass. */
    private record Step(int cost, int local, boolean writesLocal, int loopDepth, boolean cuttable) {}

    /**
     * Instruction ordinals (0 = the body's first instruction) before which a segment ends, ascending; empty if
     * the whole body fits one segment.
     */
    static int[] plan(FunctionBody body, int budget) {
        List<Step> steps = scan(body);
        List<Integer> cuts = new ArrayList<>();
        int start = 0;
        while (true) {
            int limit = windowEnd(steps, start, budget);
            if (limit < 0) break;
            int cut = lowestLoopDepth(steps, start, limit);
            if (cut < 0) cut = firstCuttable(steps, limit);
            if (cut < 0) break;
            cuts.add(cut);
            start = cut;
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first position after {@code start} where the segment's estimate has passed the budget; -1 if none. */
    private static int windowEnd(List<Step> steps, int start, int budget) {
        BitSet used = new BitSet();
        BitSet written = new BitSet();
        long estimate = 0;
        for (int k = start; k < steps.size(); k++) {
            if (k > start && estimate > budget) return k;
            Step s = steps.get(k);
            estimate += s.cost;
            if (s.local >= 0) {
                if (!used.get(s.local)) {
                    used.set(s.local);
                    estimate += LOCAL_LOAD;
                }
                if (s.writesLocal && !written.get(s.local)) {
                    written.set(s.local);
                    estimate += LOCAL_STORE;
                }
            }
        }
        return -1;
    }

    /** In {@code (start, limit]}: the latest cuttable position of the lowest loop depth, or -1. */
    private static int lowestLoopDepth(List<Step> steps, int start, int limit) {
        int best = -1;
        for (int k = limit; k > start; k--) {
            Step s = steps.get(k);
            if (s.cuttable && (best < 0 || s.loopDepth < steps.get(best).loopDepth)) best = k;
        }
        return best;
    }

    private static int firstCuttable(List<Step> steps, int from) {
        for (int k = from; k < steps.size(); k++) if (steps.get(k).cuttable) return k;
        return -1;
    }

    /** Per instruction: cost, local touched, and the loop depth and try nesting before it. */
    private static List<Step> scan(FunctionBody body) {
        List<Step> steps = new ArrayList<>();
        // per open block: whether it is a loop / a try (the function's own block is not on this stack)
        BitSet loops = new BitSet();
        BitSet tries = new BitSet();
        int depth = 0;
        int loopDepth = 0;
        int tryDepth = 0;
        CodeReader reader = new CodeReader(body.code());
        while (reader.hasNext()) {
            Opcode op = reader.next();
            boolean local = op == Opcode.LOCAL_GET || op == Opcode.LOCAL_SET || op == Opcode.LOCAL_TEE;
            steps.add(new Step(cost(op), local ? reader.index : -1, local && op != Opcode.LOCAL_GET, loopDepth,
                    tryDepth == 0));
            switch (op) {
                case BLOCK, IF, LOOP, TRY, TRY_TABLE -> {
                    boolean loop = op == Opcode.LOOP;
                    boolean isTry = op == Opcode.TRY || op == Opcode.TRY_TABLE;
                    loops.set(depth, loop);
                    tries.set(depth, isTry);
                    depth++;
                    if (loop) loopDepth++;
                    if (isTry) tryDepth++;
                }
                case END, DELEGATE -> {
                    if (depth == 0) break; // the function's end
                    depth--;
                    if (loops.get(depth)) loopDepth--;
                    if (tries.get(depth)) tryDepth--;
                }
                default -> { }
            }
        }
        return steps;
    }

    /** A rough bytecode size of one instruction; the measuring pass corrects the budget if it is low. */
    static int cost(Opcode op) {
        return switch (op) {
            case CALL, CALL_INDIRECT, CALL_REF -> 40;
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE, I32_CONST, DROP, NOP -> 4;
            default -> 12;
        };
    }
}
