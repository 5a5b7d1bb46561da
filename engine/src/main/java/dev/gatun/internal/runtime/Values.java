package dev.gatun.internal.runtime;

import dev.gatun.internal.model.ValType;

/** Conversions between boxed Wasm values (the API's currency) and raw 64-bit patterns (scratch arrays). */
final class Values {
    private Values() {}

    static long toBits(ValType type, Object value) {
        return switch (type.kind()) {
            case I32 -> (Integer) value;
            case I64 -> (Long) value;
            case F32 -> Float.floatToRawIntBits((Float) value);
            case F64 -> Double.doubleToRawLongBits((Double) value);
            default -> throw new IllegalArgumentException("not a number type: " + type);
        };
    }

    static Object fromBits(ValType type, long bits) {
        return switch (type.kind()) {
            case I32 -> (int) bits;
            case I64 -> bits;
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            default -> throw new IllegalArgumentException("not a number type: " + type);
        };
    }

    /** Checks that a boxed value fits a Wasm type (so the generated adapters never see a wrong box). */
    static void check(ValType type, Object value, String what) {
        boolean ok = switch (type.kind()) {
            case I32 -> value instanceof Integer;
            case I64 -> value instanceof Long;
            case F32 -> value instanceof Float;
            case F64 -> value instanceof Double;
            case REF -> true;
            case V128 -> value instanceof dev.gatun.V128;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException(what + ": expected " + type + " but got "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
    }
}
