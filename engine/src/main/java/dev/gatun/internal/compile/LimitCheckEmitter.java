package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Emits the guest-stopping checks of one method (a function, or one segment of a split function). Every
 * function entry starts with the call-depth test on the depth parameter (see {@link JvmTypes}), a register
 * compare with no memory access:
 * <pre>
 *   if (depth &lt;= 0) throw InstanceContext.callStackExhausted();
 *   depth--;          // from here on the slot holds what this function's calls pass
 * </pre>
 * Then one of two shapes, chosen per module when it is compiled:
 * <ul>
 *   <li>Without fuel: at the entry of functions that may make two or more calls in one run, a poll of the
 *       interrupt flag ({@code ctx.pollLimits()}: a volatile field load and a compare; a function without loops
 *       that makes at most one call runs a bounded number of instructions before that call or its end, so it
 *       needs no check of its own: {@link #pollsAtEntry}). Loop
 *       back-edges count down a JVM local and poll only when it runs out; the check sits where the loop's
 *       back-edges jump, and entering the loop jumps over it ({@link #emitLoopEntry}):
 *       <pre>
 *   entry:        countdown = ctx.pollCountdown
 *   loop:         goto body
 *   back-edges:   if (--countdown &gt; 0) goto body                           // hot back-edge
 *                 countdown = ctx.pollAfterCountdown()                      // poll, POLL_INTERVAL; cold back-edge
 *   body:         ...   (br/br_if/br_table to the loop, catch clauses, other segments: goto back-edges)
 *   calls:        ctx.pollCountdown = countdown; call; countdown = ctx.pollCountdown
 *   returns:      ctx.pollCountdown = countdown
 *       </pre>
 *       so the opaque load of the flag (which C2 orders like a barrier: it blocks the scheduling of other
 *       memory accesses around it) runs once per {@code InstanceContext.POLL_INTERVAL} back-edges, on a
 *       cold branch, and the loop-carried countdown can never be hoisted. The loop head thus has two
 *       back-edges, one hot, one cold; C2 splits the cold one off into an outer loop
 *       ({@code IdealLoopTree::split_outer_loop}), leaving an inner loop without the call. With the poll
 *       rejoining the body inside the loop instead (the header shape
 *       {@code if (--countdown <= 0) countdown = ctx.pollAfterCountdown()}), the call stayed in the loop:
 *       shootout-sieve ran 1.36-1.8x its time without checks, 0.75-1.05x with this shape (thread CPU time,
 *       checks and unchecked alternating in one JVM, one JVM per shape, six runs each); JMH memoryHeavy
 *       1447 to 583 us (off-heap 1385 to 767 us); loop_mix +2.8% to -0.9% against checks compiled out.
 *       Not better everywhere: shootout-matrix is 1.31-1.44x with this shape in every run, while the header
 *       shape was bimodal (1.37-1.50x, or 0.77-0.81x in half the runs); quicksort, rust-compression,
 *       pulldown-cmark, hashset, regex within the noise. Tried and dropped: the check at the loop header
 *       with the poll as the cold back-edge (matrix 1.69x). Passing the countdown through
 *       {@code ctx} across calls makes it count the back-edges of the whole call stack, so a loop whose
 *       callees run short loops of their own still polls every interval. Only functions with loops keep it.
 *       Loops with a small constant trip count ({@link BoundedLoops}: a counted latch from a constant, at most
 *       {@code BoundedLoops.MAX_ITERATIONS} iterations counting nested loops, no calls) get no check at all: they
 *       end on their own, and the loop around them (or the caller) polls. Such a loop is then what it is without
 *       checks: one exit test as its only back-edge and no other exit, a constant trip count C2 can
 *       unroll. With the countdown, its {@code ifgt} was the latch and the exit test a side exit.
 *       shootout-matrix (10 x 10 iterations in a 300000-iteration loop) went from 1.25-1.29x its time
 *       without checks to 1.05-1.06x (thread CPU time, three alternating JVMs each). The header check with
 *       the cold back-edge (dropped above) measured 1.9x again: the exit test as latch is not enough while
 *       the countdown's side exit stays.</li>
 *   <li>With fuel: the fuel left lives in a JVM local. The entry charges the first basic block from
 *       {@code ctx.budget}; every other basic block (the instruction after each block-ending instruction,
 *       {@link #endsBlock}) charges its instruction count locally:
 *       {@code fuel = ctx.chargeFuel(fuel, n)} (a subtraction and a sign test once inlined; traps
 *       when negative). {@code n} counts the instructions up to and including the next block-ending one, so
 *       every executed instruction costs exactly 1; only a trap, or an exception thrown by a callee, leaving a
 *       block midway makes the charge exceed what ran. Calls do not end a block: the rest of the block is
 *       charged before the call, the callee charges its own. The local goes back to {@code ctx.budget}
 *       before calls (reloaded after them), at returns and before throws; catch handlers reload it. One
 *       exception handler covering the body except the call sites (whose callees keep {@code ctx.budget}
 *       right themselves) stores it on every other exceptional exit ({@code ctx.storeFuelOnUnwind(fuel)})
 *       and rethrows: nothing on the normal path. Loop headers poll without a countdown of their own: they
 *       compare the fuel with a poll mark, a local set to the last multiple of
 *       {@code InstanceContext.FUEL_POLL_INTERVAL} below the fuel,
 *       <pre>
 *   loop header:  fuel = ctx.chargeFuel(fuel, n); if (fuel &lt; mark) mark = ctx.pollAtFuelMark(fuel)
 *       </pre>
 *       so the header costs what any block costs plus one compare; fuel used by callees counts too, as the
 *       caller's mark stays while its fuel falls. After a call, a zeroed {@code ctx.pollCountdown} (what
 *       {@code interrupt()} does) sets the mark to {@code Long.MAX_VALUE}, so a host function that interrupts
 *       its caller stops it at the next loop header as without fuel. Function entries poll as without fuel.</li>
 * </ul>
 * A split function ({@link SplitFunctionEmitter}) takes the same locals from {@code ctx} in each segment's
 * prologue and puts them back at its common exit; a loop crossing segments re-enters its header's segment
 * on every iteration, so with fuel the mark starts at {@code Long.MAX_VALUE} there (the first loop header of
 * a segment entry polls), and without fuel the countdown carries on through {@code ctx}. The split
 * function's outer method charges the first block from {@code ctx} ({@link #emitOuterEntry}).
 *
 * <p>Measured on LimitChecksBenchmark's loop kernel ({@code loop_mix}, 1M iterations; thread CPU time per
 * call, the three settings round-robin in one JVM, since wall time on the shared machine was too noisy),
 * against checks compiled out: a poll at every header +4%, the countdown +3.5% at an interval of 1024 or
 * 65536 back-edges but +10% at 1 or 16 ({@code InstanceContext.POLL_INTERVAL} is 1024: a
 * {@code (loop (br 0))} still polls about every microsecond); fuel +23% with {@code ctx.budget} charged per
 * block, +14% with the local. Tried and dropped: the entry's opaque load replaced by a decrement of
 * {@code ctx.pollCountdown} (plain fields) made fib(25) with a deadline 10% faster but shootout-matrix 65% and
 * shootout-sieve 30% slower (thread CPU time, alternating runs), back to where per-header polls had them. {@code InstanceContext.FUEL_POLL_INTERVAL} (16384 instructions) only bounds the
 * time between polls: the mark test costs the same at any interval.
 */
public final class LimitCheckEmitter {
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(CD_void);
    private static final MethodTypeDesc CHARGE_BUDGET = MethodTypeDesc.of(CD_void, CD_int);
    private static final MethodTypeDesc CHARGE_LOCAL = MethodTypeDesc.of(CD_long, CD_long, CD_int);
    private static final MethodTypeDesc POLL_AT_MARK = MethodTypeDesc.of(CD_long, CD_long);
    private static final MethodTypeDesc STORE_ON_UNWIND = MethodTypeDesc.of(CD_void, CD_long);
    private static final MethodTypeDesc NEXT_COUNTDOWN = MethodTypeDesc.of(CD_int);
    private static final MethodTypeDesc EXHAUSTED =
            MethodTypeDesc.of(JvmTypes.desc(dev.gatun.CallStackExhaustedTrap.class));

    /** The JVM slots a function keeps its limit state in (shared by all segments of a split one); -1 if none. */
    record Slots(int fuel, int fuelMark, int countdown, Set<Integer> boundedLoops) {
        static final Slots NONE = new Slots(-1, -1, -1, Set.of());

        static Slots allocate(CompilationUnit unit, FunctionBody body, FunctionEmitter fn) {
            if (!unit.limitChecks) return NONE;
            boolean loops = containsLoop(body);
            if (unit.fuel) {
                return new Slots(fn.dedicatedSlot(TypeKind.LONG), loops ? fn.dedicatedSlot(TypeKind.LONG) : -1, -1,
                        Set.of());
            }
            if (!loops) return NONE;
            ByteSlice code = body.code();
            return new Slots(-1, -1, fn.dedicatedSlot(TypeKind.INT),
                    BoundedLoops.find(code.array(), code.offset(), code.end()));
        }
    }

    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final int depthSlot;
    private final int contextSlot;
    private final Slots slots;
    /** Fuel: the ranges the store-back handler covers (everything but call sites), as start/end pairs. */
    private final List<Label[]> covered = new ArrayList<>();
    private Label rangeStart;

    LimitCheckEmitter(CompilationUnit unit, CodeBuilder code, int depthSlot, int contextSlot, Slots slots) {
        this.depthSlot = depthSlot;
        this.unit = unit;
        this.code = code;
        this.contextSlot = contextSlot;
        this.slots = slots;
    }

    private boolean fuel() {
        return slots.fuel >= 0;
    }

    /**
     * The outer method of a split function: the call entry (see {@link #emitCallEntry}) and, with fuel, the
     * charge of the first basic block from {@code ctx.budget} (its segments keep the fuel locally).
     */
    static void emitOuterEntry(CompilationUnit unit, CodeBuilder builder, int depthSlot, int contextSlot, byte[] code,
                               int position, int limit) {
        emitCallEntry(unit, builder, depthSlot, contextSlot, code, position, limit);
        if (!unit.limitChecks || !unit.fuel) return;
        builder.aload(contextSlot);
        builder.loadConstant(blockCost(code, position, limit));
        builder.invokevirtual(JvmTypes.CONTEXT, "chargeFuel", CHARGE_BUDGET);
    }

    /**
     * The call-depth test (leaving {@code depthSlot} decremented for this function's calls), then
     * {@code ctx.pollLimits()} when the body may make two or more calls in one run ({@link #pollsAtEntry}) and
     * the checks are compiled in.
     */
    private static void emitCallEntry(CompilationUnit unit, CodeBuilder builder, int depthSlot, int contextSlot,
                                      byte[] code, int position, int limit) {
        Label enough = builder.newLabel();
        builder.iload(depthSlot);
        builder.ifgt(enough);
        builder.invokestatic(JvmTypes.CONTEXT, "callStackExhausted", EXHAUSTED);
        builder.athrow();
        builder.labelBinding(enough);
        builder.iinc(depthSlot, -1);
        if (unit.limitChecks && pollsAtEntry(code, position, limit)) {
            builder.aload(contextSlot);
            builder.invokevirtual(JvmTypes.CONTEXT, "pollLimits", VOID);
        }
    }

    /** A one-method function's prologue: the call entry, then the limit state into its locals. */
    void emitEntry(byte[] body, int position, int limit) {
        emitCallEntry(unit, code, depthSlot, contextSlot, body, position, limit);
        if (fuel()) {
            code.aload(contextSlot);
            code.aload(contextSlot);
            code.getfield(JvmTypes.CONTEXT, "budget", CD_long);
            code.loadConstant(blockCost(body, position, limit));
            code.invokevirtual(JvmTypes.CONTEXT, "chargeFuel", CHARGE_LOCAL);
            code.lstore(slots.fuel);
            if (slots.fuelMark >= 0) {
                code.lload(slots.fuel);
                code.loadConstant(-dev.gatun.internal.runtime.InstanceContext.FUEL_POLL_INTERVAL);
                code.land();
                code.lstore(slots.fuelMark);
            }
        }
        loadCountdown();
    }

    /** A segment's prologue (run on every entry into it): the limit state from {@code ctx}. */
    void emitSegmentEntry() {
        if (fuel()) {
            reloadFuel();
            if (slots.fuelMark >= 0) {
                code.loadConstant(Long.MAX_VALUE); // the first loop header polls: its loop may cross segments
                code.lstore(slots.fuelMark);
            }
        }
        loadCountdown();
    }

    /** Where the body starts (after the prologue or a segment's first instruction): fuel's covered range opens. */
    void startBody() {
        if (fuel()) openRange();
    }

    /**
     * Enters a loop. {@code target} is where the loop is entered with its values on the JVM stack (the fall-in,
     * and catch clauses or other segments branching back); a loop entered through slots runs
     * {@code storeToSlots} there and binds {@code header}, its in-method back-edges' target (else
     * {@code header} is null and {@code target} is that target). Without fuel the back-edge targets hold the
     * countdown check, which the fall-in jumps over (see the class javadoc; with a header, the fall-in stores
     * its values in a copy of the stores of its own).
     */
    void emitLoopEntry(int loopOffset, Label target, Label header, Runnable storeToSlots) {
        if (slots.countdown < 0 || slots.boundedLoops.contains(loopOffset)) {
            code.labelBinding(target);
            storeToSlots.run();
            if (header != null) code.labelBinding(header);
            return;
        }
        Label loopBody = code.newLabel();
        storeToSlots.run();
        code.goto_(loopBody);
        code.labelBinding(target);
        if (header != null) {
            storeToSlots.run();
            code.labelBinding(header);
        }
        code.iinc(slots.countdown, -1);
        code.iload(slots.countdown);
        code.ifgt(loopBody);
        pollAfterCountdown();
        code.labelBinding(loopBody);
    }

    private void pollAfterCountdown() {
        code.aload(contextSlot);
        code.invokevirtual(JvmTypes.CONTEXT, "pollAfterCountdown", NEXT_COUNTDOWN);
        code.istore(slots.countdown);
    }

    /** After translating {@code op} (reachable code only): with fuel, a new basic block starts after a block-ending one. */
    void emitAfter(Opcode op, byte[] body, int position, int limit) {
        if (!fuel() || !endsBlock(op)) return;
        code.aload(contextSlot);
        code.lload(slots.fuel);
        code.loadConstant(blockCost(body, position, limit));
        code.invokevirtual(JvmTypes.CONTEXT, "chargeFuel", CHARGE_LOCAL);
        code.lstore(slots.fuel);
        if (op != Opcode.LOOP || slots.fuelMark < 0) return;
        Label done = code.newLabel();
        code.lload(slots.fuel);
        code.lload(slots.fuelMark);
        code.lcmp();
        code.ifge(done);
        code.aload(contextSlot);
        code.lload(slots.fuel);
        code.invokevirtual(JvmTypes.CONTEXT, "pollAtFuelMark", POLL_AT_MARK);
        code.lstore(slots.fuelMark);
        code.labelBinding(done);
    }

    /** Before invoking Wasm code (a call's arguments are on the stack): the callee sees this method's state. */
    void beforeCall() {
        storeState();
        if (fuel()) closeRange();
    }

    /**
     * After the call (and any tail calls it left) returned: the state as the callee left it. With fuel, a
     * zeroed {@code ctx.pollCountdown} (an interrupt was requested, maybe by the host function just called)
     * makes the next loop header poll.
     */
    void afterCall() {
        if (fuel()) {
            openRange();
            reloadFuel();
            if (slots.fuelMark >= 0) {
                Label done = code.newLabel();
                code.aload(contextSlot);
                code.getfield(JvmTypes.CONTEXT, "pollCountdown", CD_int);
                code.ifgt(done);
                code.loadConstant(Long.MAX_VALUE);
                code.lstore(slots.fuelMark);
                code.labelBinding(done);
            }
        }
        loadCountdown();
    }

    /** Before a return (or a return that leaves a tail call to the caller) of a one-method function. */
    void beforeReturn() {
        storeState();
    }

    /** At a segment's common exit: the state goes back to {@code ctx} for the next segment or the caller. */
    void emitSegmentExit() {
        storeState();
    }

    /** Before throw, throw_ref, rethrow: a catch in this method reloads the fuel from {@code ctx}. */
    void beforeThrow() {
        if (fuel()) storeFuel();
    }

    /** At the start of a catch handler: the exception may come from a callee, which charged {@code ctx}. */
    void atCatchHandler() {
        if (fuel()) reloadFuel();
    }

    /**
     * After the body, before the trap-locating handler (whose range covers the code emitted here, so traps
     * rethrown from here are still located): with fuel, the handler that stores the fuel back and rethrows.
     */
    void finish() {
        if (!fuel()) return;
        if (rangeStart != null) closeRange();
        if (covered.isEmpty()) return;
        Label handler = code.newLabel();
        for (Label[] range : covered) code.exceptionCatchAll(range[0], range[1], handler);
        code.labelBinding(handler);
        code.aload(contextSlot);
        code.lload(slots.fuel);
        code.invokevirtual(JvmTypes.CONTEXT, "storeFuelOnUnwind", STORE_ON_UNWIND);
        code.athrow();
    }

    private void openRange() {
        rangeStart = code.newBoundLabel();
        code.nop(); // the JVM rejects an empty range; one nop per call site costs nothing once compiled
    }

    private void closeRange() {
        covered.add(new Label[] {rangeStart, code.newBoundLabel()});
        rangeStart = null;
    }

    private void storeState() {
        if (fuel()) storeFuel();
        if (slots.countdown >= 0) {
            code.aload(contextSlot);
            code.iload(slots.countdown);
            code.putfield(JvmTypes.CONTEXT, "pollCountdown", CD_int);
        }
    }

    private void storeFuel() {
        code.aload(contextSlot);
        code.lload(slots.fuel);
        code.putfield(JvmTypes.CONTEXT, "budget", CD_long);
    }

    private void reloadFuel() {
        code.aload(contextSlot);
        code.getfield(JvmTypes.CONTEXT, "budget", CD_long);
        code.lstore(slots.fuel);
    }

    private void loadCountdown() {
        if (slots.countdown < 0) return;
        code.aload(contextSlot);
        code.getfield(JvmTypes.CONTEXT, "pollCountdown", CD_int);
        code.istore(slots.countdown);
    }

    /** The instructions from {@code position} up to and including the next block-ending one (or the body's end). */
    public static int blockCost(byte[] code, int position, int limit) {
        CodeReader ahead = new CodeReader(code, position, limit);
        int cost = 0;
        while (ahead.hasNext()) {
            Opcode op = ahead.next();
            cost++;
            if (endsBlock(op)) break;
        }
        return cost;
    }

    /**
     * Whether a function polls at its entry: unless every run of it makes at most one call. Such a function
     * repeats nothing by itself: a chain of them is as long as the call depth allows, and whatever runs long
     * below it polls at its own entry or loop back-edges, like a function without calls. Rust code is full of
     * these: small functions whose calls other than one are panics ({@code call $panic; unreachable}) on paths
     * of their own, which C2 inlines into hot loops, where the poll's volatile load orders the loop's memory
     * accesses. Without loops (no back-edges) the calls of a run are those of one path through the body: this
     * follows the structured control flow, keeping for each open block the most calls of a path reaching its
     * end, and polls if some reachable point has two calls behind it. Loops, tail calls, exception handlers
     * (a caught exception resumes after a call) and casting branches are not followed: they poll.
     */
    static boolean pollsAtEntry(byte[] code, int position, int limit) {
        CodeReader reader = new CodeReader(code, position, limit);
        int[] labelCalls = new int[16]; // per open block: most calls of a path reaching its end; -1 when none
        int[] ifEntryCalls = new int[16]; // per open if: calls on entering it, for the else path; -1 once taken
        int depth = 0;
        labelCalls[0] = -1; // the function's own block: its end and returns
        ifEntryCalls[0] = -1;
        int calls = 0; // calls of the path reaching the current instruction; -1 when none reaches it
        while (reader.hasNext()) {
            Opcode op = reader.next();
            if (op.prefix != 0) {
                if (op == Opcode.BR_ON_CAST || op == Opcode.BR_ON_CAST_FAIL) return true;
                continue;
            }
            switch (op.code) {
                case 0x03, 0x06, 0x07, 0x09, 0x12, 0x13, 0x15, 0x18, 0x19, 0x1F -> {
                    return true; // loop, try, catch, rethrow, return_call*, delegate, catch_all, try_table
                }
                case 0x10, 0x11, 0x14 -> { // call, call_indirect, call_ref
                    if (calls >= 0 && ++calls >= 2) return true;
                }
                case 0x02, 0x04 -> { // block, if
                    if (++depth == labelCalls.length) {
                        labelCalls = java.util.Arrays.copyOf(labelCalls, depth * 2);
                        ifEntryCalls = java.util.Arrays.copyOf(ifEntryCalls, depth * 2);
                    }
                    labelCalls[depth] = -1;
                    ifEntryCalls[depth] = op.code == 0x04 ? calls : -1;
                }
                case 0x05 -> { // else: the then path ends, the else path starts where the if did
                    labelCalls[depth] = Math.max(labelCalls[depth], calls);
                    calls = ifEntryCalls[depth];
                    ifEntryCalls[depth] = -1;
                }
                case 0x0B -> { // end: an if without else also falls through from its entry
                    calls = Math.max(calls, Math.max(labelCalls[depth], ifEntryCalls[depth]));
                    if (depth-- == 0) return false;
                }
                case 0x0C -> { // br
                    branch(labelCalls, depth, reader.index, calls);
                    calls = -1;
                }
                case 0x0D, 0xD5, 0xD6 -> branch(labelCalls, depth, reader.index, calls); // br_if, br_on_(non_)null
                case 0x0E -> { // br_table
                    for (int t = 0; t < reader.targetCount; t++) branch(labelCalls, depth, reader.targets[t], calls);
                    branch(labelCalls, depth, reader.index, calls);
                    calls = -1;
                }
                case 0x00, 0x08, 0x0A, 0x0F -> calls = -1; // unreachable, throw, throw_ref, return
                default -> { }
            }
        }
        return false;
    }

    /** A branch to the block {@code label} levels out carries this path's calls to that block's end. */
    private static void branch(int[] labelCalls, int depth, int label, int calls) {
        int target = Math.max(0, depth - label);
        labelCalls[target] = Math.max(labelCalls[target], calls);
    }

    static boolean containsLoop(FunctionBody body) {
        CodeReader reader = new CodeReader(body.code());
        while (reader.hasNext()) {
            if (reader.next() == Opcode.LOOP) return true;
        }
        return false;
    }

    /**
     * Instructions after which execution may continue elsewhere than at the next instruction, or at which a
     * branch may arrive just after: loop and if, branches, returns, throws, else/end/catch and their kin.
     */
    static boolean endsBlock(Opcode op) {
        if (op.prefix == 0xFB) return op == Opcode.BR_ON_CAST || op == Opcode.BR_ON_CAST_FAIL;
        if (op.prefix != 0) return false;
        return switch (op.code) {
            case 0x01, 0x10, 0x11, 0x14 -> false; // nop and calls
            case 0x02, 0x06, 0x1F -> false; // block, try, try_table: their body is entered only by falling in
            case 0xD5, 0xD6 -> true; // br_on_null, br_on_non_null
            default -> op.code < 0x1A || op.code == 0x1F;
        };
    }
}
