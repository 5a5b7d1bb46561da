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
 *
 * <p>Where it can ({@link MemoryImage#available()}: Linux), the first snapshot of a pool puts an off-heap
 * memory's image into a {@link MemoryImage} file and maps it copy-on-write over the memory; snapshots of later
 * instances with an equal image map the same file. Restoring such a memory drops its pages
 * ({@link OffHeapMemory#restoreMapped}) instead of copying the image: the cost of a reset is then the pages the
 * guest wrote. The image's byte array stays as the fallback should dropping pages fail.
 */
public final class InstanceSnapshot {
    private final byte[][] memoryImages;
    /** By own memory: the image file mapped over it, or null (copied back on restore). */
    private final MemoryImage[] mappedImages;
    /** Whether this snapshot created (and so closes) its mapped images; siblings only share them. */
    private final boolean ownsMappedImages;
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
        mappedImages = new MemoryImage[memoryImages.length];
        ownsMappedImages = sibling == null;
        boolean heapOrOffHeapOnly = true;
        for (int i = 0; i < memoryImages.length; i++) {
            LinearMemory memory = ctx.memories[firstMemory + i];
            memorySizes[i] = memory.byteSize();
            byte[] bytes;
            switch (memory) {
                case HeapMemory heap -> bytes = heap.contents(); // a copy up to the size, not the spare capacity
                case OffHeapMemory offHeap -> bytes = offHeap.nonZeroPrefix();
                default -> {
                    heapOrOffHeapOnly = false; // a shared memory: its exports let other threads write it at any time
                    continue;
                }
            }
            // instances of one module usually start with equal memories: share one image between them
            boolean shared = sibling != null && i < sibling.memoryImages.length && sibling.memoryImages[i] != null
                    && java.util.Arrays.equals(bytes, sibling.memoryImages[i]);
            memoryImages[i] = shared ? sibling.memoryImages[i] : bytes;
            if (memory instanceof OffHeapMemory offHeap) mappedImages[i] = mapImage(offHeap, i, sibling, shared);
        }
        restorable = heapOrOffHeapOnly;
        globalValues = new Object[ctx.globals.length - firstGlobal];
        for (int i = 0; i < globalValues.length; i++) globalValues[i] = ctx.globals[firstGlobal + i].value();
        tableImages = new Object[ctx.tables.length - firstTable][];
        for (int i = 0; i < tableImages.length; i++) tableImages[i] = ctx.tables[firstTable + i].snapshot();
        dataSegments = ctx.dataSegments.clone();
        elementSegments = ctx.elementSegments.clone();
    }

    /**
     * The image file to map over memory {@code i}: the sibling's when the images are equal, a new one for the first
     * snapshot (none for an instance whose memory differs from the first's: it is copied back instead). Null when
     * mapping is not possible here or failed.
     */
    private MemoryImage mapImage(OffHeapMemory memory, int i, InstanceSnapshot sibling, boolean sameAsSibling) {
        MemoryImage image = sameAsSibling ? sibling.mappedImages[i]
                : sibling == null ? MemoryImage.create(memoryImages[i]) : null;
        if (image == null) return null;
        if (memory.mapImage(image)) return image;
        if (sibling == null) image.close();
        return null;
    }

    /** How many of the instance's memories reset by dropping pages over a mapped image (for tests). */
    public int mappedMemories() {
        int mapped = 0;
        for (MemoryImage image : mappedImages) if (image != null) mapped++;
        return mapped;
    }

    /**
     * Closes the image files this snapshot created (a pool's first one, when the pool closes). Instances mapping
     * them keep working, later snapshots sharing them fall back to copying.
     */
    public void releaseImages() {
        if (!ownsMappedImages) return;
        for (MemoryImage image : mappedImages) if (image != null) image.close();
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

    /** Total bytes of memory images a reset copies (mapped ones are not copied). */
    public long memoryBytes() {
        long total = 0;
        for (int i = 0; i < memoryImages.length; i++) {
            if (memoryImages[i] != null && mappedImages[i] == null) total += memoryImages[i].length;
        }
        return total;
    }

    /** Puts {@code instance} (the one this was taken from) back into the recorded state. */
    public void restore(Instance instance) {
        if (!restorable) throw new IllegalStateException("instance has a shared memory: its state cannot be restored");
        InstanceContext ctx = instance.context();
        for (int i = 0; i < memoryImages.length; i++) {
            switch (ctx.memories[firstMemory + i]) {
                case HeapMemory heap -> heap.restore(memoryImages[i]);
                case OffHeapMemory offHeap -> {
                    if (mappedImages[i] != null) offHeap.restoreMapped(memoryImages[i], memorySizes[i]);
                    else offHeap.restore(memoryImages[i], memorySizes[i]);
                }
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
