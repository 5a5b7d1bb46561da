package dev.gatun.internal.runtime;

/**
 * Consulted before a memory or table of an instance grows (or is first allocated): returning false makes
 * {@code memory.grow} / {@code table.grow} return -1, as the spec allows, and fails instantiation.
 */
public interface ResourceLimiter {
    /** May a memory grow from {@code currentBytes} to {@code desiredBytes}? A yes reserves the difference. */
    boolean memoryGrowing(long currentBytes, long desiredBytes);

    /**
     * The most bytes {@link #memoryGrowing} lets one memory reach, or -1 for no such limit: heap memories keep no
     * spare capacity past it, so the JVM heap a limited memory takes stays within its limit.
     */
    default long maxMemoryBytes() {
        return -1;
    }

    /**
     * Bytes {@link #memoryGrowing} could still grant under an engine-wide total (a snapshot: other instances may
     * take them first), or {@link Long#MAX_VALUE} when there is no total. Heap memories size the spare capacity
     * they reserve by it ({@link HeapMemory}).
     */
    default long memoryBudgetLeft() {
        return Long.MAX_VALUE;
    }

    /** Returns bytes reserved by {@link #memoryGrowing} (a failed allocation, a closed instance). */
    void memoryReleased(long bytes);

    /** May a table grow from {@code current} to {@code desired} elements? */
    boolean tableGrowing(long current, long desired);

    /**
     * An instance imports {@code memory} (named {@code importName} in errors): a memory the host created, with no
     * limiter yet, may be put under this one's limits. Throws a {@link dev.gatun.ResourceLimitException} if it
     * is already over them.
     */
    default void memoryImported(LinearMemory memory, String importName) {}
}
