package dev.gatun.internal.runtime;

import java.lang.invoke.MethodHandles;

/**
 * Bootstraps of the dynamic constants that hold the value tables of br_tables lowered to lookups (see
 * {@code dev.gatun.internal.compile.BrTableLookup}). A table travels as a String constant, each value as
 * its 16-bit chunks from the low end (two chars per int, four per long), so one constant-pool entry holds it
 * and the generated class needs no static initializer.
 */
public final class LookupTables {
    private LookupTables() {}

    /** The int table encoded in {@code chunks} (two chars per value, low half first). */
    public static int[] ints(MethodHandles.Lookup lookup, String name, Class<?> type, String chunks) {
        int[] values = new int[chunks.length() / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = chunks.charAt(2 * i) | chunks.charAt(2 * i + 1) << 16;
        }
        return values;
    }

    /** The long table encoded in {@code chunks} (four chars per value, lowest chunk first). */
    public static long[] longs(MethodHandles.Lookup lookup, String name, Class<?> type, String chunks) {
        long[] values = new long[chunks.length() / 4];
        for (int i = 0; i < values.length; i++) {
            long value = 0;
            for (int c = 3; c >= 0; c--) value = value << 16 | chunks.charAt(4 * i + c);
            values[i] = value;
        }
        return values;
    }

    /** Encodes an int table for {@link #ints}. */
    public static String encodeInts(int[] values) {
        StringBuilder chunks = new StringBuilder(values.length * 2);
        for (int value : values) chunks.append((char) value).append((char) (value >>> 16));
        return chunks.toString();
    }

    /** Encodes a long table for {@link #longs}. */
    public static String encodeLongs(long[] values) {
        StringBuilder chunks = new StringBuilder(values.length * 4);
        for (long value : values) {
            for (int c = 0; c < 4; c++) chunks.append((char) (value >>> 16 * c));
        }
        return chunks.toString();
    }
}
