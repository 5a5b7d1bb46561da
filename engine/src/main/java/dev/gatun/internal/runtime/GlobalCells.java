package dev.gatun.internal.runtime;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;

/**
 * Decides which of a module's globals live in JVM array cells ({@link InstanceContext#globalCells}) instead of a
 * vmctx slot: those the module defines, of a numeric type (i32, i64, f32, f64) and does not export. No host or
 * other instance can ever hold such a global's {@link WasmGlobal}, so nobody needs its value at a fixed native
 * address, and compiled code reads it with a plain {@code laload} instead of a MemorySegment access (which pays
 * a liveness, bounds and alignment check and many JIT nodes). Every other global keeps its vmctx slot, the one
 * storage a host and importing instances share. A cell holds a value as raw bits: an i32 or f32 sign-extended
 * int bits, an i64 or f64 its long bits.
 *
 * <p>The compiler and the instantiator both ask {@link #cellIndexes}, so they agree on the numbering.
 */
public final class GlobalCells {
    /** Marks a global of {@link #cellIndexes} that keeps its vmctx slot (or its imported WasmGlobal). */
    public static final int NO_CELL = -1;

    private GlobalCells() {
    }

    /** By global index (imported first): the global's cell, or {@link #NO_CELL}. Cells are numbered densely. */
    public static int[] cellIndexes(ModuleModel module) {
        int imported = module.importedCount(ExternKind.GLOBAL);
        int[] cells = new int[imported + module.globals().size()];
        Arrays.fill(cells, NO_CELL);
        boolean[] exported = new boolean[cells.length];
        for (ModuleModel.Export e : module.exports()) if (e.kind() == ExternKind.GLOBAL) exported[e.index()] = true;
        int next = 0;
        for (int d = 0; d < module.globals().size(); d++) {
            int index = imported + d;
            if (!exported[index] && isNumeric(module.globals().get(d).type().type())) cells[index] = next++;
        }
        return cells;
    }

    /** How many cells {@code cellIndexes} numbered. */
    public static int count(int[] cellIndexes) {
        int count = 0;
        for (int cell : cellIndexes) if (cell != NO_CELL) count++;
        return count;
    }

    private static boolean isNumeric(ValType type) {
        return switch (type.kind()) {
            case I32, I64, F32, F64 -> true;
            default -> false;
        };
    }
}
