package dev.gatun.internal.runtime;

import dev.gatun.NullFunctionReferenceTrap;
import dev.gatun.NullReferenceTrap;

/** Null checks of reference instructions, for compiled code. */
public final class References {
    private References() {}

    /** ref.as_non_null. */
    public static Object asNonNull(Object ref) {
        if (ref == null) throw new NullReferenceTrap();
        return ref;
    }

    /** call_ref / return_call_ref: the function to call (validation guarantees a function reference). */
    public static FunctionRef function(Object ref) {
        if (ref == null) throw new NullFunctionReferenceTrap();
        return (FunctionRef) ref;
    }
}
