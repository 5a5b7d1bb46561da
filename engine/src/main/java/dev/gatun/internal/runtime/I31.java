package dev.gatun.internal.runtime;

import dev.gatun.NullI31ReferenceTrap;

/** An i31ref: an unboxed-in-Wasm 31-bit integer, boxed here (values compare by content for ref.eq). */
public record I31(int bits) {
    private static final I31[] SMALL = new I31[256];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = new I31(i - 128);
    }

    /** ref.i31: keeps the low 31 bits (small values are shared). */
    public static I31 of(int value) {
        int bits = value & 0x7FFFFFFF;
        int signed = (bits << 1) >> 1;
        if (signed >= -128 && signed < 128) return SMALL[signed + 128];
        return new I31(bits);
    }

    public static int getSigned(Object ref) {
        if (ref == null) throw new NullI31ReferenceTrap();
        return (((I31) ref).bits & 0x7FFFFFFF) << 1 >> 1;
    }

    public static int getUnsigned(Object ref) {
        if (ref == null) throw new NullI31ReferenceTrap();
        return ((I31) ref).bits & 0x7FFFFFFF;
    }
}
