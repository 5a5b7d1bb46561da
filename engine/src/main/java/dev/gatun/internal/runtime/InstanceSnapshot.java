package dev.gatun.internal.runtime;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;

/**
 * An instance's just-instantiated state (its own memories, globals, tables, segment drop state), taken once
 * so that a pool can put a used instance back into that state instead of instantiating anew. Imported
 * memories, tables and globals belong to someone else and are left alone.
 */
public final class InstanceSnapshot {
    private final byte[][] memoryImages;
    private final Object[] globalValues;
    private final Object[][] tableImages;
    private final byte[][] dataSegments;
    private final Object[][] elementSegments;
    private final int firstMemory;
    private final int firstGlobal;
    private final int firstTable;

    private InstanceSnapshot(InstanceContext ctx, ModuleModel module) {
        firstMemory = module.importedCount(ExternKind.MEMORY);
        firstGlobal = module.importedCount(ExternKind.GLOBAL);
        firstTable = module.importedCount(ExternKind.TABLE);
        memoryImages = new byte[ctx.memories.length - firstMemory][];
        for (int i = 0; i < memoryImages.length; i++) {
            memoryImages[i] = ((HeapMemory) ctx.memories[firstMemory + i]).bytes.clone();
        }
        globalValues = new Object[ctx.globals.length - firstGlobal];
        for (int i = 0; i < globalValues.length; i++) globalValues[i] = ctx.globals[firstGlobal + i].value();
        tableImages = new Object[ctx.tables.length - firstTable][];
        for (int i = 0; i < tableImages.length; i++) tableImages[i] = ctx.tables[firstTable + i].snapshot();
        dataSegments = ctx.dataSegments.clone();
        elementSegments = ctx.elementSegments.clone();
    }

    /** Records the state of a just-instantiated instance. */
    public static InstanceSnapshot of(Instance instance) {
        return new InstanceSnapshot(instance.context(), instance.compiled().module());
    }

    /** Total bytes of memory images (what a reset copies). */
    public long memoryBytes() {
        long total = 0;
        for (byte[] image : memoryImages) total += image.length;
        return total;
    }

    /** Puts {@code instance} (the one this was taken from) back into the recorded state. */
    public void restore(Instance instance) {
        InstanceContext ctx = instance.context();
        for (int i = 0; i < memoryImages.length; i++) {
            ((HeapMemory) ctx.memories[firstMemory + i]).restore(memoryImages[i]);
        }
        for (int i = 0; i < globalValues.length; i++) ctx.globals[firstGlobal + i].setValue(globalValues[i]);
        for (int i = 0; i < tableImages.length; i++) ctx.tables[firstTable + i].restore(tableImages[i]);
        System.arraycopy(dataSegments, 0, ctx.dataSegments, 0, dataSegments.length);
        System.arraycopy(elementSegments, 0, ctx.elementSegments, 0, elementSegments.length);
        ctx.callDepth = 0;
        ctx.pendingTail = null;
        ctx.clearInterrupt();
    }
}
