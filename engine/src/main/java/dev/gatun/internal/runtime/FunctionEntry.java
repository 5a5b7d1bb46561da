package dev.gatun.internal.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The entry into a compiled function from outside its direct calls: {@link FunctionRef#target}, what Java,
 * imports, tables, references and tail calls call. A compiled method takes {@code (params, int depth,
 * InstanceContext)}; its target, typed {@code (params)}, binds the context and reads the depth from the
 * context's {@link InstanceContext#entryDepth} at each call (the limit while the instance is idle, or what
 * the calling code handed over). Compiled code calling a Wasm function through a reference passes its
 * depth directly instead, through {@link FunctionRef#depthTarget}.
 */
final class FunctionEntry {
    private FunctionEntry() {}

    private static final MethodHandle ENTRY_DEPTH;

    static {
        try {
            ENTRY_DEPTH = MethodHandles.lookup().findGetter(InstanceContext.class, "entryDepth", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code compiled} {@code (p0..p[n-1], int, InstanceContext) -> r} as {@code (p0..p[n-1]) -> r} on {@code ctx}. */
    static MethodHandle bind(MethodHandle compiled, int paramCount, InstanceContext ctx) {
        return MethodHandles.collectArguments(bindWithDepth(compiled, paramCount, ctx), paramCount,
                ENTRY_DEPTH.bindTo(ctx));
    }

    /** {@code compiled} as {@code (p0..p[n-1], int depth) -> r} on {@code ctx}: {@link FunctionRef#depthTarget}. */
    static MethodHandle bindWithDepth(MethodHandle compiled, int paramCount, InstanceContext ctx) {
        MethodType type = compiled.type();
        if (type.parameterCount() != paramCount + 2 || type.parameterType(paramCount) != int.class
                || type.parameterType(paramCount + 1) != InstanceContext.class) {
            throw new IllegalArgumentException("not a compiled function of " + paramCount + " parameters: " + type);
        }
        return MethodHandles.insertArguments(compiled, paramCount + 1, ctx);
    }
}
