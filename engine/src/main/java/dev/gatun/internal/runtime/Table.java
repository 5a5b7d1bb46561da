package dev.gatun.internal.runtime;

import dev.gatun.IndirectCallTypeMismatchTrap;
import dev.gatun.TableOutOfBoundsTrap;
import dev.gatun.UndefinedElementTrap;
import dev.gatun.UninitializedElementTrap;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.validate.CanonicalTypes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A table of references (funcrefs are {@link FunctionRef}s, null is null), in a Java array. Sizes are capped
 * at {@link #ELEMENT_LIMIT}: creating a bigger one is "not supported", growing past it fails (-1).
 */
public final class Table {
    /** An implementation limit far above real programs' needs, far below what would exhaust the heap. */
    public static final long ELEMENT_LIMIT = 10_000_000;

    public final ValType elementType;
    /** table64: indexed by i64 (linking must match it). */
    public final boolean is64;
    private Object[] elements;
    private final long max;
    /** This table's definition record in its owner's vmctx, kept in sync on grow; null if none. */
    private MemorySegment definition;

    /** @param max declared maximum, or -1 */
    public Table(ValType elementType, long min, long max, Object initial) {
        this(elementType, min, max, false, initial);
    }

    public Table(ValType elementType, long min, long max, boolean is64, Object initial) {
        if (min > ELEMENT_LIMIT) {
            throw new NotSupportedException("table of " + min + " elements (limit " + ELEMENT_LIMIT + ")");
        }
        this.elementType = elementType;
        this.is64 = is64;
        this.max = max;
        this.elements = new Object[(int) min];
        if (initial != null) Arrays.fill(elements, initial);
    }

    void attachDefinition(MemorySegment record) {
        this.definition = record;
        publishSize();
    }

    private void publishSize() {
        if (definition == null) return;
        definition.set(ValueLayout.JAVA_LONG, VmContextLayout.Field.TABLE_SIZE.offsetInRecord, elements.length);
        definition.set(ValueLayout.JAVA_LONG, VmContextLayout.Field.TABLE_MAX.offsetInRecord, max);
    }

    public int size() {
        return elements.length;
    }

    public long max() {
        return max;
    }

    public Object get(long index) {
        if (index < 0 || index >= elements.length) throw new TableOutOfBoundsTrap();
        return elements[(int) index];
    }

    public void set(long index, Object value) {
        if (index < 0 || index >= elements.length) throw new TableOutOfBoundsTrap();
        elements[(int) index] = value;
    }

    /** Grows by {@code delta} elements set to {@code init}; returns the old size or -1. */
    public long grow(long delta, Object init) {
        long old = elements.length;
        long limit = max < 0 ? ELEMENT_LIMIT : Math.min(max, ELEMENT_LIMIT);
        if (delta < 0 || delta > limit - old) return -1;
        Object[] grown = Arrays.copyOf(elements, (int) (old + delta));
        Arrays.fill(grown, (int) old, grown.length, init);
        elements = grown;
        publishSize();
        return old;
    }

    /** Copies a segment's references in at {@code offset}; traps (writing nothing) when out of bounds. */
    public void initialize(long offset, Object[] values) {
        if (offset < 0 || offset > elements.length - (long) values.length) throw new TableOutOfBoundsTrap();
        System.arraycopy(values, 0, elements, (int) offset, values.length);
    }

    /**
     * call_indirect's lookup: the element at an unsigned i32 index, checked for bounds, null and type
     * (one comparison of canonical type ids; the subtype walk only runs when they differ).
     */
    public FunctionRef functionForCall(int index, int expectedTypeId) {
        return functionForCall(Integer.toUnsignedLong(index), expectedTypeId);
    }

    /** As above for table64: the index is an unsigned i64 (so "negative" ones are out of range). */
    public FunctionRef functionForCall(long index, int expectedTypeId) {
        if (index < 0 || index >= elements.length) throw new UndefinedElementTrap();
        Object element = elements[(int) index];
        if (element == null) throw new UninitializedElementTrap(index);
        FunctionRef function = (FunctionRef) element;
        if (function.typeId != expectedTypeId && !CanonicalTypes.isDeclaredSubtype(function.typeId, expectedTypeId)) {
            throw new IndirectCallTypeMismatchTrap();
        }
        return function;
    }

    // ---- compiled-code accessors, operands in Wasm stack order (i32 index type) ----

    public static int grow(Object init, int delta, Table table) {
        return (int) table.grow(Integer.toUnsignedLong(delta), init);
    }

    /** table.fill: bounds are checked before anything is written. */
    public static void fill(int index, Object value, int length, Table table) {
        long start = Integer.toUnsignedLong(index);
        long n = Integer.toUnsignedLong(length);
        table.checkRange(start, n);
        Arrays.fill(table.elements, (int) start, (int) (start + n), value);
    }

    public static void copy(int destination, int source, int length, Table target, Table origin) {
        long d = Integer.toUnsignedLong(destination);
        long s = Integer.toUnsignedLong(source);
        long n = Integer.toUnsignedLong(length);
        target.checkRange(d, n);
        origin.checkRange(s, n);
        System.arraycopy(origin.elements, (int) s, target.elements, (int) d, (int) n);
    }

    /** table.init from an element segment (a dropped segment is empty). */
    public static void init(int destination, int source, int length, Table table, InstanceContext ctx, int segment) {
        Object[] values = ctx.elementSegments[segment];
        long d = Integer.toUnsignedLong(destination);
        long s = Integer.toUnsignedLong(source);
        long n = Integer.toUnsignedLong(length);
        table.checkRange(d, n);
        if (s + n > values.length) throw new TableOutOfBoundsTrap();
        System.arraycopy(values, (int) s, table.elements, (int) d, (int) n);
    }

    private void checkRange(long start, long length) {
        if (start < 0 || length < 0 || start + length > elements.length) throw new TableOutOfBoundsTrap();
    }

    // ---- table64 variants: i64 indices, sizes and lengths ----

    public static Object get64(long index, Table table) {
        return table.get(index);
    }

    public static void set64(long index, Object value, Table table) {
        table.set(index, value);
    }

    public static long size64(Table table) {
        return table.size();
    }

    public static long grow64(Object init, long delta, Table table) {
        return table.grow(delta, init);
    }

    public static void fill64(long index, Object value, long length, Table table) {
        table.checkRange(index, length);
        Arrays.fill(table.elements, (int) index, (int) (index + length), value);
    }

    public static void copy64(long destination, long source, long length, Table target, Table origin) {
        target.checkRange(destination, length);
        origin.checkRange(source, length);
        System.arraycopy(origin.elements, (int) source, target.elements, (int) destination, (int) length);
    }

    /** table.copy from a 32-bit into a 64-bit table (the length is i32 when either side is). */
    public static void copyMixed(long destination, int source, int length, Table target, Table origin) {
        copy64(destination, Integer.toUnsignedLong(source), Integer.toUnsignedLong(length), target, origin);
    }

    /** table.copy from a 64-bit into a 32-bit table. */
    public static void copyMixed(int destination, long source, int length, Table target, Table origin) {
        copy64(Integer.toUnsignedLong(destination), source, Integer.toUnsignedLong(length), target, origin);
    }

    public static void init64(long destination, int source, int length, Table table, InstanceContext ctx, int segment) {
        Object[] values = ctx.elementSegments[segment];
        long s = Integer.toUnsignedLong(source);
        long n = Integer.toUnsignedLong(length);
        table.checkRange(destination, n);
        if (s + n > values.length) throw new TableOutOfBoundsTrap();
        System.arraycopy(values, (int) s, table.elements, (int) destination, (int) n);
    }

    public static Object get(int index, Table table) {
        return table.get(Integer.toUnsignedLong(index));
    }

    public static void set(int index, Object value, Table table) {
        table.set(Integer.toUnsignedLong(index), value);
    }

    public static int size(Table table) {
        return table.size();
    }
}
