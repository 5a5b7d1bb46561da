package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.FUNCTION_REF;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.TailCalls;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * The receiving side of tail calls ({@link TailCalls}): after every call, a check whether the callee left a
 * tail call pending, and if so a call of {@link TailCalls#drainBits} (a number result, as raw bits) or
 * {@link TailCalls#drainRef} (a reference result) whose result replaces the returned placeholder; the
 * pending calls run at the depth the returning callee had. One field test and branch per call on the
 * normal path; nothing is boxed.
 */
final class TailCallEmitter {
    private TailCallEmitter() {}

    private static final ClassDesc TAIL_CALLS = JvmTypes.desc(TailCalls.class);
    private static final MethodTypeDesc DRAIN_BITS = MethodTypeDesc.of(CD_long, CONTEXT, CONTEXT, CD_int);
    private static final MethodTypeDesc DRAIN_REF = MethodTypeDesc.of(CD_Object, CONTEXT, CONTEXT, CD_int);

    /** After a direct call: the callee ran in this instance, so its pending call is on {@code ctx}. */
    static void drainOwn(CodeBuilder code, int depthSlot, int contextSlot, FuncType callee) {
        Label done = code.newLabel();
        code.aload(contextSlot);
        code.getfield(CONTEXT, "pendingTail", FUNCTION_REF);
        code.ifnull(done);
        dropPlaceholder(code, callee);
        code.aload(contextSlot);
        code.aload(contextSlot);
        code.iload(depthSlot);
        drainAndConvert(code, callee);
        code.labelBinding(done);
    }

    /** After a call through a function reference: its pending call is on the reference's own instance. */
    static void drainThrough(CodeBuilder code, int refSlot, int depthSlot, int contextSlot, FuncType callee) {
        Label done = code.newLabel();
        code.aload(refSlot);
        code.invokestatic(TAIL_CALLS, "hasPending", MethodTypeDesc.of(CD_boolean, FUNCTION_REF));
        code.ifeq(done);
        dropPlaceholder(code, callee);
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "owner", CONTEXT);
        code.aload(contextSlot);
        code.iload(depthSlot);
        drainAndConvert(code, callee);
        code.labelBinding(done);
    }

    private static void dropPlaceholder(CodeBuilder code, FuncType callee) {
        if (callee.results().isEmpty()) return;
        if (kind(callee.results().getFirst()).slotSize() == 2) code.pop2();
        else code.pop();
    }

    /** Stack: pending context, receiving context, the depth the pending calls run at; leaves the chain's first result in the callee's JVM type. */
    private static void drainAndConvert(CodeBuilder code, FuncType callee) {
        if (!callee.results().isEmpty() && kind(callee.results().getFirst()) == TypeKind.REFERENCE) {
            code.invokestatic(TAIL_CALLS, "drainRef", DRAIN_REF);
            JvmTypes.castFromObject(code, callee.results().getFirst()); // v128 is a V128; references stay Object
            return;
        }
        code.invokestatic(TAIL_CALLS, "drainBits", DRAIN_BITS);
        if (callee.results().isEmpty()) {
            code.pop2();
            return;
        }
        switch (kind(callee.results().getFirst())) {
            case INT -> code.l2i();
            case LONG -> { }
            case FLOAT -> {
                code.l2i();
                code.invokestatic(ClassDesc.of("java.lang.Float"), "intBitsToFloat", MethodTypeDesc.of(CD_float, CD_int));
            }
            case DOUBLE -> code.invokestatic(ClassDesc.of("java.lang.Double"), "longBitsToDouble",
                    MethodTypeDesc.of(CD_double, CD_long));
            default -> throw new IllegalStateException("no tail-call result conversion for " + callee);
        }
    }
}
