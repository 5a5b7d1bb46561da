package dev.gatun.internal.runtime;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.ValType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A global variable as something importable and exportable. A numeric value lives in a 16-byte slot: a
 * slice of the defining instance's vmctx, or of a small host-owned block for globals a host creates; except a
 * global the module defines and does not export, which lives in a JVM array cell instead ({@link GlobalCells}:
 * {@link #slot} is then null, and this object only serves the instantiator and snapshots). A reference value
 * lives in {@link #ref} (Java references never go off-heap).
 *
 * <p>Values cross the API boxed: Integer, Long, Float, Double (exact bits), or the reference itself.
 */
public final class WasmGlobal {
    public final GlobalType type;
    /** The value type with concrete heap types as canonical ids, comparable across modules (linking). */
    public final ValType canonicalType;
    /**
     * The 16-byte value slot (unused for reference globals, but reserved so every global has one); null for a
     * global in a JVM cell.
     */
    public final MemorySegment slot;
    public Object ref;
    /** The instance's {@link InstanceContext#globalCells} for a global in a cell, else null. */
    private final long[] cells;
    private final int cell;

    WasmGlobal(GlobalType type, ValType canonicalType, MemorySegment slot) {
        this.type = type;
        this.canonicalType = canonicalType;
        this.slot = slot;
        this.cells = null;
        this.cell = GlobalCells.NO_CELL;
    }

    /** A numeric global kept in {@code cells[cell]} as raw bits (see {@link GlobalCells}). */
    WasmGlobal(GlobalType type, ValType canonicalType, long[] cells, int cell) {
        if (cell < 0 || cell >= cells.length) {
            throw new IndexOutOfBoundsException("global cell " + cell + " of " + cells.length);
        }
        this.type = type;
        this.canonicalType = canonicalType;
        this.slot = null;
        this.cells = cells;
        this.cell = cell;
    }

    /** Whether the value lives in a JVM cell rather than a vmctx slot (for tests). */
    public boolean inCell() {
        return cells != null;
    }

    /** A global owned by the host (e.g. the spec tests' "spectest" module), with an initial value. */
    public static WasmGlobal host(GlobalType type, Object value) {
        if (type.type().isConcreteRef()) throw new IllegalArgumentException("host globals of concrete reference types need a module");
        WasmGlobal g = new WasmGlobal(type, type.type(), Arena.ofAuto().allocate(16, 16));
        g.setValue(value);
        return g;
    }

    public Object value() {
        if (cells != null) return cellValue();
        return switch (type.type().kind()) {
            case I32 -> slot.get(JAVA_INT, 0);
            case I64 -> slot.get(JAVA_LONG, 0);
            case F32 -> Float.intBitsToFloat(slot.get(JAVA_INT, 0));
            case F64 -> Double.longBitsToDouble(slot.get(JAVA_LONG, 0));
            case REF -> ref;
            case V128 -> getV128(slot, 0);
            default -> throw new UnsupportedOperationException("not supported: global of type " + type.type());
        };
    }

    /** Sets the value regardless of mutability (initialization, hosts); checks the box type. */
    public void setValue(Object value) {
        if (cells != null) {
            setCellValue(value);
            return;
        }
        switch (type.type().kind()) {
            case I32 -> slot.set(JAVA_INT, 0, (Integer) value);
            case I64 -> slot.set(JAVA_LONG, 0, (Long) value);
            case F32 -> slot.set(JAVA_INT, 0, Float.floatToRawIntBits((Float) value));
            case F64 -> slot.set(JAVA_LONG, 0, Double.doubleToRawLongBits((Double) value));
            case REF -> ref = value;
            case V128 -> setV128((dev.gatun.V128) value, slot, 0);
            default -> throw new UnsupportedOperationException("not supported: global of type " + type.type());
        }
    }

    private Object cellValue() {
        long bits = cells[cell];
        return switch (type.type().kind()) {
            case I32 -> (int) bits;
            case I64 -> bits;
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            default -> throw new IllegalStateException("global of type " + type.type() + " in a JVM cell");
        };
    }

    private void setCellValue(Object value) {
        cells[cell] = switch (type.type().kind()) {
            case I32 -> (Integer) value;
            case I64 -> (Long) value;
            case F32 -> Float.floatToRawIntBits((Float) value);
            case F64 -> Double.doubleToRawLongBits((Double) value);
            default -> throw new IllegalStateException("global of type " + type.type() + " in a JVM cell");
        };
    }

    // ---- compiled-code accessors, operands in Wasm stack order ----

    public static int getI32(WasmGlobal g) {
        return g.slot.get(JAVA_INT, 0);
    }

    public static long getI64(WasmGlobal g) {
        return g.slot.get(JAVA_LONG, 0);
    }

    public static float getF32(WasmGlobal g) {
        return Float.intBitsToFloat(g.slot.get(JAVA_INT, 0));
    }

    public static double getF64(WasmGlobal g) {
        return Double.longBitsToDouble(g.slot.get(JAVA_LONG, 0));
    }

    public static Object getRef(WasmGlobal g) {
        return g.ref;
    }

    public static void setI32(int v, WasmGlobal g) {
        g.slot.set(JAVA_INT, 0, v);
    }

    public static void setI64(long v, WasmGlobal g) {
        g.slot.set(JAVA_LONG, 0, v);
    }

    public static void setF32(float v, WasmGlobal g) {
        g.slot.set(JAVA_INT, 0, Float.floatToRawIntBits(v));
    }

    public static void setF64(double v, WasmGlobal g) {
        g.slot.set(JAVA_LONG, 0, Double.doubleToRawLongBits(v));
    }

    public static void setRef(Object v, WasmGlobal g) {
        g.ref = v;
    }

    // ---- compiled-code accessors for the instance's own numeric globals: vmctx + constant offset ----
    // Each is kept over C1's inline limit (C1MaxInlineSize, 35 bytecode bytes) by its inline slot range check: C1 inlines
    // every call site it may, and a MemorySegment access inlines ~40 methods with exception handlers; a method
    // with ~35+ global accesses then ran out of C1 virtual registers (tinygo-json: 16 methods "COMPILE SKIPPED")
    // and ran interpreted until C2 compiled it. C2 still inlines them at hot sites (FreqInlineSize).

    public static int getI32(MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        return vmctx.get(JAVA_INT, offset);
    }

    public static long getI64(MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        return vmctx.get(JAVA_LONG, offset);
    }

    public static float getF32(MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        return Float.intBitsToFloat(vmctx.get(JAVA_INT, offset));
    }

    public static double getF64(MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        return Double.longBitsToDouble(vmctx.get(JAVA_LONG, offset));
    }

    public static void setI32(int v, MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        vmctx.set(JAVA_INT, offset, v);
    }

    public static void setI64(long v, MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        vmctx.set(JAVA_LONG, offset, v);
    }

    public static void setF32(float v, MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        vmctx.set(JAVA_INT, offset, Float.floatToRawIntBits(v));
    }

    public static void setF64(double v, MemorySegment vmctx, long offset) {
        if (offset < 0 || offset > vmctx.byteSize() - Long.BYTES) throw slotOutOfRange(vmctx, offset);
        vmctx.set(JAVA_LONG, offset, Double.doubleToRawLongBits(v));
    }

    private static IllegalStateException slotOutOfRange(MemorySegment vmctx, long offset) {
        return new IllegalStateException("global slot at vmctx offset " + offset + " is outside the "
                + vmctx.byteSize() + "-byte vmctx");
    }

    // ---- v128 globals: both halves in the 16-byte slot ----

    public static dev.gatun.V128 getV128(WasmGlobal g) {
        return getV128(g.slot, 0);
    }

    public static void setV128(dev.gatun.V128 v, WasmGlobal g) {
        setV128(v, g.slot, 0);
    }

    public static dev.gatun.V128 getV128(MemorySegment vmctx, long offset) {
        return new dev.gatun.V128(vmctx.get(JAVA_LONG, offset), vmctx.get(JAVA_LONG, offset + 8));
    }

    public static void setV128(dev.gatun.V128 v, MemorySegment vmctx, long offset) {
        vmctx.set(JAVA_LONG, offset, v.lo());
        vmctx.set(JAVA_LONG, offset + 8, v.hi());
    }
}
