package dev.gatun;

import dev.gatun.internal.runtime.AtomicMemoryView;
import java.time.Duration;

/**
 * The atomic view of a shared {@link Memory} ({@link Memory#atomics()}): sequentially consistent reads, writes,
 * read-modify-writes, compare-and-exchange and wait/notify, with the semantics of the Wasm
 * {@code memory.atomic.*} instructions, so the host synchronizes with Wasm threads through the same words.
 * Addresses must be naturally aligned ({@link UnalignedAtomicTrap} otherwise) and in bounds
 * ({@link MemoryOutOfBoundsTrap}). Thread-safe.
 */
public final class AtomicMemory {
    /** What {@link #waitInt} / {@link #waitLong} return, as memory.atomic.wait does. */
    public static final int WOKEN = 0;
    public static final int NOT_EQUAL = 1;
    public static final int TIMED_OUT = 2;

    private final AtomicMemoryView view;

    AtomicMemory(AtomicMemoryView view) {
        this.view = view;
    }

    public int getInt(long address) {
        return view.getInt(address);
    }

    public long getLong(long address) {
        return view.getLong(address);
    }

    public void setInt(long address, int value) {
        view.setInt(address, value);
    }

    public void setLong(long address, long value) {
        view.setLong(address, value);
    }

    /** Adds {@code delta} and returns the previous value. */
    public int getAndAddInt(long address, int delta) {
        return view.getAndAddInt(address, delta);
    }

    /** Adds {@code delta} and returns the previous value. */
    public long getAndAddLong(long address, long delta) {
        return view.getAndAddLong(address, delta);
    }

    /** Stores {@code replacement} if the value is {@code expected}; returns the value seen (success if equal). */
    public int compareAndExchangeInt(long address, int expected, int replacement) {
        return view.compareAndExchangeInt(address, expected, replacement);
    }

    /** Stores {@code replacement} if the value is {@code expected}; returns the value seen (success if equal). */
    public long compareAndExchangeLong(long address, long expected, long replacement) {
        return view.compareAndExchangeLong(address, expected, replacement);
    }

    /** Wakes up to {@code count} threads (Wasm or host) waiting on {@code address}; returns how many woke. */
    public int notify(long address, int count) {
        if (count < 0) throw new IllegalArgumentException("negative notify count " + count);
        return view.notify(address, count);
    }

    /**
     * Blocks the calling thread while the i32 at {@code address} is {@code expected}, like memory.atomic.wait32:
     * returns {@link #WOKEN} when notified, {@link #NOT_EQUAL} at once when the value differs, {@link #TIMED_OUT}
     * after {@code timeout} (null: no timeout). An interrupt of the waiting thread ends the wait with an
     * {@link InterruptedTrap}.
     */
    public int waitInt(long address, int expected, Duration timeout) {
        return view.waitInt(address, expected, timeout);
    }

    /** {@link #waitInt} for the i64 at {@code address} (memory.atomic.wait64). */
    public int waitLong(long address, long expected, Duration timeout) {
        return view.waitLong(address, expected, timeout);
    }
}
