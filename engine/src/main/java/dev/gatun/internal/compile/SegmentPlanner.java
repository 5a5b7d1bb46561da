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
 * common-exit store of each local a segment touches first), and for each position how many loops that fit
 * in one segment's budget are open there (a cut at that position would split them).
 *
 * <p>Segments are planned in order. From a segment's first instruction, instructions are added until the
 * estimate passes the budget; the cut then goes to the position in that window that splits the fewest
 * fitting loops, the latest such one. A loop that fits thus stays whole inside one segment, so its back edge
 * is a plain {@code goto} rather than an exit through the dispatcher; a loop too large for one segment is
 * split anyway, so cutting inside it costs nothing extra and its inner loops that fit are kept whole (a
 * plain lowest-loop-depth rule would instead cut just before such a loop, leaving a tiny segment, and then
 * cut it all the same). No cut lands inside a try_table or legacy try (their handlers cover one method): if
 * the whole window is inside one, the cut goes to the first position after it. Opening a {@code block}
 * weighs nothing (it emits no bytecode), so the thousands of blocks a big switch opens before its br_table
 * stay in one segment with the br_table (shootout-switch: a 4096-case nest had been cut into three empty
 * segments that every iteration passed through, median 685 -> 179 ms).
 *
 * <p>With {@code stretchLoops}, a loop over the budget but within {@link #LOOP_STRETCH} budgets gets a
 * segment of its own: it counts as fitting (the cut before it goes before its {@code loop} instruction), and
 * the segment starting there ends just after its {@code end} whatever the budget says. Its iterations then
 * cross no segment boundary at all, where a cut by size makes every iteration leave to the dispatcher and
 * come back, storing and reloading the live locals (intgemm-simd's func25: its inner loop of 257
 * instructions, estimated at ~1.5 budgets because a SIMD instruction weighs {@value #SIMD_COST}, was cut
 * into two segments with 26-30 live locals, 38-44 longs, at each cut; as one segment it is 3900 bytes, and
 * the module's median went 51.8 -> 48.9 ms, three alternating runs each). The measuring pass checks the
 * real size and plans again without stretching if the segment is too large (see {@link SplitFunctionEmitter});
 * in the scalar modules measured (bz2, pulldown-cmark, sqlite3) and blake3-simd no plan changed.
 *
 * <p>Two other ways to make a loop too large for any segment cheaper to cross did not pay (blake3-simd's func26:
 * one loop of 3300 instructions cut 10 times, 1065 frame loads and stores in its 11 segments). Cutting where
 * the fewest locals are live (v128s as 2 longs), within the last eighth of each window: the live weight is
 * nearly flat there (38-104 longs at the cuts, alike within a window), so the moves stayed 619/454 against
 * 621/444 (within three eighths: 13 segments, 689/501), while bz2's, pulldown-cmark's and sqlite3's plans
 * changed in 27-94 segments. Fewer, larger segments: 9 of up to 5797 bytes ran 11.7 ms against 10.6 in 11 of
 * up to 4956. Moving every local instead of the live ones (+23% moves) cost 11% (11.4 against 10.3 ms), so
 * the moves matter, but no cut placement found here made fewer of them.
 *
 * <p>The plan depends only on the body, the budget and {@code stretchLoops}, so the measuring and the real
 * pass cut alike.
 */
final class SegmentPlanner {
    /** Estimated bytes to load a local in a segment's prologue. */
    private static final int LOCAL_LOAD = 20;
    /** Estimated bytes to store a written local at a segment's common exit. */
    private static final int LOCAL_STORE = 10;
    /** How many budgets a loop may weigh and still get a segment of its own (with {@code stretchLoops}). */
    static final int LOOP_STRETCH = 2;

    private SegmentPlanner() {}

    /** The pre-pass: per instruction, its cost, the local it touches and whether a cut may precede it. */
    private static final class Body {
        final List<Integer> costs = new ArrayList<>();
        final List<Integer> locals = new ArrayList<>();
        final BitSet writes = new BitSet();
        final BitSet cuttable = new BitSet();
        /** Per instruction: how many loops that fit one segment are open before it (a cut there splits them). */
        int[] fittingLoops;
        /** Per loop instruction of a stretched loop (over the budget, given its own segment): its end + 1; else 0. */
        int[] ownSegmentEnd;

        int size() {
            return costs.size();
        }
    }

    /**
     * Instruction ordinals (0 = the body's first instruction) before which a segment ends, ascending; empty if
     * the whole body fits one segment.
     */
    static int[] plan(FunctionBody body, int budget) {
        return plan(body, budget, false);
    }

    /**
     * As {@link #plan(FunctionBody, int)}; with {@code stretchLoops}, loops of up to {@link #LOOP_STRETCH}
     * budgets get a segment of their own.
     */
    static int[] plan(FunctionBody body, int budget, boolean stretchLoops) {
        Body b = scan(body, budget, stretchLoops);
        List<Integer> cuts = new ArrayList<>();
        int start = 0;
        while (true) {
            int limit = windowEnd(b, start, b.size(), budget);
            if (limit < 0) break;
            int own = b.ownSegmentEnd[start];
            // a stretched loop starting this segment ends it, past the budget
            int cut = own > limit ? own : leastLoopsSplit(b, start, limit);
            if (cut < 0) cut = b.cuttable.nextSetBit(limit);
            if (cut < 0) break;
            cuts.add(cut);
            start = cut;
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The first position in {@code (start, end)} where the estimate of the instructions from {@code start}
     * has passed the budget; -1 if none.
     */
    private static int windowEnd(Body b, int start, int end, int budget) {
        long estimate = 0;
        BitSet used = new BitSet();
        BitSet written = new BitSet();
        for (int k = start; k < end; k++) {
            if (k > start && estimate > budget) return k;
            estimate += b.costs.get(k);
            int local = b.locals.get(k);
            if (local >= 0) {
                if (!used.get(local)) {
                    used.set(local);
                    estimate += LOCAL_LOAD;
                }
                if (b.writes.get(k) && !written.get(local)) {
                    written.set(local);
                    estimate += LOCAL_STORE;
                }
            }
        }
        return -1;
    }

    /** In {@code (start, limit]}: the latest cuttable position splitting the fewest fitting loops, or -1. */
    private static int leastLoopsSplit(Body b, int start, int limit) {
        int best = -1;
        for (int k = limit; k > start; k--) {
            if (b.cuttable.get(k) && (best < 0 || b.fittingLoops[k] < b.fittingLoops[best])) best = k;
        }
        return best;
    }

    private static Body scan(FunctionBody body, int budget, boolean stretchLoops) {
        Body b = new Body();
        // per open block: the ordinal of its loop instruction (-1 for other blocks), whether it is a try
        List<Integer> open = new ArrayList<>();
        BitSet tries = new BitSet();
        int tryDepth = 0;
        List<int[]> loops = new ArrayList<>(); // {ordinal of loop, ordinal of its end}
        CodeReader reader = new CodeReader(body.code());
        while (reader.hasNext()) {
            Opcode op = reader.next();
            int k = b.size();
            boolean local = op == Opcode.LOCAL_GET || op == Opcode.LOCAL_SET || op == Opcode.LOCAL_TEE;
            b.costs.add(cost(op));
            b.locals.add(local ? reader.index : -1);
            if (local && op != Opcode.LOCAL_GET) b.writes.set(k);
            if (tryDepth == 0) b.cuttable.set(k);
            switch (op) {
                case BLOCK, IF, LOOP, TRY, TRY_TABLE -> {
                    boolean isTry = op == Opcode.TRY || op == Opcode.TRY_TABLE;
                    tries.set(open.size(), isTry);
                    open.add(op == Opcode.LOOP ? k : -1);
                    if (isTry) tryDepth++;
                }
                case END, DELEGATE -> {
                    if (open.isEmpty()) break; // the function's end
                    int loopStart = open.removeLast();
                    if (tries.get(open.size())) tryDepth--;
                    if (loopStart >= 0) loops.add(new int[] {loopStart, k});
                }
                default -> { }
            }
        }
        b.fittingLoops = new int[b.size() + 1];
        b.ownSegmentEnd = new int[b.size() + 1];
        for (int[] loop : loops) {
            if (windowEnd(b, loop[0], loop[1] + 1, budget) >= 0) {
                // a loop that does not fit is split anyway: cutting inside it costs nothing extra
                if (!stretchLoops || !stretchable(b, loop, budget)) continue;
                b.ownSegmentEnd[loop[0]] = loop[1] + 1;
            }
            // a cut before any instruction after the loop's own, up to its end, splits the loop
            for (int k = loop[0] + 1; k <= loop[1]; k++) b.fittingLoops[k]++;
        }
        // an outer stretched loop's segment holds its inner ones: they must not end it early
        for (int k = 0; k < b.size(); k++) {
            int end = b.ownSegmentEnd[k];
            for (int j = k + 1; end > 0 && j < end; j++) b.ownSegmentEnd[j] = 0;
            if (end > 0) k = end - 1;
        }
        return b;
    }

    /** Whether a loop over the budget may have a segment of its own: within the stretch, cuttable around. */
    private static boolean stretchable(Body b, int[] loop, int budget) {
        return b.cuttable.get(loop[0]) && b.cuttable.get(loop[1] + 1)
                && windowEnd(b, loop[0], loop[1] + 1, budget * LOOP_STRETCH) < 0;
    }

    /**
     * A SIMD instruction's weight: C2 inlines the helpers behind it, and on segments of ~6000 bytes of SIMD
     * code it spends seconds per method (with V128 objects, libsodium-pwhash_argon2i did not finish in 3
     * minutes), so much of a run executes C1 code. At this weight blake3-simd's segments were ~2500 bytes
     * (~6000 at 80), and its median over 10 runs after 3 warm-ups was 19-38 ms in five runs against
     * 64-170 ms at 80; intgemm-simd's multiply kernel (multiplies, saturating adds, extends, bitselects)
     * runs 4-6% slower in bigger segments.
     */
    private static final int SIMD_COST = 240;
    /**
     * The weight of {@link #isLaneArithmetic lane arithmetic}: on long halves each is ~25 bytes of local loads and
     * stores around a one-line V128Halves helper or a shift and mask, which C1 compiles in segments of up to
     * {@link C1SegmentSize#ARITHMETIC_LIMIT} bytes. At {@link #SIMD_COST} blake3-simd's func26 (i32x4 add,
     * xor, or, shifts: its rounds) was cut into 20 segments of ~2500 bytes, all crossed by its hot loop on
     * every iteration; at this weight into 11 of ~4700, median -9% (11.6 against 12.9 ms).
     */
    private static final int LANE_ARITHMETIC_COST = 60;

    /** i32x4 add, sub and shifts and the bitwise v128 ops: a few long operations per half. */
    static boolean isLaneArithmetic(Opcode op) {
        return switch (op) {
            case I32X4_ADD, I32X4_SUB, I32X4_SHL, I32X4_SHR_S, I32X4_SHR_U,
                    V128_NOT, V128_AND, V128_ANDNOT, V128_OR, V128_XOR -> true;
            default -> false;
        };
    }

    /** A rough bytecode size of one instruction; the measuring pass corrects the budget if it is low. */
    static int cost(Opcode op) {
        if (op.prefix == Opcode.PREFIX_SIMD) return isLaneArithmetic(op) ? LANE_ARITHMETIC_COST : SIMD_COST;
        return switch (op) {
            // opening a block emits no bytecode; weighing it would cut a deep block nest (a br_table's
            // thousands of cases) into empty segments that every pass through it crosses
            case BLOCK -> 0;
            case CALL, CALL_INDIRECT, CALL_REF -> 40;
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE, I32_CONST, DROP, NOP -> 4;
            default -> 12;
        };
    }
}
