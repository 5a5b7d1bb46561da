package dev.gatun;

/**
 * A table of references: an instance's export, or a host-created one to import. Elements are Gatun's
 * reference objects (opaque to the host; funcref elements can be stored into other tables).
 */
public final class Table {
    final dev.gatun.internal.runtime.Table table;

    Table(dev.gatun.internal.runtime.Table table) {
        this.table = table;
    }

    /** A host table of funcref or externref, {@code min} null elements, growable to {@code max} (-1: no maximum). */
    public static Table create(ValueType element, long min, long max) {
        if (element != ValueType.FUNCREF && element != ValueType.EXTERNREF) {
            throw new IllegalArgumentException("not supported: host tables of " + element);
        }
        return new Table(new dev.gatun.internal.runtime.Table(element.internal(), min, max, null));
    }

    public ValueType elementType() {
        return ValueType.of(table.elementType);
    }

    public long size() {
        return table.size();
    }

    /** The element at {@code index}; throws {@link TableOutOfBoundsTrap} outside the table. */
    public Object get(long index) {
        return table.get(index);
    }

    public void set(long index, Object value) {
        table.set(index, value);
    }

    /** Grows by {@code delta} elements set to {@code init}; returns the old size or -1. */
    public long grow(long delta, Object init) {
        return table.grow(delta, init);
    }
}
