package dev.gatun;

import dev.gatun.internal.runtime.FunctionRef;
import dev.gatun.internal.runtime.TailCalls;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * An exported function of an {@link Instance}. {@link #call} is the dynamic path (typed {@link Value}s);
 * {@link #handle()} and the {@code as...} views are the fast path: a {@link MethodHandle} of the exact Java
 * type ({@code (int,int)int} for {@code (i32,i32)->i32}), invoked without boxing or allocation.
 */
public final class Function {
    private static final MethodHandle ENTER;
    private static final MethodHandle EXIT;
    private static final MethodHandle FAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTER = lookup.findVirtual(CallGuard.class, "enter", MethodType.methodType(void.class));
            EXIT = lookup.findVirtual(CallGuard.class, "exit", MethodType.methodType(void.class));
            FAIL = lookup.findVirtual(CallGuard.class, "fail", MethodType.methodType(RuntimeException.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Instance instance;
    private final String name;
    private final FunctionRef ref;
    private final FuncType type;
    private volatile MethodHandle guarded;

    Function(Instance instance, String name, FunctionRef ref) {
        this.instance = instance;
        this.name = name;
        this.ref = ref;
        this.type = FuncType.of(ref.type);
    }

    public String name() {
        return name;
    }

    public FuncType type() {
        return type;
    }

    /** Calls with typed values (count and types checked); returns all results. */
    public Value[] call(Value... args) {
        List<ValueType> params = type.params();
        if (args.length != params.size()) {
            throw new IllegalArgumentException("function \"" + name + "\" " + type + " takes " + params.size()
                    + " arguments, got " + args.length);
        }
        Object[] boxed = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null || args[i].type() != params.get(i)) {
                throw new IllegalArgumentException("argument " + i + " of function \"" + name + "\" must be "
                        + params.get(i) + ", got " + (args[i] == null ? "null" : args[i].type()));
            }
            boxed[i] = args[i].boxed();
        }
        CallGuard guard = instance.guard;
        guard.enter();
        Object[] results;
        try {
            results = instance.runtime.invoke(name, boxed);
        } catch (Throwable t) {
            throw guard.fail(t);
        }
        guard.exit();
        Value[] out = new Value[results.length];
        for (int i = 0; i < out.length; i++) out[i] = Value.fromBoxed(type.results().get(i), results[i]);
        return out;
    }

    /**
     * A handle of exactly {@link FuncType#methodType()} (first result only; several results need
     * {@link #call}); call it with {@code invokeExact}. Traps and limits behave as with {@link #call}.
     */
    public MethodHandle handle() {
        MethodHandle h = guarded;
        if (h == null) guarded = h = buildGuarded();
        return h;
    }

    private MethodHandle buildGuarded() {
        if (type.results().size() > 1) {
            throw new UnsupportedOperationException("not supported: a typed handle for function \"" + name
                    + "\" with " + type.results().size() + " results; use call()");
        }
        MethodType mt = ref.target.type();
        Class<?> ret = mt.returnType();
        CallGuard guard = instance.guard;
        MethodHandle h = MethodHandles.filterReturnValue(ref.target, drain(ret).bindTo(ref));
        MethodHandle exit = EXIT.bindTo(guard);
        h = ret == void.class ? MethodHandles.filterReturnValue(h, exit)
                : MethodHandles.filterReturnValue(h, MethodHandles.foldArguments(MethodHandles.identity(ret), exit));
        MethodHandle rethrow = MethodHandles.filterReturnValue(FAIL.bindTo(guard),
                MethodHandles.throwException(ret, RuntimeException.class));
        h = MethodHandles.catchException(h, Throwable.class,
                MethodHandles.dropArguments(rethrow, 1, mt.parameterList()));
        return MethodHandles.foldArguments(h, ENTER.bindTo(guard));
    }

    private static MethodHandle drain(Class<?> ret) {
        String method = ret == void.class ? "drainVoid" : ret == int.class ? "drainInt" : ret == long.class ? "drainLong"
                : ret == float.class ? "drainFloat" : ret == double.class ? "drainDouble" : "drainRef";
        MethodType type = ret == void.class ? MethodType.methodType(void.class, FunctionRef.class)
                : MethodType.methodType(ret, FunctionRef.class, ret);
        try {
            return MethodHandles.lookup().findStatic(Function.class, method, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // A top-level return_call leaves its callee pending: run it so the caller gets the real result.
    private static void drainVoid(FunctionRef f) throws Throwable {
        if (TailCalls.hasPending(f)) TailCalls.drain(f.owner, f.owner);
    }

    private static int drainInt(FunctionRef f, int r) throws Throwable {
        return TailCalls.hasPending(f) ? (Integer) TailCalls.drain(f.owner, f.owner) : r;
    }

    private static long drainLong(FunctionRef f, long r) throws Throwable {
        return TailCalls.hasPending(f) ? (Long) TailCalls.drain(f.owner, f.owner) : r;
    }

    private static float drainFloat(FunctionRef f, float r) throws Throwable {
        return TailCalls.hasPending(f) ? (Float) TailCalls.drain(f.owner, f.owner) : r;
    }

    private static double drainDouble(FunctionRef f, double r) throws Throwable {
        return TailCalls.hasPending(f) ? (Double) TailCalls.drain(f.owner, f.owner) : r;
    }

    private static Object drainRef(FunctionRef f, Object r) throws Throwable {
        return TailCalls.hasPending(f) ? TailCalls.drain(f.owner, f.owner) : r;
    }

    private MethodHandle typed(FuncType wanted) {
        if (!type.equals(wanted)) {
            throw new IllegalArgumentException("function \"" + name + "\" has type " + type + ", not " + wanted);
        }
        return handle();
    }

    private static FuncType sig(List<ValueType> params, List<ValueType> results) {
        return new FuncType(params, results);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) return e;
        if (t instanceof Error e) throw e;
        return new WasmException("unexpected exception from a call: " + t, t);
    }

    /** For {@code () -> ()}. */
    public Runnable asRunnable() {
        MethodHandle h = typed(sig(List.of(), List.of()));
        return () -> {
            try {
                h.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code () -> i32}. */
    public IntSupplier asIntSupplier() {
        MethodHandle h = typed(sig(List.of(), List.of(ValueType.I32)));
        return () -> {
            try {
                return (int) h.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code (i32) -> i32}. */
    public IntUnaryOperator asIntUnaryOperator() {
        MethodHandle h = typed(sig(List.of(ValueType.I32), List.of(ValueType.I32)));
        return a -> {
            try {
                return (int) h.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code (i32, i32) -> i32}. */
    public IntBinaryOperator asIntBinaryOperator() {
        MethodHandle h = typed(sig(List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)));
        return (a, b) -> {
            try {
                return (int) h.invokeExact(a, b);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code (i64) -> i64}. */
    public LongUnaryOperator asLongUnaryOperator() {
        MethodHandle h = typed(sig(List.of(ValueType.I64), List.of(ValueType.I64)));
        return a -> {
            try {
                return (long) h.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code (i64, i64) -> i64}. */
    public LongBinaryOperator asLongBinaryOperator() {
        MethodHandle h = typed(sig(List.of(ValueType.I64, ValueType.I64), List.of(ValueType.I64)));
        return (a, b) -> {
            try {
                return (long) h.invokeExact(a, b);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code (f64) -> f64}. */
    public DoubleUnaryOperator asDoubleUnaryOperator() {
        MethodHandle h = typed(sig(List.of(ValueType.F64), List.of(ValueType.F64)));
        return a -> {
            try {
                return (double) h.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    /** For {@code (f64, f64) -> f64}. */
    public DoubleBinaryOperator asDoubleBinaryOperator() {
        MethodHandle h = typed(sig(List.of(ValueType.F64, ValueType.F64), List.of(ValueType.F64)));
        return (a, b) -> {
            try {
                return (double) h.invokeExact(a, b);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    @Override
    public String toString() {
        return "func " + name + " " + type;
    }
}
