package dev.gatun.internal.runtime;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;

/**
 * An instance's just-instantiated state (its own memories, globals, tables, segment drop state), taken once
 * so that a pool can put a used instance back into that state instead of instantiating anew. Imported
 * memories, tables and globals belong to someone else and are left alone. A heap memory's image is its whole
 * array; an off-heap memory's is its bytes up to the last non-zero one (the rest is zeroed on restore, whole
 * pages handed back to the kernel), with its size kept apart. Shared memories are not snapshotted: a pool
 * cannot reset what other instances and threads see.
 */
public final class InstanceSnapshot {
    private final byte[][] memoryImages;
    /** Each own memory's size in bytes when the snapshot was taken. */
    private final long[] memorySizes;
    private final Object[] globalValues;
    private final Object[][] tableImages;
    private final byte[][] dataSegments;
    private final Object[][] elementSegments;
    private final int firstMemory;
    private final int firstGlobal;
    private final int firstTable;
    /** False when some state cannot be put back exactly (a shared memory other threads may write). */
    private final boolean restorable;

    private InstanceSnapshot(InstanceContext ctx, ModuleModel module, InstanceSnapshot sibling) {
        firstMemory = module.importedCount(ExternKind.MEMORY);
        firstGlobal = module.importedCount(ExternKind.GLOBAL);
        firstTable = module.importedCount(ExternKind.TABLE);
        memoryImages = new byte[ctx.memories.length - firstMemory][];
        memorySizes = new long[memoryImages.length];
        boolean heapOrOffHeapOnly = true;
        for (int i = 0; i < memoryImages.length; i++) {
            LinearMemory memory = ctx.memories[firstMemory + i];
            memorySizes[i] = memory.byteSize();
            byte[] bytes;
            switch (memory) {
                case HeapMemory heap -> bytes = heap.bytes;
                case OffHeapMemory offHeap -> bytes = offHeap.nonZeroPrefix();
                default -> {
                    heapOrOffHeapOnly = false; // a shared memory: its exports let other threads write it at any time
                    continue;
                }
            }
            // instances of one module usually start with equal memories: share one image between them
            boolean shared = sibling != null && i < sibling.memoryImages.length && sibling.memoryImages[i] != null
                    && java.util.Arrays.equals(bytes, sibling.memoryImages[i]);
            memoryImages[i] = shared ? sibling.memoryImages[i] : memory instanceof HeapMemory ? bytes.clone() : bytes;
        }
        restorable = heapOrOffHeapOnly;
        globalValues = new Object[ctx.globals.length - firstGlobal];
        for (int i = 0; i < globalValues.length; i++) globalValues[i] = ctx.globals[firstGlobal + i].value();
        tableImages = new Object[ctx.tables.length - firstTable][];
        for (int i = 0; i < tableImages.length; i++) tableImages[i] = ctx.tables[firstTable + i].snapshot();
        dataSegments = ctx.dataSegments.clone();
        elementSegments = ctx.elementSegments.clone();
    }

    /** Records the state of a just-instantiated instance. */
    public static InstanceSnapshot of(Instance instance) {
        return of(instance, null);
    }

    /**
     * As {@link #of(Instance)}, sharing {@code sibling}'s memory images (taken from another instance of the
     * same module) where they are equal, so a pool keeps one data image per module, not per instance.
     * Table and global images are never shared: they refer to the instance's own functions.
     */
    public static InstanceSnapshot of(Instance instance, InstanceSnapshot sibling) {
        return new InstanceSnapshot(instance.context(), instance.compiled().module(), sibling);
    }

    /** Whether {@link #restore} puts the instance back exactly; if not, a pool must discard it instead. */
    public boolean restorable() {
        return restorable;
    }

    /** Whether this snapshot uses the very same memory image arrays as {@code other} (for tests). */
    public boolean sharesMemoryImagesWith(InstanceSnapshot other) {
        if (memoryImages.length != other.memoryImages.length) return false;
        for (int i = 0; i < memoryImages.length; i++) if (memoryImages[i] != other.memoryImages[i]) return false;
        return true;
    }

    /** Total bytes of memory images (what a reset copies). */
    public long memoryBytes() {
        long total = 0;
        for (byte[] image : memoryImages) total += image == null ? 0 : image.length;
        return total;
    }

    /** Puts {@code instance} (the one this was taken from) back into the recorded state. */
    public void restore(Instance instance) {
        if (!restorable) throw new IllegalStateException("instance has a shared memory: its state cannot be restored");
        InstanceContext ctx = instance.context();
        for (int i = 0; i < memoryImages.length; i++) {
            switch (ctx.memories[firstMemory + i]) {
                case HeapMemory heap -> heap.restore(memoryImages[i]);
                case OffHeapMemory offHeap -> offHeap.restore(memoryImages[i], memorySizes[i]);
                default -> throw new IllegalStateException("memory " + (firstMemory + i) + " changed kind");
            }
        }
        for (int i = 0; i < globalValues.length; i++) ctx.globals[firstGlobal + i].setValue(globalValues[i]);
        for (int i = 0; i < tableImages.length; i++) ctx.tables[firstTable + i].restore(tableImages[i]);
        System.arraycopy(dataSegments, 0, ctx.dataSegments, 0, dataSegments.length);
        System.arraycopy(elementSegments, 0, ctx.elementSegments, 0, elementSegments.length);
        ctx.resetCalls();
        ctx.clearInterrupt();
    }
}
