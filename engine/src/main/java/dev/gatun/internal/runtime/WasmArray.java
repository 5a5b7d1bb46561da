package dev.gatun.internal.runtime;

/**
 * A GC array: its canonical type id and elements, numbers as raw bits in {@link #bits} (packed i8/i16
 * elements keep their low bits) or references in {@link #refs}; the other is null.
 */
public final class WasmArray {
    public final int typeId;
    final long[] bits;
    final Object[] refs;

    WasmArray(int typeId, int length, boolean references) {
        this.typeId = typeId;
        this.bits = references ? null : new long[length];
        this.refs = references ? new Object[length] : null;
    }

    public int length() {
        return bits != null ? bits.length : refs.length;
    }
}
