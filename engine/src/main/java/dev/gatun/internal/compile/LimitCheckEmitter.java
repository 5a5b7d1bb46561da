package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.MethodTypeDesc;

/**
 * Emits the guest-stopping checks. Every function entry starts with the call-depth test on the depth
 * parameter (see {@link JvmTypes}), a register compare with no memory access:
 * <pre>
 *   if (depth &lt;= 0) throw InstanceContext.callStackExhausted();
 *   depth--;          // from here on the slot holds what this function's calls pass
 * </pre>
 * Then one of two shapes, chosen per module when it is compiled:
 * <ul>
 *   <li>Without fuel: {@code ctx.pollLimits()} (an opaque load of the interrupt flag and a compare; the
 *       {@link dev.gatun.internal.runtime.LimitWatchdog} sets the flag at deadlines and thread interrupts)
 *       at every loop header, and at the entry of functions that contain a call. A function without calls
 *       and loops runs a bounded number of instructions, so it needs no check of its own.</li>
 *   <li>With fuel: {@code ctx.chargeFuel(n)} ({@code budget -= n}; {@code chargeFuelAndPoll(n)}, with the
 *       flag test first, where code without fuel polls) at the entry of every basic block: the function entry and the instruction after each block-ending instruction
 *       ({@link #endsBlock}). {@code n} counts the instructions up to and including the next
 *       block-ending one, so every executed instruction costs exactly 1. Only a trap, or an exception
 *       thrown by a callee, leaving a block midway makes the charge exceed what ran. Calls do not end a
 *       block: the rest of the block is charged before the call, the callee charges its own.</li>
 * </ul>
 */
public final class LimitCheckEmitter {
    private static final MethodTypeDesc POLL = MethodTypeDesc.of(CD_void);
    private static final MethodTypeDesc CHARGE = MethodTypeDesc.of(CD_void, CD_int);
    private static final MethodTypeDesc EXHAUSTED =
            MethodTypeDesc.of(JvmTypes.desc(dev.gatun.CallStackExhaustedTrap.class));

    private LimitCheckEmitter() {}

    /**
     * The function prologue's entry: the call-depth test (leaving {@code depthSlot} decremented for this
     * function's calls), then {@code ctx.pollLimits()} when the body calls and the checks are compiled in
     * without fuel, or with fuel the charge of the first basic block.
     */
    static void emitEntry(CompilationUnit unit, CodeBuilder builder, int depthSlot, int contextSlot, byte[] code,
                          int position, int limit) {
        emitDepthCheck(builder, depthSlot);
        boolean calls = unit.limitChecks && containsCall(code, position, limit);
        if (calls && !unit.fuel) {
            emitPoll(builder, contextSlot);
            return;
        }
        if (unit.limitChecks && unit.fuel) emitCharge(builder, contextSlot, code, position, limit, calls);
    }

    private static void emitDepthCheck(CodeBuilder builder, int depthSlot) {
        Label enough = builder.newLabel();
        builder.iload(depthSlot);
        builder.ifgt(enough);
        builder.invokestatic(JvmTypes.CONTEXT, "callStackExhausted", EXHAUSTED);
        builder.athrow();
        builder.labelBinding(enough);
        builder.iinc(depthSlot, -1);
    }

    /** Right after a loop's label: a poll (without fuel; with fuel {@link #emitAfter} charges there). */
    static void emitLoopCheck(CompilationUnit unit, CodeBuilder builder, int contextSlot) {
        if (unit.limitChecks && !unit.fuel) emitPoll(builder, contextSlot);
    }

    /** After translating {@code op} (reachable code only): with fuel, a new basic block starts after a block-ending one. */
    static void emitAfter(CompilationUnit unit, CodeBuilder builder, int contextSlot, Opcode op, byte[] code,
                          int position, int limit) {
        if (unit.fuel && unit.limitChecks && endsBlock(op)) {
            emitCharge(builder, contextSlot, code, position, limit, op == Opcode.LOOP);
        }
    }

    private static void emitPoll(CodeBuilder builder, int contextSlot) {
        builder.aload(contextSlot);
        builder.invokevirtual(JvmTypes.CONTEXT, "pollLimits", POLL);
    }

    /** {@code poll}: also test the interrupt flag, where code without fuel would (loop headers, calling entries). */
    private static void emitCharge(CodeBuilder builder, int contextSlot, byte[] code, int position, int limit,
                                   boolean poll) {
        builder.aload(contextSlot);
        builder.loadConstant(blockCost(code, position, limit));
        builder.invokevirtual(JvmTypes.CONTEXT, poll ? "chargeFuelAndPoll" : "chargeFuel", CHARGE);
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

    /** Whether the body calls (directly, indirectly, by reference or as a tail call). */
    static boolean containsCall(byte[] code, int position, int limit) {
        CodeReader reader = new CodeReader(code, position, limit);
        while (reader.hasNext()) {
            Opcode op = reader.next();
            if (op.prefix == 0 && op.code >= 0x10 && op.code <= 0x15) return true;
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
