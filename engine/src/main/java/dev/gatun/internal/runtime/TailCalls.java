package dev.gatun.internal.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tail calls without JVM support for them: {@code return_call} stores the callee's arguments in its
 * instance's tail scratch, sets {@link InstanceContext#pendingTail} and returns at once (its frame and call
 * depth are released); whoever called the returning function then finds the pending call and runs it here,
 * in a loop, so a chain of tail calls needs constant JVM stack and call depth. Nothing is allocated per
 * call: arguments travel in the scratch arrays, and the first result comes back unboxed, as raw bits
 * ({@link #drainBits}) for a number or as is ({@link #drainRef}) for a reference; results 2..n are copied to
 * the receiver's scratch. All functions of one chain have the same result types (validation), so the
 * receiver knows which of the two to call. Each pending call runs at the depth of the call that left it
 * ({@code depth}, handed over in {@link InstanceContext#entryDepth}), so tail calls never deepen the count
 * and a non-tail recursion through them still reaches the limit.
 */
public final class TailCalls {
    private TailCalls() {}

    private static final MethodType BITS_RESULT = MethodType.methodType(long.class, InstanceContext.class);
    private static final MethodType REF_RESULT = MethodType.methodType(Object.class, InstanceContext.class);

    /** True if the function just called through {@code ref} left a tail call pending. */
    public static boolean hasPending(FunctionRef ref) {
        return ref.owner != null && ref.owner.pendingTail != null;
    }

    /**
     * Runs the pending tail calls starting at {@code pending}'s, following each callee's own instance;
     * returns the last call's first result as raw bits (0 for none) and copies its other results to
     * {@code receiver}'s scratch arrays. For chains whose first result is a number, or that have none.
     */
    public static long drainBits(InstanceContext pending, InstanceContext receiver, int depth) throws Throwable {
        long result = 0;
        FunctionRef last = null;
        InstanceContext ctx = pending;
        while (ctx != null && ctx.pendingTail != null) {
            FunctionRef callee = ctx.pendingTail;
            ctx.pendingTail = null;
            result = invokeBits(callee, ctx, depth);
            last = callee;
            ctx = callee.owner;
        }
        if (last != null) FunctionRef.copyExtraResults(last, receiver);
        return result;
    }

    /** {@link #drainBits} for chains whose first result is a reference. */
    public static Object drainRef(InstanceContext pending, InstanceContext receiver, int depth) throws Throwable {
        Object result = null;
        FunctionRef last = null;
        InstanceContext ctx = pending;
        while (ctx != null && ctx.pendingTail != null) {
            FunctionRef callee = ctx.pendingTail;
            ctx.pendingTail = null;
            result = invokeRef(callee, ctx, depth);
            last = callee;
            ctx = callee.owner;
        }
        if (last != null) FunctionRef.copyExtraResults(last, receiver);
        return result;
    }

    /** Runs one pending call with its arguments in {@code from}'s tail scratch, {@code depth} handed over. */
    private static long invokeBits(FunctionRef callee, InstanceContext from, int depth) throws Throwable {
        InstanceContext entered = enteredContext(callee, from);
        int saved = entered.entryDepth;
        entered.entryDepth = depth;
        try {
            return (long) callee.tailInvoker().invokeExact(from);
        } finally {
            entered.entryDepth = saved;
        }
    }

    /** {@link #invokeBits} for a reference result. */
    private static Object invokeRef(FunctionRef callee, InstanceContext from, int depth) throws Throwable {
        InstanceContext entered = enteredContext(callee, from);
        int saved = entered.entryDepth;
        entered.entryDepth = depth;
        try {
            return (Object) callee.tailInvoker().invokeExact(from);
        } finally {
            entered.entryDepth = saved;
        }
    }

    /**
     * Where a call through {@code callee} finds its depth: the callee's instance, or for a host function the
     * caller's own, where the host's calls back into it start.
     */
    private static InstanceContext enteredContext(FunctionRef callee, InstanceContext caller) {
        return callee.owner != null ? callee.owner : caller;
    }

    /** For the embedding API (one box per API call): the pending chain's first result, boxed; null for none. */
    public static Object drain(InstanceContext pending, InstanceContext receiver) throws Throwable {
        FunctionRef first = pending.pendingTail;
        if (first == null) return null;
        // the call from Java that left it entered at the pending instance's entry depth
        int depth = pending.entryDepth;
        if (returnsReference(first.target)) return drainRef(pending, receiver, depth);
        long bits = drainBits(pending, receiver, depth);
        return first.type.results().isEmpty() ? null : Values.fromBits(first.type.results().getFirst(), bits);
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

    /**
     * {@code target}'s tail invoker in the shape the drain loops call: {@code (InstanceContext) -> Object}
     * when the first result is a reference, else {@code (InstanceContext) -> long} with the raw bits (0 for
     * no result).
     */
    static MethodHandle normalized(MethodHandle tailInvoker) {
        Class<?> result = tailInvoker.type().returnType();
        if (result == void.class) {
            return MethodHandles.foldArguments(MethodHandles.dropArguments(
                    MethodHandles.constant(long.class, 0L), 0, InstanceContext.class), tailInvoker);
        }
        if (!result.isPrimitive()) return tailInvoker.asType(REF_RESULT);
        MethodHandle toBits = result == long.class ? null
                : result == int.class ? INT_BITS
                : result == float.class ? FLOAT_BITS
                : result == double.class ? DOUBLE_BITS
                : null;
        if (toBits == null && result != long.class) {
            throw new IllegalStateException("no tail-call result conversion for " + result);
        }
        return toBits == null ? tailInvoker : MethodHandles.filterReturnValue(tailInvoker, toBits);
    }

    private static boolean returnsReference(MethodHandle target) {
        Class<?> result = target.type().returnType();
        return !result.isPrimitive();
    }

    private static long intBits(int value) {
        return value;
    }

    private static long floatBits(float value) {
        return Float.floatToRawIntBits(value);
    }

    private static long doubleBits(double value) {
        return Double.doubleToRawLongBits(value);
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

    private static final MethodHandle INT_BITS = toBits("intBits", int.class);
    private static final MethodHandle FLOAT_BITS = toBits("floatBits", float.class);
    private static final MethodHandle DOUBLE_BITS = toBits("doubleBits", double.class);

    private static MethodHandle toBits(String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findStatic(TailCalls.class, name, MethodType.methodType(long.class, type));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static MethodHandle getter(String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findStatic(TailCalls.class, name,
                    MethodType.methodType(type, InstanceContext.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
