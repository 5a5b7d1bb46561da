package dev.gatun.internal.runtime;

import dev.gatun.ExpectedSharedMemoryTrap;
import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.UnalignedAtomicTrap;
import dev.gatun.internal.compile.NotSupportedException;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The threads proposal's atomic instructions on any memory, off-heap ({@link SegmentMemory}: shared ones and
 * large or 64-bit unshared ones) or not ({@link HeapMemory}; atomics are valid there too, see the word
 * primitives below). Every access to a shared
 * memory is sequentially consistent: volatile reads,
 * and read-modify-writes as compare-and-set loops on the naturally aligned containing word (4 bytes for 8-,
 * 16- and 32-bit accesses, 8 for 64-bit), which also covers the narrow forms that VarHandles lack atomics for.
 * Values are passed zero-extended in a {@code long}; the compiled code's i32 forms truncate.
 *
 * <p>Operands come in Wasm stack order, then the memory, the memarg offset and the access size in bytes (waits:
 * the instance context instead of the size).
 */
public final class AtomicAccess {
    private AtomicAccess() {}

    /** Read-modify-write operations, as the compiler passes them. */
    public static final int ADD = 0;
    public static final int SUB = 1;
    public static final int AND = 2;
    public static final int OR = 3;
    public static final int XOR = 4;
    public static final int XCHG = 5;

    private static final VarHandle HEAP_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle HEAP_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SEGMENT_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle SEGMENT_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    // ---- entry points for compiled code ----

    public static int load32(int address, LinearMemory memory, long offset, int size) {
        return (int) load(memory, effective(memory, address, offset, size), size);
    }

    public static long load64(int address, LinearMemory memory, long offset, int size) {
        return load(memory, effective(memory, address, offset, size), size);
    }

    public static void store32(int address, int value, LinearMemory memory, long offset, int size) {
        readModifyWrite(memory, effective(memory, address, offset, size), size, XCHG, value);
    }

    public static void store64(int address, long value, LinearMemory memory, long offset, int size) {
        readModifyWrite(memory, effective(memory, address, offset, size), size, XCHG, value);
    }

    public static int rmw32(int address, int value, LinearMemory memory, long offset, int size, int operation) {
        return (int) readModifyWrite(memory, effective(memory, address, offset, size), size, operation, value);
    }

    public static long rmw64(int address, long value, LinearMemory memory, long offset, int size, int operation) {
        return readModifyWrite(memory, effective(memory, address, offset, size), size, operation, value);
    }

    public static int cmpxchg32(int address, int expected, int replacement, LinearMemory memory, long offset, int size) {
        return (int) compareExchange(memory, effective(memory, address, offset, size), size,
                Integer.toUnsignedLong(expected), Integer.toUnsignedLong(replacement));
    }

    public static long cmpxchg64(int address, long expected, long replacement, LinearMemory memory, long offset,
                                 int size) {
        return compareExchange(memory, effective(memory, address, offset, size), size, expected, replacement);
    }

    /** memory.atomic.notify: on a non-shared memory nobody can wait, so it wakes 0. */
    public static int notify(int address, int count, LinearMemory memory, long offset) {
        long at = effective(memory, address, offset, 4);
        if (!(memory instanceof SharedMemory shared)) return 0;
        return shared.waiters.notify(at, Integer.toUnsignedLong(count));
    }

    /** memory.atomic.wait32: 0 woken, 1 value differs, 2 timed out; timeout in ns, negative = forever. */
    public static int wait32(int address, int expected, long timeoutNanos, LinearMemory memory, long offset,
                             InstanceContext ctx) {
        long at = effective(memory, address, offset, 4);
        SharedMemory shared = requireShared(memory);
        return shared.waiters.await(at, a -> getInt(shared, a) == expected, timeoutNanos, poller(ctx));
    }

    public static int wait64(int address, long expected, long timeoutNanos, LinearMemory memory, long offset,
                             InstanceContext ctx) {
        long at = effective(memory, address, offset, 8);
        SharedMemory shared = requireShared(memory);
        return shared.waiters.await(at, a -> getLong(shared, a) == expected, timeoutNanos, poller(ctx));
    }

    // ---- memory64: the same with an i64 address ----

    public static int load32(long address, LinearMemory memory, long offset, int size) {
        return (int) load(memory, effective64(memory, address, offset, size), size);
    }

    public static long load64(long address, LinearMemory memory, long offset, int size) {
        return load(memory, effective64(memory, address, offset, size), size);
    }

    public static void store32(long address, int value, LinearMemory memory, long offset, int size) {
        readModifyWrite(memory, effective64(memory, address, offset, size), size, XCHG, value);
    }

    public static void store64(long address, long value, LinearMemory memory, long offset, int size) {
        readModifyWrite(memory, effective64(memory, address, offset, size), size, XCHG, value);
    }

    public static int rmw32(long address, int value, LinearMemory memory, long offset, int size, int operation) {
        return (int) readModifyWrite(memory, effective64(memory, address, offset, size), size, operation, value);
    }

    public static long rmw64(long address, long value, LinearMemory memory, long offset, int size, int operation) {
        return readModifyWrite(memory, effective64(memory, address, offset, size), size, operation, value);
    }

    public static int cmpxchg32(long address, int expected, int replacement, LinearMemory memory, long offset, int size) {
        return (int) compareExchange(memory, effective64(memory, address, offset, size), size,
                Integer.toUnsignedLong(expected), Integer.toUnsignedLong(replacement));
    }

    public static long cmpxchg64(long address, long expected, long replacement, LinearMemory memory, long offset,
                                 int size) {
        return compareExchange(memory, effective64(memory, address, offset, size), size, expected, replacement);
    }

    public static int notify(long address, int count, LinearMemory memory, long offset) {
        long at = effective64(memory, address, offset, 4);
        if (!(memory instanceof SharedMemory shared)) return 0;
        return shared.waiters.notify(at, Integer.toUnsignedLong(count));
    }

    public static int wait32(long address, int expected, long timeoutNanos, LinearMemory memory, long offset,
                             InstanceContext ctx) {
        long at = effective64(memory, address, offset, 4);
        SharedMemory shared = requireShared(memory);
        return shared.waiters.await(at, a -> getInt(shared, a) == expected, timeoutNanos, poller(ctx));
    }

    public static int wait64(long address, long expected, long timeoutNanos, LinearMemory memory, long offset,
                             InstanceContext ctx) {
        long at = effective64(memory, address, offset, 8);
        SharedMemory shared = requireShared(memory);
        return shared.waiters.await(at, a -> getLong(shared, a) == expected, timeoutNanos, poller(ctx));
    }

    /** A waiting Wasm thread still honours its instance's interrupt flag; host waits (no instance) do not poll. */
    private static Runnable poller(InstanceContext ctx) {
        return ctx == null ? null : ctx::pollInterrupt;
    }

    public static void fence() {
        VarHandle.fullFence();
    }

    // ---- the operations on an effective address (also used by the host-side view) ----

    private static SharedMemory requireShared(LinearMemory memory) {
        if (memory instanceof SharedMemory shared) return shared;
        throw new ExpectedSharedMemoryTrap();
    }

    /** Checks alignment, then bounds, of an access of {@code size} bytes; returns the effective address. */
    static long effective(LinearMemory memory, int address, long offset, int size) {
        long at = Integer.toUnsignedLong(address) + offset;
        return checked(memory, at, offset < 0, size);
    }

    /** An i64 address at or past 2^63 (negative) is out of bounds of any memory, as is an overflowing sum. */
    static long effective64(LinearMemory memory, long address, long offset, int size) {
        long at = address + offset;
        return checked(memory, at, address < 0 || offset < 0 || at < 0, size);
    }

    static long checked(LinearMemory memory, long at, boolean overflow, int size) {
        if ((at & (size - 1)) != 0) throw new UnalignedAtomicTrap();
        if (overflow || at < 0 || at > memory.byteSize() - size) throw new MemoryOutOfBoundsTrap();
        return at;
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** The zero-extended value of {@code size} bytes at an aligned, in-bounds address. */
    static long load(LinearMemory memory, long at, int size) {
        if (size == 8) return getLong(memory, at);
        int shift = (int) (at & 3) * 8;
        return (Integer.toUnsignedLong(getInt(memory, at & ~3L)) >>> shift) & mask(size);
    }

    /** Atomically applies {@code operation} with {@code operand}; returns the old value, zero-extended. */
    static long readModifyWrite(LinearMemory memory, long at, int size, int operation, long operand) {
        if (size == 8) {
            long old;
            do {
                old = getLong(memory, at);
            } while (!casLong(memory, at, old, apply(operation, old, operand)));
            return old;
        }
        long word = at & ~3L;
        int shift = (int) (at & 3) * 8;
        long mask = mask(size);
        while (true) {
            int current = getInt(memory, word);
            long old = (Integer.toUnsignedLong(current) >>> shift) & mask;
            long updated = apply(operation, old, operand) & mask;
            int replacement = (int) ((Integer.toUnsignedLong(current) & ~(mask << shift)) | (updated << shift));
            if (casInt(memory, word, current, replacement)) return old;
        }
    }

    /** Replaces the value when it equals {@code expected} (wrapped to the access size); returns the old value. */
    static long compareExchange(LinearMemory memory, long at, int size, long expected, long replacement) {
        long mask = mask(size);
        long want = expected & mask;
        if (size == 8) {
            while (true) {
                long old = getLong(memory, at);
                if (old != want || casLong(memory, at, old, replacement)) return old;
            }
        }
        long word = at & ~3L;
        int shift = (int) (at & 3) * 8;
        while (true) {
            int current = getInt(memory, word);
            long old = (Integer.toUnsignedLong(current) >>> shift) & mask;
            if (old != want) return old;
            int updated = (int) ((Integer.toUnsignedLong(current) & ~(mask << shift)) | ((replacement & mask) << shift));
            if (casInt(memory, word, current, updated)) return old;
        }
    }

    private static long apply(int operation, long old, long operand) {
        return switch (operation) {
            case ADD -> old + operand;
            case SUB -> old - operand;
            case AND -> old & operand;
            case OR -> old | operand;
            case XOR -> old ^ operand;
            case XCHG -> operand;
            default -> throw new IllegalArgumentException("atomic operation " + operation);
        };
    }

    // ---- word primitives per memory kind (aligned: the checks above guarantee it) ----
    //
    // Byte-array view VarHandles have no atomic access modes on JDK 25, so a heap memory's words are read and
    // written plainly. That is still correct: a heap memory is never shared, so only the one thread running
    // its instance touches it, and a full fence around each access keeps the seq-cst ordering towards other
    // memory the same thread shares.

    static int getInt(LinearMemory memory, long at) {
        if (memory instanceof SegmentMemory offHeap) return (int) SEGMENT_INT.getVolatile(offHeap.segment, at);
        VarHandle.fullFence();
        return (int) HEAP_INT.get(heap(memory).bytes, (int) at);
    }

    static long getLong(LinearMemory memory, long at) {
        if (memory instanceof SegmentMemory offHeap) return (long) SEGMENT_LONG.getVolatile(offHeap.segment, at);
        VarHandle.fullFence();
        return (long) HEAP_LONG.get(heap(memory).bytes, (int) at);
    }

    private static boolean casInt(LinearMemory memory, long at, int expected, int replacement) {
        if (memory instanceof SegmentMemory offHeap) {
            return SEGMENT_INT.compareAndSet(offHeap.segment, at, expected, replacement);
        }
        byte[] bytes = heap(memory).bytes;
        if ((int) HEAP_INT.get(bytes, (int) at) != expected) return false;
        HEAP_INT.set(bytes, (int) at, replacement);
        VarHandle.fullFence();
        return true;
    }

    private static boolean casLong(LinearMemory memory, long at, long expected, long replacement) {
        if (memory instanceof SegmentMemory offHeap) {
            return SEGMENT_LONG.compareAndSet(offHeap.segment, at, expected, replacement);
        }
        byte[] bytes = heap(memory).bytes;
        if ((long) HEAP_LONG.get(bytes, (int) at) != expected) return false;
        HEAP_LONG.set(bytes, (int) at, replacement);
        VarHandle.fullFence();
        return true;
    }

    private static HeapMemory heap(LinearMemory memory) {
        if (memory instanceof HeapMemory heap) return heap;
        throw new NotSupportedException("atomics on " + memory.getClass().getSimpleName());
    }
}
