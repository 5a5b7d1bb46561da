package dev.gatun.internal.runtime;

import dev.gatun.CastFailureTrap;
import dev.gatun.NullFunctionReferenceTrap;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.validate.CanonicalTypes;
import dev.gatun.NullReferenceTrap;

/** Null checks of reference instructions, for compiled code. */
public final class References {
    private References() {}

    /** ref.eq: identity, except that i31 values compare by content. */
    public static boolean eq(Object a, Object b) {
        if (a == b) return true;
        return a instanceof I31 x && b instanceof I31 y && ((x.bits() ^ y.bits()) & 0x7FFFFFFF) == 0;
    }

    /**
     * ref.test: does {@code value} have heap type {@code heapType} (an abstract code, or a canonical type id
     * for concrete types)? Validation already guarantees the value's hierarchy.
     */
    public static boolean test(Object value, int heapType, boolean nullable) {
        if (value == null) return nullable;
        if (heapType >= 0) {
            int typeId = switch (value) {
                case FunctionRef f -> f.typeId;
                case WasmStruct s -> s.typeId;
                case WasmArray a -> a.typeId;
                default -> -1;
            };
            return typeId >= 0 && (typeId == heapType || CanonicalTypes.isDeclaredSubtype(typeId, heapType));
        }
        return switch (heapType) {
            case HeapType.ANY, HeapType.FUNC, HeapType.EXTERN, HeapType.EXN -> true;
            case HeapType.EQ -> value instanceof I31 || value instanceof WasmStruct || value instanceof WasmArray;
            case HeapType.I31 -> value instanceof I31;
            case HeapType.STRUCT -> value instanceof WasmStruct;
            case HeapType.ARRAY -> value instanceof WasmArray;
            default -> false; // the bottom types
        };
    }

    /** ref.cast: the value itself, or a trap. */
    public static Object cast(Object value, int heapType, boolean nullable) {
        if (!test(value, heapType, nullable)) throw new CastFailureTrap();
        return value;
    }

    /** ref.i31 (typed Object for the generated code's stack maps). */
    public static Object i31(int value) {
        return I31.of(value);
    }

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
