package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the loops of a function body that need no interrupt check of their own because they run a small,
 * statically known number of iterations: a counted loop of the form compilers emit for {@code for (k = X; k != K;
 * k += c)},
 * <pre>
 *   i32.const X  local.set $k
 *   loop                                       ;; the only branch to the loop is its last instruction
 *     ...                                      ;; no call, no try, no other write of $k
 *     local.get $k  i32.const c  i32.add  local.tee $k  i32.const K  i32.ne (or lt_s, ...)  br_if 0
 *   end
 * </pre>
 * whose iterations, times the iterations of the loops nested in it (which must be bounded too), are at most
 * {@link #MAX_ITERATIONS}. Such a loop ends, and takes the time of that many passes over its body between the
 * checks around it, so the enclosing loop's check (or the function's caller's) still polls at a bounded interval.
 * Without the countdown in it, the loop keeps the single back-edge of its exit test, which C2 turns into a counted
 * loop it can unroll and strip of range checks (shootout-matrix's 10-iteration inner loops); a countdown
 * there made the countdown test the loop's latch instead.
 */
final class BoundedLoops {
    /** Loop iterations (counting nested loops' iterations) a loop may run between two checks outside it. */
    static final int MAX_ITERATIONS = 1024;
    private static final int LATCH_LENGTH = 7;

    private BoundedLoops() {}

    /** The offsets (as {@link CodeReader#instructionOffset}) of the {@code loop} instructions that are bounded. */
    static Set<Integer> find(byte[] code, int position, int limit) {
        Set<Integer> bounded = new HashSet<>();
        ArrayDeque<Block> open = new ArrayDeque<>(); // innermost first
        List<Insn> recent = new ArrayList<>();
        CodeReader reader = new CodeReader(code, position, limit);
        while (reader.hasNext()) {
            Opcode op = reader.next();
            Insn insn = new Insn(op, reader.index, reader.longValue);
            switch (op) {
                case BLOCK, IF -> open.push(new Block(false, reader.instructionOffset, -1, 0));
                case TRY, TRY_TABLE -> {
                    open.forEach(Block::disqualify); // catch clauses may branch anywhere
                    open.push(new Block(false, reader.instructionOffset, -1, 0));
                }
                case LOOP -> {
                    int size = recent.size();
                    boolean constantInit = size >= 2 && recent.get(size - 2).op == Opcode.I32_CONST
                            && recent.get(size - 1).op == Opcode.LOCAL_SET;
                    open.push(constantInit
                            ? new Block(true, reader.instructionOffset, recent.get(size - 1).index,
                                    (int) recent.get(size - 2).value)
                            : new Block(true, reader.instructionOffset, -1, 0));
                    if (!constantInit) open.peek().disqualify();
                }
                case END, DELEGATE -> { // delegate ends a try
                    if (open.isEmpty()) break; // the function's end
                    Block closed = open.pop();
                    if (closed.loop) {
                        long work = closed.qualifies() ? iterations(closed, recent) * (1 + closed.nestedWork) : -1;
                        if (work > 0 && work <= MAX_ITERATIONS) {
                            bounded.add(closed.offset);
                            if (!open.isEmpty()) open.peek().nestedWork += work;
                        } else {
                            open.forEach(Block::disqualify); // an unbounded loop inside: the outer ones poll
                        }
                    }
                }
                case BR, BR_IF, BR_ON_NULL, BR_ON_NON_NULL, BR_ON_CAST, BR_ON_CAST_FAIL -> branch(open, reader.index);
                case BR_TABLE -> {
                    for (int i = 0; i < reader.targetCount; i++) branch(open, reader.targets[i]);
                    branch(open, reader.index);
                }
                case LOCAL_SET, LOCAL_TEE -> {
                    for (Block b : open) if (b.counter == reader.index) b.counterWrites++;
                }
                default -> {
                    if (op.prefix == 0 && op.code >= 0x10 && op.code <= 0x15) open.forEach(Block::disqualify);
                }
            }
            recent.add(insn);
            if (recent.size() > LATCH_LENGTH + 1) recent.remove(0);
        }
        return bounded;
    }

    private static void branch(ArrayDeque<Block> open, int depth) {
        int i = 0;
        for (Block b : open) {
            if (i++ == depth) {
                if (b.loop) b.branches++;
                return;
            }
        }
    }

    /**
     * The loop's iterations when the instructions before its {@code end} are the counted latch (the one branch
     * to the loop, the one write of the counter); 0 when they are not, or it runs more than
     * {@link #MAX_ITERATIONS} times.
     */
    private static long iterations(Block loop, List<Insn> recent) {
        // recent ends just before the loop's end: the latch is its last LATCH_LENGTH instructions
        if (recent.size() < LATCH_LENGTH) return 0;
        List<Insn> latch = recent.subList(recent.size() - LATCH_LENGTH, recent.size());
        if (latch.get(0).op != Opcode.LOCAL_GET || latch.get(0).index != loop.counter
                || latch.get(1).op != Opcode.I32_CONST || latch.get(2).op != Opcode.I32_ADD
                || latch.get(3).op != Opcode.LOCAL_TEE || latch.get(3).index != loop.counter
                || latch.get(4).op != Opcode.I32_CONST
                || latch.get(6).op != Opcode.BR_IF || latch.get(6).index != 0) {
            return 0;
        }
        int step = (int) latch.get(1).value;
        int end = (int) latch.get(4).value;
        Opcode compare = latch.get(5).op;
        int k = loop.initial;
        for (int n = 1; n <= MAX_ITERATIONS; n++) {
            k += step;
            Boolean again = continues(compare, k, end);
            if (again == null) return 0;
            if (!again) return n;
        }
        return 0;
    }

    /** Whether {@code k compare end} holds (the latch branches back); null for a compare that is not a latch's. */
    private static Boolean continues(Opcode compare, int k, int end) {
        return switch (compare) {
            case I32_NE -> k != end;
            case I32_LT_S -> k < end;
            case I32_LT_U -> Integer.compareUnsigned(k, end) < 0;
            case I32_LE_S -> k <= end;
            case I32_LE_U -> Integer.compareUnsigned(k, end) <= 0;
            case I32_GT_S -> k > end;
            case I32_GT_U -> Integer.compareUnsigned(k, end) > 0;
            case I32_GE_S -> k >= end;
            case I32_GE_U -> Integer.compareUnsigned(k, end) >= 0;
            default -> null;
        };
    }

    private record Insn(Opcode op, int index, long value) {}

    /** An open block; for a loop, what its body did so far. */
    private static final class Block {
        final boolean loop;
        final int offset;
        /** The local set to a constant just before the loop (-1: none). */
        final int counter;
        final int initial;
        boolean disqualified;
        int branches;
        int counterWrites;
        long nestedWork;

        Block(boolean loop, int offset, int counter, int initial) {
            this.loop = loop;
            this.offset = offset;
            this.counter = counter;
            this.initial = initial;
        }

        void disqualify() {
            disqualified = true;
        }

        boolean qualifies() {
            return !disqualified && branches == 1 && counterWrites == 1;
        }
    }
}
