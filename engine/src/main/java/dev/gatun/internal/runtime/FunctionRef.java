package dev.gatun.internal.runtime;

import dev.gatun.internal.model.Types.FuncType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * A function as a value: what tables hold, what imports and exports are, what {@code call_indirect} calls.
 * {@link #target} is already bound to its instance, typed {@code (params) -> first result or void} in the
 * JVM types of {@link dev.gatun.internal.compile.JvmTypes}; results after the first are left in
 * {@link #extraBits} (numbers as raw bits) / {@link #extraRefs} (references), index = result index - 1 —
 * for a Wasm function these are its instance's scratch arrays, so nothing is allocated per call.
 */
public final class FunctionRef {
    /**
     * Process-wide canonical type id (the validator's iso-recursive identity): equal ids iff equivalent
     * types, in any module; subtyping is decided from ids too.
     */
    public final int typeId;
    public final FuncType type;
    public final MethodHandle target;
    /**
     * For calls from compiled code, typed {@code (params, int depth) -> first result or void}: a Wasm
     * function's compiled method on its instance, the caller's depth passed straight through; a host
     * function's {@link #target}, the depth dropped (the calling code hands it over in its own
     * {@link InstanceContext#entryDepth}, where the host's calls back in find it).
     */
    public final MethodHandle depthTarget;
    public final long[] extraBits;
    public final Object[] extraRefs;
    /** For messages: export or name-section name, or "function N". */
    public final String name;
    /** The instance a Wasm function belongs to (where it leaves pending tail calls); null for host functions. */
    public final InstanceContext owner;
    /**
     * For a Wasm function: its index in its module, which names its compiled method ({@code funcN}), so
     * call_indirect/call_ref from the same instance can call it directly; -1 for host functions.
     */
    public final int functionIndex;
    /**
     * The call with arguments taken from a context's tail scratch, in {@link TailCalls#normalized} shape, built
     * on the first tail call to this function (most functions are never tail-called).
     */
    private MethodHandle tailInvoker;

    /** A host function ({@code owner} null) or any function whose {@link #depthTarget} ignores the depth. */
    public FunctionRef(int typeId, FuncType type, MethodHandle target, long[] extraBits, Object[] extraRefs,
                       String name, InstanceContext owner) {
        this(typeId, type, target, MethodHandles.dropArguments(target, type.params().size(), int.class), extraBits,
                extraRefs, name, owner, -1);
    }

    /** A Wasm function: {@code functionIndex} is its index in {@code owner}'s module (-1 for host functions). */
    public FunctionRef(int typeId, FuncType type, MethodHandle target, MethodHandle depthTarget, long[] extraBits,
                       Object[] extraRefs, String name, InstanceContext owner, int functionIndex) {
        this.depthTarget = depthTarget;
        this.typeId = typeId;
        this.functionIndex = functionIndex;
        this.owner = owner;
        this.type = type;
        this.target = target;
        this.extraBits = extraBits;
        this.extraRefs = extraRefs;
        this.name = name;
    }

    /** See {@link #tailInvoker}; a benign race may build it twice. */
    MethodHandle tailInvoker() {
        MethodHandle h = tailInvoker;
        if (h == null) tailInvoker = h = TailCalls.normalized(TailCalls.tailInvoker(type, target));
        return h;
    }

    /**
     * After a call through this reference from compiled code: moves results 2..n into the caller's
     * scratch arrays (a no-op when caller and callee share an instance).
     */
    public static void copyExtraResults(FunctionRef callee, InstanceContext caller) {
        int extra = callee.type.results().size() - 1;
        if (extra <= 0 || callee.extraBits == caller.extraBits) return;
        System.arraycopy(callee.extraBits, 0, caller.extraBits, 0, extra);
        System.arraycopy(callee.extraRefs, 0, caller.extraRefs, 0, extra);
    }

    @Override
    public String toString() {
        return "funcref " + name + " " + type;
    }
}
