package dev.gatun.internal.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tail calls without JVM support for them: {@code return_call} stores the callee's arguments in its
 * instance's tail scratch, sets {@link InstanceContext#pendingTail} and returns at once (its frame and call
 * depth are released); whoever called the returning function then finds the pending call and runs it here,
 * in a loop, so a chain of tail calls needs constant JVM stack and call depth. The final result comes back
 * boxed (only on this path) and results 2..n are copied to the receiver's scratch.
 */
public final class TailCalls {
    private TailCalls() {}

    private static final MethodType GENERIC = MethodType.methodType(Object.class, InstanceContext.class);

    /** True if the function just called through {@code ref} left a tail call pending. */
    public static boolean hasPending(FunctionRef ref) {
        return ref.owner != null && ref.owner.pendingTail != null;
    }

    /**
     * Runs the pending tail calls starting at {@code pending}'s, following each callee's own instance;
     * returns the last call's first result (boxed, null for none) and copies its other results to
     * {@code receiver}'s scratch arrays.
     */
    public static Object drain(InstanceContext pending, InstanceContext receiver) throws Throwable {
        Object result = null;
        FunctionRef last = null;
        InstanceContext ctx = pending;
        while (ctx != null && ctx.pendingTail != null) {
            FunctionRef callee = ctx.pendingTail;
            ctx.pendingTail = null;
            result = (Object) callee.tailInvoker().invokeExact(ctx);
            last = callee;
            ctx = callee.owner;
        }
        if (last != null) FunctionRef.copyExtraResults(last, receiver);
        return result;
    }

    /** {@code (InstanceContext) -> r0}: calls {@code target} with its arguments read from a context's tail scratch. */
    static MethodHandle tailInvoker(dev.gatun.internal.model.Types.FuncType type, MethodHandle target) {
        int n = type.params().size();
        if (n == 0) return MethodHandles.dropArguments(target, 0, InstanceContext.class);
        MethodHandle[] getters = new MethodHandle[n];
        for (int i = 0; i < n; i++) {
            MethodHandle getter = switch (type.params().get(i).kind()) {
                case I32 -> TAIL_INT;
                case I64 -> TAIL_LONG;
                case F32 -> TAIL_FLOAT;
                case F64 -> TAIL_DOUBLE;
                case V128 -> TAIL_REF.asType(MethodType.methodType(dev.gatun.V128.class, InstanceContext.class, int.class));
                default -> TAIL_REF;
            };
            getters[i] = MethodHandles.insertArguments(getter, 1, i);
        }
        MethodHandle spread = MethodHandles.filterArguments(target, 0, getters);
        return MethodHandles.permuteArguments(spread,
                MethodType.methodType(target.type().returnType(), InstanceContext.class), new int[n]);
    }

    static MethodHandle generic(MethodHandle tailInvoker) {
        return tailInvoker.asType(GENERIC);
    }

    private static int tailInt(InstanceContext ctx, int i) {
        return (int) ctx.tailBits[i];
    }

    private static long tailLong(InstanceContext ctx, int i) {
        return ctx.tailBits[i];
    }

    private static float tailFloat(InstanceContext ctx, int i) {
        return Float.intBitsToFloat((int) ctx.tailBits[i]);
    }

    private static double tailDouble(InstanceContext ctx, int i) {
        return Double.longBitsToDouble(ctx.tailBits[i]);
    }

    private static Object tailRef(InstanceContext ctx, int i) {
        return ctx.tailRefs[i];
    }

    private static final MethodHandle TAIL_INT = getter("tailInt", int.class);
    private static final MethodHandle TAIL_LONG = getter("tailLong", long.class);
    private static final MethodHandle TAIL_FLOAT = getter("tailFloat", float.class);
    private static final MethodHandle TAIL_DOUBLE = getter("tailDouble", double.class);
    private static final MethodHandle TAIL_REF = getter("tailRef", Object.class);

    private static MethodHandle getter(String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findStatic(TailCalls.class, name,
                    MethodType.methodType(type, InstanceContext.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
