package dev.gatun.internal.runtime;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * memory.size/grow and the bulk operations for compiled code when a {@link SegmentMemory} is involved (memory64,
 * 32-bit memories over 2 GiB, shared memory64), in Wasm stack order. Addresses and lengths are unsigned: the
 * i64 forms treat values at or past 2^63 as out of bounds, the i32 forms zero-extend. memory.copy takes any
 * two memories (multi-memory may pair a heap memory with an off-heap one, or i32 with i64 addresses, the
 * length then being i32). Long operations check for interrupts between chunks.
 */
public final class SegmentMemoryOps {
    private SegmentMemoryOps() {}

    /** Bulk operations longer than this check for interrupts between chunks of this size. */
    private static final long CHUNK = HeapMemory.BULK_CHUNK;

    public static long size64(SegmentMemory memory) {
        return memory.pages();
    }

    public static int size(SegmentMemory memory) {
        return (int) memory.pages();
    }

    /** The delta is an unsigned i64, so "negative" ones always fail. */
    public static long grow64(long deltaPages, SegmentMemory memory) {
        return deltaPages < 0 ? -1 : memory.grow(deltaPages);
    }

    public static int grow(int deltaPages, SegmentMemory memory) {
        return (int) memory.grow(Integer.toUnsignedLong(deltaPages));
    }

    public static void fill(long address, int value, long length, SegmentMemory memory) {
        if (address < 0 || length < 0) throw new MemoryOutOfBoundsTrap();
        memory.checkRange(address, length);
        for (long done = 0; done < length; done += CHUNK) {
            if (done > 0) checkInterrupted(memory);
            memory.segment.asSlice(address + done, Math.min(CHUNK, length - done)).fill((byte) value);
        }
    }

    public static void fill(int address, int value, int length, SegmentMemory memory) {
        fill(Integer.toUnsignedLong(address), value, Integer.toUnsignedLong(length), memory);
    }

    public static void init(long destination, int source, int length, SegmentMemory memory, InstanceContext ctx,
                            int segment) {
        byte[] data = ctx.dataSegments[segment];
        long s = Integer.toUnsignedLong(source);
        long n = Integer.toUnsignedLong(length);
        if (destination < 0) throw new MemoryOutOfBoundsTrap();
        memory.checkRange(destination, n);
        if (s + n > data.length) throw new MemoryOutOfBoundsTrap();
        MemorySegment.copy(data, (int) s, memory.segment, ValueLayout.JAVA_BYTE, destination, (int) n);
    }

    public static void init(int destination, int source, int length, SegmentMemory memory, InstanceContext ctx,
                            int segment) {
        init(Integer.toUnsignedLong(destination), source, length, memory, ctx, segment);
    }

    /**
     * memory.copy between any two (possibly equal) memories, at least one of them off-heap; overlapping ranges
     * of one memory copy as if through a buffer. Bounds are checked before anything is written.
     */
    public static void copy(long destination, long source, long length, LinearMemory target, LinearMemory origin) {
        if (destination < 0 || source < 0 || length < 0
                || destination > target.byteSize() - length || source > origin.byteSize() - length) {
            throw new MemoryOutOfBoundsTrap();
        }
        if (length > CHUNK) checkInterrupted(target);
        switch (target) {
            case SegmentMemory t when origin instanceof SegmentMemory o ->
                    MemorySegment.copy(o.segment, source, t.segment, destination, length);
            case SegmentMemory t when origin instanceof HeapMemory o ->
                    MemorySegment.copy(o.bytes, (int) source, t.segment, ValueLayout.JAVA_BYTE, destination, (int) length);
            case HeapMemory t when origin instanceof SegmentMemory o ->
                    MemorySegment.copy(o.segment, ValueLayout.JAVA_BYTE, source, t.bytes, (int) destination, (int) length);
            default -> {
                byte[] buffer = new byte[(int) Math.min(length, CHUNK)];
                for (long done = 0; done < length; done += buffer.length) {
                    int chunk = (int) Math.min(buffer.length, length - done);
                    origin.read(source + done, buffer, 0, chunk);
                    target.write(destination + done, buffer, 0, chunk);
                }
            }
        }
        if (length > CHUNK) checkInterrupted(target);
    }

    public static void copy(int destination, int source, int length, LinearMemory target, LinearMemory origin) {
        copy(Integer.toUnsignedLong(destination), Integer.toUnsignedLong(source), Integer.toUnsignedLong(length),
                target, origin);
    }

    /** An i64 target and an i32 source: the length is i32. */
    public static void copy(long destination, int source, int length, LinearMemory target, LinearMemory origin) {
        copy(destination, Integer.toUnsignedLong(source), Integer.toUnsignedLong(length), target, origin);
    }

    /** An i32 target and an i64 source: the length is i32. */
    public static void copy(int destination, long source, int length, LinearMemory target, LinearMemory origin) {
        copy(Integer.toUnsignedLong(destination), source, Integer.toUnsignedLong(length), target, origin);
    }

    private static void checkInterrupted(LinearMemory memory) {
        InstanceContext owner = switch (memory) {
            case OffHeapMemory m -> m.owner;
            case HeapMemory m -> m.owner;
            default -> null;
        };
        if (owner != null) owner.checkInterruptedInBulk();
    }
}
