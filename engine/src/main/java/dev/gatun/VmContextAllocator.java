package dev.gatun;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Hands out the off-heap vmctx blocks of one {@link InstancePre}'s instances, carved from batches of
 * {@link #BLOCKS_PER_BATCH} blocks that share one shared {@link Arena}.
 *
 * <p>Why batches: closing a shared arena is a handshake with every JVM thread (measured ~7-10 µs on this
 * machine, a third of a fresh instantiation); one arena per batch pays it once per {@value #BLOCKS_PER_BATCH}
 * instances. Why blocks are never reused: code of a closed instance may still run (a function exported to
 * another instance, a guest running while another thread closes it) and would write into a recycled block of
 * a live instance; a block that is never handed out again makes such writes harmless, and once the whole
 * batch is released its arena closes and such accesses fail as before ({@link IllegalStateException}).
 *
 * <p>Freed deterministically: a batch's arena closes when its last block is released after all of its
 * blocks were handed out; the batch still being filled closes when the {@code InstancePre} becomes
 * unreachable ({@link #retire}) and its blocks are released. Native memory held is therefore at most one
 * batch per live instance plus one per InstancePre.
 */
final class VmContextAllocator {
    static final int BLOCKS_PER_BATCH = 16;
    /** Blocks start on cache lines: instances of one batch run on different threads. */
    private static final long BLOCK_ALIGNMENT = 64;

    private final long blockBytes;
    private final long stride;
    private Batch current;
    private boolean retired;

    VmContextAllocator(long blockBytes, long blockAlignment) {
        this.blockBytes = blockBytes;
        long alignment = Math.max(BLOCK_ALIGNMENT, blockAlignment);
        this.stride = (blockBytes + alignment - 1) / alignment * alignment;
    }

    /** One instance's vmctx block and the batch it is returned to. */
    record Block(Batch batch, MemorySegment segment) {}

    /** A slab of blocks in one arena; counts guarded by the allocator's lock. */
    final class Batch {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment slab = arena.allocate(stride * BLOCKS_PER_BATCH, Math.max(BLOCK_ALIGNMENT, 8));
        private int handedOut;
        private int released;

        private boolean finished() {
            return released == handedOut && (handedOut == BLOCKS_PER_BATCH || this != current);
        }

        private void free() {
            arena.close();
        }
    }

    /** A zeroed block (fresh from the arena: blocks are never handed out twice). */
    synchronized Block acquire() {
        if (retired) throw new IllegalStateException("vmctx allocator used after its InstancePre was dropped");
        if (current == null || current.handedOut == BLOCKS_PER_BATCH) current = new Batch();
        Batch batch = current;
        MemorySegment block = batch.slab.asSlice(stride * batch.handedOut, blockBytes);
        batch.handedOut++;
        return new Block(batch, block);
    }

    /** The instance owning {@code block} closed; frees the batch when that was its last live block. */
    void release(Block block) {
        Batch batch = block.batch();
        boolean free;
        synchronized (this) {
            batch.released++;
            free = batch.finished();
            if (free && batch == current) current = null;
        }
        if (free) batch.free();
    }

    /** The InstancePre is unreachable: the batch being filled gets no more blocks and closes when empty. */
    void retire() {
        Batch batch;
        synchronized (this) {
            retired = true;
            batch = current;
            current = null;
            if (batch == null || batch.released != batch.handedOut) return;
        }
        batch.free();
    }
}
