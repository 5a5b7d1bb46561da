package dev.gatun.internal.runtime;

import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.DataSegment;
import dev.gatun.internal.model.ModuleModel.SegmentMode;

/**
 * The part of instantiation that is the same for every instance of a compiled module, worked out once (an
 * {@code InstancePre} keeps one) so that {@link Instantiator} does only per-instance work: index-space
 * counts, function names for messages, and the passive data segments' bytes, which instances share since
 * nothing writes them ({@code data.drop} replaces an instance's entry, never the bytes).
 *
 * <p>When every active data segment has a constant offset, lies within a defined unshared memory's initial
 * size and the segments fill a good part of it, the plan also holds each defined memory's initial contents:
 * an instance's memory is then one clone of that image (HotSpot copies without zeroing first) instead of a
 * zeroed array plus the segment copies — half the memory traffic for a module with a large data image. A
 * module whose instantiation could trap in a data segment keeps the step-by-step path, so the trap happens
 * where the spec puts it.
 */
public final class InstantiationPlan {
    final CompiledModule compiled;
    final int importedGlobals;
    /** By global index: its JVM cell or {@link GlobalCells#NO_CELL} (see {@link GlobalCells}). */
    final int[] globalCellIndexes;
    final int globalCellCount;
    final int importedMemories;
    final int importedTables;
    final int importedTags;
    /** By function index: the name-section name or "function N". */
    final String[] functionNames;
    /** By data segment index: a passive segment's bytes, empty for active ones (dropped after use). */
    final byte[][] initialDataSegments;
    /** By defined memory: its contents after the data segments, or null (all null: apply segments one by one). */
    final byte[][] initialMemoryImages;
    /** Whether {@link #initialMemoryImages} already hold every active data segment. */
    final boolean dataPreapplied;

    private InstantiationPlan(CompiledModule compiled) {
        this.compiled = compiled;
        ModuleModel module = compiled.module();
        importedGlobals = module.importedCount(ExternKind.GLOBAL);
        globalCellIndexes = GlobalCells.cellIndexes(module);
        globalCellCount = GlobalCells.count(globalCellIndexes);
        importedMemories = module.importedCount(ExternKind.MEMORY);
        importedTables = module.importedCount(ExternKind.TABLE);
        importedTags = module.importedCount(ExternKind.TAG);
        functionNames = new String[compiled.functionTypes().length];
        for (int i = 0; i < functionNames.length; i++) {
            String name = module.names().functions().get(i);
            functionNames[i] = name != null ? name : "function " + i;
        }
        initialDataSegments = new byte[module.datas().size()][];
        for (int d = 0; d < initialDataSegments.length; d++) {
            DataSegment segment = module.datas().get(d);
            initialDataSegments[d] = segment.mode() == SegmentMode.PASSIVE ? segment.bytes().toArray() : new byte[0];
        }
        initialMemoryImages = memoryImages(compiled, importedMemories);
        dataPreapplied = initialMemoryImages != null;
    }

    /** Below this share of data bytes in the initial memories, zeroing and copying segments costs less than a clone. */
    private static final int MIN_DATA_SHARE_DIVISOR = 4;
    /** Images kept per InstancePre stay small enough to be worth holding. */
    private static final long MAX_IMAGE_BYTES = 64L << 20;

    private static byte[][] memoryImages(CompiledModule compiled, int importedMemories) {
        ModuleModel module = compiled.module();
        int defined = module.memories().size();
        if (defined == 0) return null;
        long totalBytes = 0;
        for (var memory : module.memories()) {
            var limits = memory.limits();
            if (!compiled.memoryOnHeap(limits)) return null; // shared or off-heap memories start from their own pages
            totalBytes += limits.min() * LinearMemory.PAGE_SIZE;
        }
        if (totalBytes > MAX_IMAGE_BYTES) return null;
        long dataBytes = 0;
        long[] offsets = new long[module.datas().size()];
        for (int d = 0; d < offsets.length; d++) {
            DataSegment segment = module.datas().get(d);
            if (segment.mode() != SegmentMode.ACTIVE) continue;
            if (segment.memoryIndex() < importedMemories) return null;
            Object offset = ConstantExpression.evaluateWithoutInstance(segment.offset());
            if (offset == null) return null;
            long at = offset instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) offset;
            long size = module.memories().get(segment.memoryIndex() - importedMemories).limits().min() * LinearMemory.PAGE_SIZE;
            if (at < 0 || at > size - segment.bytes().length()) return null; // traps: left to the step-by-step path
            offsets[d] = at;
            dataBytes += segment.bytes().length();
        }
        if (dataBytes * MIN_DATA_SHARE_DIVISOR < totalBytes) return null;
        byte[][] images = new byte[defined][];
        for (int i = 0; i < defined; i++) {
            images[i] = new byte[(int) (module.memories().get(i).limits().min() * LinearMemory.PAGE_SIZE)];
        }
        for (int d = 0; d < offsets.length; d++) {
            DataSegment segment = module.datas().get(d);
            if (segment.mode() != SegmentMode.ACTIVE) continue;
            ByteSlice bytes = segment.bytes();
            System.arraycopy(bytes.array(), bytes.offset(), images[segment.memoryIndex() - importedMemories],
                    (int) offsets[d], bytes.length());
        }
        return images;
    }

    public static InstantiationPlan of(CompiledModule compiled) {
        return new InstantiationPlan(compiled);
    }

    public CompiledModule compiled() {
        return compiled;
    }
}
