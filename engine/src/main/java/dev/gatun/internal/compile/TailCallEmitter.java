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
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * The receiving side of tail calls ({@link TailCalls}): after every call, a check whether the callee left a
 * tail call pending, and if so a call of {@link TailCalls#drain} whose boxed result replaces the returned
 * placeholder. One field test and branch per call on the normal path.
 */
final class TailCallEmitter {
    private TailCallEmitter() {}

    private static final ClassDesc TAIL_CALLS = JvmTypes.desc(TailCalls.class);
    private static final MethodTypeDesc DRAIN = MethodTypeDesc.of(CD_Object, CONTEXT, CONTEXT);

    /** After a direct call: the callee ran in this instance, so its pending call is on {@code ctx}. */
    static void drainOwn(CodeBuilder code, int contextSlot, FuncType callee) {
        Label done = code.newLabel();
        code.aload(contextSlot);
        code.getfield(CONTEXT, "pendingTail", FUNCTION_REF);
        code.ifnull(done);
        dropPlaceholder(code, callee);
        code.aload(contextSlot);
        code.aload(contextSlot);
        code.invokestatic(TAIL_CALLS, "drain", DRAIN);
        unbox(code, callee);
        code.labelBinding(done);
    }

    /** After a call through a function reference: its pending call is on the reference's own instance. */
    static void drainThrough(CodeBuilder code, int refSlot, int contextSlot, FuncType callee) {
        Label done = code.newLabel();
        code.aload(refSlot);
        code.invokestatic(TAIL_CALLS, "hasPending", MethodTypeDesc.of(CD_boolean, FUNCTION_REF));
        code.ifeq(done);
        dropPlaceholder(code, callee);
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "owner", CONTEXT);
        code.aload(contextSlot);
        code.invokestatic(TAIL_CALLS, "drain", DRAIN);
        unbox(code, callee);
        code.labelBinding(done);
    }

    private static void dropPlaceholder(CodeBuilder code, FuncType callee) {
        if (callee.results().isEmpty()) return;
        if (kind(callee.results().getFirst()).slotSize() == 2) code.pop2();
        else code.pop();
    }

    private static void unbox(CodeBuilder code, FuncType callee) {
        if (callee.results().isEmpty()) {
            code.pop();
            return;
        }
        ValType t = callee.results().getFirst();
        switch (kind(t)) {
            case INT -> unboxAs(code, "java.lang.Integer", "intValue", CD_int);
            case LONG -> unboxAs(code, "java.lang.Long", "longValue", CD_long);
            case FLOAT -> unboxAs(code, "java.lang.Float", "floatValue", CD_float);
            case DOUBLE -> unboxAs(code, "java.lang.Double", "doubleValue", CD_double);
            default -> JvmTypes.castFromObject(code, t); // references stay Object
        }
    }

    private static void unboxAs(CodeBuilder code, String box, String method, ClassDesc primitive) {
        ClassDesc boxType = ClassDesc.of(box);
        code.checkcast(boxType);
        code.invokevirtual(boxType, method, MethodTypeDesc.of(primitive));
    }
}
