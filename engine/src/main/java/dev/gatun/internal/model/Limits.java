package dev.gatun.internal.model;

/**
 * Limits of a memory (in pages) or a table (in elements). {@code max} is -1 when absent. {@code is64}
 * marks memory64/table64 (address type i64).
 */
public record Limits(long min, long max, boolean shared, boolean is64) {
    public boolean hasMax() {
        return max >= 0;
    }
}
