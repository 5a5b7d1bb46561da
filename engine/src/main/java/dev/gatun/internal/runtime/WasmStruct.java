package dev.gatun.internal.runtime;

/**
 * A GC struct: its canonical type id (for casts) and its fields, numbers as raw bits (packed i8/i16 fields
 * keep their low bits), references apart. One representation for every struct type for now; per-type
 * generated classes with typed fields are the later optimisation.
 */
public final class WasmStruct {
    public final int typeId;
    final long[] bits;
    final Object[] refs;

    WasmStruct(int typeId, int fieldCount) {
        this.typeId = typeId;
        this.bits = new long[fieldCount];
        this.refs = new Object[fieldCount];
    }
}
