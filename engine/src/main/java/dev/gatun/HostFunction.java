package dev.gatun;

/**
 * A host function in the generic form: typed values in, typed values out (for any signature, several
 * results included). Typed lambdas and {@code MethodHandle}s ({@link Linker#func}) avoid the boxing.
 */
@FunctionalInterface
public interface HostFunction {
    /** @return the results, as many as the function type says (an empty array or null for none) */
    Value[] call(Caller caller, Value[] args);
}
