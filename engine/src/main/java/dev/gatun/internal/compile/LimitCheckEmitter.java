package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.MethodTypeDesc;

/**
 * Emits the guest-stopping check (interrupt flag, deadline, fuel; see
 * {@link dev.gatun.internal.runtime.InstanceContext#checkLimits}) at the two places every unbounded
 * execution passes: function entries and loop headers. The check is charged the length of the
 * straight-line code that follows it, so fuel counts instructions approximately, per basic block.
 */
final class LimitCheckEmitter {
    private static final MethodTypeDesc CHECK = MethodTypeDesc.of(CD_void, CD_int);
    /** A long straight-line run is charged at most this much per check (the cost is a lookahead bound). */
    static final int MAX_BLOCK_COST = 1_000;

    private LimitCheckEmitter() {}

    /** Emits {@code ctx.checkLimits(cost)} for the code starting at {@code position} of {@code code}. */
    static void emitCheck(CompilationUnit unit, CodeBuilder builder, int contextSlot, byte[] code, int position,
                          int limit) {
        if (!unit.limitChecks) return;
        builder.aload(contextSlot);
        builder.loadConstant(straightLineCost(code, position, limit));
        builder.invokevirtual(JvmTypes.CONTEXT, "checkLimits", CHECK);
    }

    /** 1 + the number of instructions before the next control instruction (at most {@link #MAX_BLOCK_COST}). */
    static int straightLineCost(byte[] code, int position, int limit) {
        CodeReader ahead = new CodeReader(code, position, limit);
        int cost = 1;
        while (ahead.hasNext() && cost < MAX_BLOCK_COST) {
            Opcode op = ahead.next();
            cost++;
            if (endsStraightLine(op)) break;
        }
        return cost;
    }

    /** Control instructions (single-byte opcodes below local.get, except drop and select). */
    private static boolean endsStraightLine(Opcode op) {
        return op.prefix == 0 && op.code < 0x1A || op.prefix == 0 && op.code > 0x1C && op.code < 0x20;
    }
}
