package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which locals are <em>live</em> (may be read before being written) at the points where
 * {@link SplitFunctionEmitter} enters a segment: segment starts, loop headers, block ends and else arms. A
 * segment exit then stores only the written locals live where it goes, and a prologue loads only the locals
 * live at its entries; a local dead at a target is overwritten before any read on every path from there, so
 * its stale frame value is never seen.
 *
 * <p>A backward dataflow over the structured body: a branch's live set is its label's (a block's or if's:
 * live after its end; a loop's: live at its header), {@code local.get} adds a local, {@code local.set/tee}
 * removes it, returns, throws and {@code unreachable} leave nothing live. A loop's header set starts from
 * its last value (empty at first) and the body is walked again until the set stops growing. Points are
 * named by the byte offset of their instruction in the code array ({@link CodeReader#instructionOffset}).
 *
 * <p>Not analysed ({@link #analyse} returns null, so every local counts as live): bodies with exception
 * handling (a throw may reach a handler from anywhere in a protected range), and bodies whose analysis would
 * take too much memory or time.
 */
final class LocalLiveness {
    /** Cap on the BitSet words kept (block ends + recorded points, times words per set). */
    private static final long MAX_WORDS = 4_000_000;
    /** Cap on instructions walked, as a multiple of the body's length (loops walked again). */
    private static final int MAX_WALKS = 64;

    private final Map<Integer, BitSet> before = new HashMap<>();
    private final Map<Integer, BitSet> afterEnd = new HashMap<>();
    private final Map<Integer, BitSet> elseArm = new HashMap<>();
    private final Map<Integer, BitSet> loopHeader = new HashMap<>();
    private final BitSet atStart;

    private LocalLiveness(BitSet atStart) {
        this.atStart = atStart;
    }

    /** Live locals before the function's first instruction. */
    BitSet atStart() {
        return atStart;
    }

    /** Live locals before the instruction at {@code offset}, or null if that point was not recorded. */
    BitSet before(int offset) {
        return before.get(offset);
    }

    /** Live locals just after the end of the block, if or loop whose instruction is at {@code offset}. */
    BitSet afterEnd(int offset) {
        return afterEnd.get(offset);
    }

    /** Live locals at the start of the else arm of the if at {@code offset} (its end if it has no else). */
    BitSet elseArm(int offset) {
        return elseArm.get(offset);
    }

    /** Live locals at the header of the loop at {@code offset}. */
    BitSet loopHeader(int offset) {
        return loopHeader.get(offset);
    }

    /** One decoded instruction: what the dataflow needs of it. */
    private record Insn(Opcode op, int offset, int index, int[] targets, int match) {}

    /**
     * The analysis of {@code body} with {@code localCount} locals, recording the live set before the
     * instructions whose ordinals (0 = first) are in {@code recordAt}; null when not analysed.
     */
    static LocalLiveness analyse(FunctionBody body, int localCount, int[] recordAt) {
        List<Insn> insns = decode(body);
        if (insns == null) return null;
        int words = localCount / 64 + 1;
        int blocks = 0;
        for (Insn i : insns) if (i.op.immediate == Opcode.Immediate.BLOCK) blocks++;
        if ((long) (blocks * 3L + recordAt.length * 2L + 1) * words > MAX_WORDS) return null;
        BitSet record = new BitSet();
        for (int k : recordAt) {
            // a fused comparison + br_if/if may pass a planned cut by one instruction
            record.set(k);
            record.set(k + 1);
        }
        return new Walk(insns, record).run();
    }

    /** Decodes the body with each block/loop/if linked to its else and end; null if it handles exceptions. */
    private static List<Insn> decode(FunctionBody body) {
        List<Insn> insns = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        CodeReader reader = new CodeReader(body.code());
        while (reader.hasNext()) {
            Opcode op = reader.next();
            switch (op) {
                case TRY, TRY_TABLE, CATCH, CATCH_ALL, DELEGATE, THROW_REF, RETHROW -> {
                    return null;
                }
                default -> { }
            }
            int k = insns.size();
            int[] targets = null;
            int match = -1;
            if (op == Opcode.BR_TABLE) {
                targets = new int[reader.targetCount + 1];
                System.arraycopy(reader.targets, 0, targets, 0, reader.targetCount);
                targets[reader.targetCount] = reader.index;
            }
            if (op.immediate == Opcode.Immediate.BLOCK) {
                open.add(k);
            } else if (op == Opcode.ELSE) {
                match = open.getLast(); // the if
            } else if (op == Opcode.END && !open.isEmpty()) {
                match = open.removeLast(); // the opening instruction
            }
            insns.add(new Insn(op, reader.instructionOffset, reader.index, targets, match));
        }
        return insns;
    }

    /** The backward walk over the decoded body. */
    private static final class Walk {
        private final List<Insn> insns;
        private final BitSet record;
        /** Per opening instruction: its end's index and (ifs) its else's index. */
        private final int[] endOf;
        private final int[] elseOf;
        private final LocalLiveness result;
        /** The label sets of the enclosing constructs, innermost last (index 0: the function, nothing live). */
        private final List<BitSet> labels = new ArrayList<>();
        /** Per open construct, innermost last: the live set after its end (to restart a loop's walk). */
        private final List<BitSet> afterEnds = new ArrayList<>();
        /** Per open if, innermost last: the live set at its else arm's start. */
        private final Map<Integer, BitSet> elseStarts = new HashMap<>();
        private final Map<Integer, BitSet> headers = new HashMap<>();

        Walk(List<Insn> insns, BitSet record) {
            this.insns = insns;
            this.record = record;
            endOf = new int[insns.size()];
            elseOf = new int[insns.size()];
            java.util.Arrays.fill(elseOf, -1);
            for (int k = 0; k < insns.size(); k++) {
                Insn i = insns.get(k);
                if (i.op == Opcode.END && i.match >= 0) endOf[i.match] = k;
                if (i.op == Opcode.ELSE) elseOf[i.match] = k;
            }
            result = new LocalLiveness(new BitSet());
        }

        LocalLiveness run() {
            labels.add(new BitSet()); // the function's label: a branch to it returns
            BitSet live = new BitSet();
            long budget = (long) MAX_WALKS * insns.size() + 1000;
            int k = insns.size() - 1; // the function's own end: nothing live after it
            if (k < 0) return result;
            k--;
            while (k >= 0) {
                if (--budget < 0) return null;
                Insn i = insns.get(k);
                switch (i.op) {
                    case LOCAL_GET -> live.set(i.index);
                    case LOCAL_SET, LOCAL_TEE -> live.clear(i.index);
                    case BR -> live = (BitSet) label(i.index).clone();
                    case BR_IF, BR_ON_NULL, BR_ON_NON_NULL, BR_ON_CAST, BR_ON_CAST_FAIL -> live.or(label(i.index));
                    case BR_TABLE -> {
                        live = new BitSet();
                        for (int depth : i.targets) live.or(label(depth));
                    }
                    case RETURN, UNREACHABLE, THROW, RETURN_CALL, RETURN_CALL_INDIRECT, RETURN_CALL_REF ->
                            live = new BitSet();
                    case END -> {
                        Insn opening = insns.get(i.match);
                        BitSet after = (BitSet) live.clone();
                        afterEnds.add(after);
                        result.afterEnd.put(opening.offset, after);
                        if (opening.op == Opcode.LOOP) {
                            labels.add(headers.computeIfAbsent(i.match, m -> new BitSet()));
                        } else {
                            labels.add(after);
                            if (opening.op == Opcode.IF && elseOf[i.match] < 0) {
                                result.elseArm.put(opening.offset, after);
                                elseStarts.put(i.match, after);
                            }
                        }
                    }
                    case ELSE -> {
                        // walking back out of the else arm into the then arm, which ends at the if's end
                        BitSet elseStart = (BitSet) live.clone();
                        elseStarts.put(i.match, elseStart);
                        result.elseArm.put(insns.get(i.match).offset, elseStart);
                        live = (BitSet) afterEnds.getLast().clone();
                    }
                    case BLOCK -> close();
                    case IF -> {
                        live.or(elseStarts.remove(k));
                        close();
                    }
                    case LOOP -> {
                        BitSet header = headers.get(k);
                        if (!isSubset(live, header)) {
                            // the header set grew: walk the body again from the end with it
                            header.or(live);
                            live = (BitSet) afterEnds.getLast().clone();
                            k = endOf[k] - 1;
                            continue;
                        }
                        result.loopHeader.put(i.offset, (BitSet) header.clone());
                        live = (BitSet) header.clone();
                        close();
                    }
                    default -> { }
                }
                if (record.get(k)) result.before.put(i.offset, (BitSet) live.clone());
                k--;
            }
            result.atStart.or(live);
            return result;
        }

        private void close() {
            labels.removeLast();
            afterEnds.removeLast();
        }

        private BitSet label(int depth) {
            return labels.get(labels.size() - 1 - depth);
        }

        private static boolean isSubset(BitSet a, BitSet b) {
            BitSet extra = (BitSet) a.clone();
            extra.andNot(b);
            return extra.isEmpty();
        }
    }
}
