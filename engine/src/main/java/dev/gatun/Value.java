package dev.gatun;

import java.util.Objects;

/** One WebAssembly value with its type, for the generic (dynamic) call path and host functions. */
public final class Value {
    private final ValueType type;
    private final long bits;
    private final Object ref;

    private Value(ValueType type, long bits, Object ref) {
        this.type = type;
        this.bits = bits;
        this.ref = ref;
    }

    public static Value i32(int v) {
        return new Value(ValueType.I32, v, null);
    }

    public static Value i64(long v) {
        return new Value(ValueType.I64, v, null);
    }

    public static Value f32(float v) {
        return new Value(ValueType.F32, Float.floatToRawIntBits(v), null);
    }

    public static Value f64(double v) {
        return new Value(ValueType.F64, Double.doubleToRawLongBits(v), null);
    }

    /** An externref holding any Java object (null: the null reference). */
    public static Value externRef(Object v) {
        return new Value(ValueType.EXTERNREF, 0, v);
    }

    /** A funcref as Gatun represents it (from a table or a result), or null. */
    public static Value funcRef(Object v) {
        return new Value(ValueType.FUNCREF, 0, v);
    }

    public ValueType type() {
        return type;
    }

    public int asInt() {
        expect(ValueType.I32);
        return (int) bits;
    }

    public long asLong() {
        expect(ValueType.I64);
        return bits;
    }

    public float asFloat() {
        expect(ValueType.F32);
        return Float.intBitsToFloat((int) bits);
    }

    public double asDouble() {
        expect(ValueType.F64);
        return Double.longBitsToDouble(bits);
    }

    public Object asRef() {
        if (!type.isReference()) throw new IllegalStateException("a " + type + " value is not a reference");
        return ref;
    }

    private void expect(ValueType wanted) {
        if (type != wanted) throw new IllegalStateException("a " + type + " value, not " + wanted);
    }

    /** The boxed form the runtime uses (Integer, Long, Float, Double with exact bits; references as they are). */
    Object boxed() {
        return switch (type) {
            case I32 -> (int) bits;
            case I64 -> bits;
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            case V128 -> throw new IllegalArgumentException("not supported: v128 values across the embedding API");
            default -> ref;
        };
    }

    static Value fromBoxed(ValueType type, Object boxed) {
        return switch (type) {
            case I32 -> i32((Integer) boxed);
            case I64 -> i64((Long) boxed);
            case F32 -> new Value(type, Float.floatToRawIntBits((Float) boxed), null);
            case F64 -> new Value(type, Double.doubleToRawLongBits((Double) boxed), null);
            case V128 -> throw new IllegalArgumentException("not supported: v128 values across the embedding API");
            default -> new Value(type, 0, boxed);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && v.type == type && v.bits == bits && Objects.equals(v.ref, ref);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, bits, ref);
    }

    @Override
    public String toString() {
        return switch (type) {
            case I32 -> "i32:" + (int) bits;
            case I64 -> "i64:" + bits;
            case F32 -> "f32:" + asFloat();
            case F64 -> "f64:" + asDouble();
            default -> type + ":" + ref;
        };
    }
}
