package dev.gatun;

import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ValType;

/**
 * A WebAssembly value type as the embedding API sees it. Java carries i32 as {@code int}, i64 as
 * {@code long}, f32 as {@code float}, f64 as {@code double} and references as {@code Object}.
 */
public enum ValueType {
    I32, I64, F32, F64, V128, FUNCREF, EXTERNREF,
    /** Any other reference type (GC types, exnref, typed function references). */
    OTHER_REF;

    public boolean isReference() {
        return this == FUNCREF || this == EXTERNREF || this == OTHER_REF;
    }

    static ValueType of(ValType type) {
        return switch (type.kind()) {
            case I32 -> I32;
            case I64 -> I64;
            case F32 -> F32;
            case F64 -> F64;
            case V128 -> V128;
            case REF -> type.heapType() == HeapType.FUNC ? FUNCREF
                    : type.heapType() == HeapType.EXTERN ? EXTERNREF : OTHER_REF;
            default -> throw new IllegalArgumentException("not a value type: " + type);
        };
    }

    ValType internal() {
        return switch (this) {
            case I32 -> ValType.I32;
            case I64 -> ValType.I64;
            case F32 -> ValType.F32;
            case F64 -> ValType.F64;
            case V128 -> ValType.V128;
            case FUNCREF -> ValType.FUNCREF;
            case EXTERNREF -> ValType.EXTERNREF;
            case OTHER_REF -> throw new IllegalArgumentException("not supported: host values of other reference types");
        };
    }

    /** The Java type a handle uses for this value type. */
    public Class<?> javaType() {
        return switch (this) {
            case I32 -> int.class;
            case I64 -> long.class;
            case F32 -> float.class;
            case F64 -> double.class;
            case V128 -> throw new IllegalArgumentException("not supported: v128 across the embedding API");
            default -> Object.class;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
