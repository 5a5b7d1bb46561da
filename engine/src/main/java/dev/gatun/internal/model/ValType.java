package dev.gatun.internal.model;

/**
 * A value type (or, with {@link Kind#I8}/{@link Kind#I16}, a packed storage type of a GC field).
 *
 * <p>Reference types carry a heap type and nullability. A heap type is an {@code int}: a concrete type
 * index (&ge; 0, relative to the module that declared it) or one of the negative abstract heap type codes in
 * {@link HeapType}, which equal their signed (s33) binary encodings.
 */
public record ValType(Kind kind, boolean nullable, int heapType) {

    public enum Kind { I32, I64, F32, F64, V128, REF, I8, I16 }

    public static final ValType I32 = new ValType(Kind.I32, false, 0);
    public static final ValType I64 = new ValType(Kind.I64, false, 0);
    public static final ValType F32 = new ValType(Kind.F32, false, 0);
    public static final ValType F64 = new ValType(Kind.F64, false, 0);
    public static final ValType V128 = new ValType(Kind.V128, false, 0);
    /** Packed storage types (GC struct/array fields only). */
    public static final ValType PACKED_I8 = new ValType(Kind.I8, false, 0);
    public static final ValType PACKED_I16 = new ValType(Kind.I16, false, 0);

    public static final ValType FUNCREF = ref(true, HeapType.FUNC);
    public static final ValType EXTERNREF = ref(true, HeapType.EXTERN);
    public static final ValType ANYREF = ref(true, HeapType.ANY);
    public static final ValType EQREF = ref(true, HeapType.EQ);
    public static final ValType I31REF = ref(true, HeapType.I31);
    public static final ValType STRUCTREF = ref(true, HeapType.STRUCT);
    public static final ValType ARRAYREF = ref(true, HeapType.ARRAY);
    public static final ValType NULLREF = ref(true, HeapType.NONE);
    public static final ValType NULLFUNCREF = ref(true, HeapType.NOFUNC);
    public static final ValType NULLEXTERNREF = ref(true, HeapType.NOEXTERN);
    public static final ValType EXNREF = ref(true, HeapType.EXN);
    public static final ValType NULLEXNREF = ref(true, HeapType.NOEXN);

    public static ValType ref(boolean nullable, int heapType) {
        return new ValType(Kind.REF, nullable, heapType);
    }

    public boolean isRef() {
        return kind == Kind.REF;
    }

    public boolean isNumeric() {
        return kind == Kind.I32 || kind == Kind.I64 || kind == Kind.F32 || kind == Kind.F64;
    }

    public boolean isPacked() {
        return kind == Kind.I8 || kind == Kind.I16;
    }

    /** The value type a packed storage type unpacks to (i32), or this type. */
    public ValType unpacked() {
        return isPacked() ? I32 : this;
    }

    /** True if the heap type is a concrete type index. */
    public boolean isConcreteRef() {
        return kind == Kind.REF && heapType >= 0;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case I32 -> "i32";
            case I64 -> "i64";
            case F32 -> "f32";
            case F64 -> "f64";
            case V128 -> "v128";
            case I8 -> "i8";
            case I16 -> "i16";
            case REF -> "(ref " + (nullable ? "null " : "") + HeapType.toString(heapType) + ")";
        };
    }
}
