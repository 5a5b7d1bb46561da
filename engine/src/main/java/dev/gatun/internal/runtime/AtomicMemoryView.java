package dev.gatun.internal.runtime;

import java.time.Duration;

/**
 * The host's side of a memory shared with Wasm threads: sequentially consistent reads, writes,
 * read-modify-writes and wait/notify on naturally aligned addresses, with the same semantics (and traps) as
 * the Wasm atomic instructions, so host and guest can synchronize through the same words.
 */
public final class AtomicMemoryView {
    private final LinearMemory memory;

    public AtomicMemoryView(LinearMemory memory) {
        if (!(memory instanceof SegmentMemory) && !(memory instanceof HeapMemory)) {
            throw new IllegalArgumentException("no atomic view of a " + memory.getClass().getSimpleName());
        }
        this.memory = memory;
    }

    public LinearMemory memory() {
        return memory;
    }

    private long at(long address, int size) {
        return AtomicAccess.checked(memory, address, false, size);
    }

    public int getInt(long address) {
        return (int) AtomicAccess.load(memory, at(address, 4), 4);
    }

    public long getLong(long address) {
        return AtomicAccess.load(memory, at(address, 8), 8);
    }

    public void setInt(long address, int value) {
        AtomicAccess.readModifyWrite(memory, at(address, 4), 4, AtomicAccess.XCHG, value);
    }

    public void setLong(long address, long value) {
        AtomicAccess.readModifyWrite(memory, at(address, 8), 8, AtomicAccess.XCHG, value);
    }

    /** Adds and returns the previous value. */
    public int getAndAddInt(long address, int delta) {
        return (int) AtomicAccess.readModifyWrite(memory, at(address, 4), 4, AtomicAccess.ADD, delta);
    }

    public long getAndAddLong(long address, long delta) {
        return AtomicAccess.readModifyWrite(memory, at(address, 8), 8, AtomicAccess.ADD, delta);
    }

    /** Stores {@code replacement} if the value is {@code expected}; returns the value seen. */
    public int compareAndExchangeInt(long address, int expected, int replacement) {
        return (int) AtomicAccess.compareExchange(memory, at(address, 4), 4, Integer.toUnsignedLong(expected),
                Integer.toUnsignedLong(replacement));
    }

    public long compareAndExchangeLong(long address, long expected, long replacement) {
        return AtomicAccess.compareExchange(memory, at(address, 8), 8, expected, replacement);
    }

    /** Wakes up to {@code count} threads waiting on {@code address}; returns how many were woken. */
    public int notify(long address, int count) {
        return AtomicAccess.notify(u32(address), count, memory, 0);
    }

    /**
     * Waits like memory.atomic.wait32: 0 when woken, 1 when the value is not {@code expected}, 2 on timeout;
     * a null timeout waits forever. Traps on a memory that is not shared.
     */
    public int waitInt(long address, int expected, Duration timeout) {
        return AtomicAccess.wait32(u32(address), expected, nanos(timeout), memory, 0, null);
    }

    public int waitLong(long address, long expected, Duration timeout) {
        return AtomicAccess.wait64(u32(address), expected, nanos(timeout), memory, 0, null);
    }

    /** Wasm addresses of shared memories are u32s. */
    private static int u32(long address) {
        if (address < 0 || address > 0xFFFF_FFFFL) throw new dev.gatun.MemoryOutOfBoundsTrap();
        return (int) address;
    }

    private static long nanos(Duration timeout) {
        if (timeout == null) return -1;
        if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout " + timeout);
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
