package dev.gatun.internal.runtime;

import dev.gatun.WasmException;
import dev.gatun.internal.compile.JvmTypes;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Adapts {@link HostFunction} lambdas (boxed values in and out) to function references with the exact
 * JVM signature compiled code calls, results after the first going to the reference's own scratch arrays.
 */
public final class HostFunctions {
    private HostFunctions() {}

    private static final MethodHandle INVOKE_HOST;

    static {
        try {
            INVOKE_HOST = MethodHandles.lookup().findStatic(HostFunctions.class, "invokeHost", MethodType.methodType(
                    Object.class, HostFunction.class, FuncType.class, long[].class, Object[].class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Wraps a host lambda as a function reference of the given type (and its canonical id). */
    public static FunctionRef hostFunction(int typeId, FuncType type, HostFunction host, String name) {
        int extra = Math.max(0, type.results().size() - 1);
        long[] bits = new long[extra];
        Object[] refs = new Object[extra];
        MethodHandle target = MethodHandles.insertArguments(INVOKE_HOST, 0, host, type, bits, refs)
                .asCollector(Object[].class, type.params().size())
                .asType(JvmTypes.targetType(type));
        return new FunctionRef(typeId, type, target, bits, refs, name, null);
    }

    @SuppressWarnings("unused") // called through INVOKE_HOST
    private static Object invokeHost(HostFunction host, FuncType type, long[] extraBits, Object[] extraRefs,
                                     Object[] args) {
        Object[] results = host.call(args);
        int count = results == null ? 0 : results.length;
        if (count != type.results().size()) {
            throw new WasmException("host function returned " + count + " values, its type " + type + " says "
                    + type.results().size());
        }
        for (int i = 0; i < count; i++) Values.check(type.results().get(i), results[i], "host result " + i);
        for (int i = 1; i < count; i++) {
            ValType t = type.results().get(i);
            if (dev.gatun.internal.compile.JvmTypes.isObject(t)) extraRefs[i - 1] = results[i];
            else extraBits[i - 1] = Values.toBits(t, results[i]);
        }
        return count == 0 ? null : results[0];
    }
}
