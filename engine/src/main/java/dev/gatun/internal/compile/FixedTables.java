package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.ElementSegment;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.Opcode;
import java.util.Arrays;

/**
 * The funcref tables whose elements are known at compile time: a table this module defines, does not export,
 * and never writes after instantiation (no {@code table.set}, {@code table.fill}, {@code table.copy} or
 * {@code table.init} into it), so that its elements are exactly what its active element segments put there. No
 * one else can reach such a table (the host sees only exports; a snapshot restores the same elements), and
 * {@code table.grow} only adds elements past the initial ones, which stay unknown here.
 * <p>
 * For each element below the initial size the answer is the function index an active segment with a constant
 * offset last wrote there, or {@link #UNKNOWN} (null, any other expression, a table initializer, a segment
 * with a computed offset): call sites treat unknown elements the general way, so being unsure is always safe.
 */
final class FixedTables {
    static final int UNKNOWN = -1;
    /** Tables larger than this are not tracked (call sites only switch over a few elements anyway). */
    static final int MAX_TRACKED_SIZE = 4096;

    private final int[][] elementsByTable;

    FixedTables(ModuleModel module) {
        int imported = module.importedCount(ExternKind.TABLE);
        int total = imported + module.tables().size();
        elementsByTable = new int[total][];
        boolean[] excluded = writtenOrExported(module, total);
        for (int t = imported; t < total; t++) {
            ModuleModel.TableDef def = module.tables().get(t - imported);
            long min = def.type().limits().min();
            if (excluded[t] || min > MAX_TRACKED_SIZE) continue;
            int[] elements = new int[(int) min];
            Arrays.fill(elements, UNKNOWN);
            elementsByTable[t] = elements;
        }
        for (ElementSegment segment : module.elements()) {
            if (segment.mode() != SegmentMode.ACTIVE || elementsByTable[segment.tableIndex()] == null) continue;
            int[] elements = elementsByTable[segment.tableIndex()];
            long offset = i32Constant(segment.offset());
            if (offset < 0 || offset + segment.size() > elements.length) {
                // computed offset: anything may be anywhere; out of bounds: instantiation fails anyway
                elementsByTable[segment.tableIndex()] = null;
                continue;
            }
            for (int i = 0; i < segment.size(); i++) {
                elements[(int) offset + i] = segment.functionIndices() != null
                        ? segment.functionIndices()[i] : refFuncConstant(segment.initExprs().get(i));
            }
        }
    }

    /** The known elements of table {@code index} (function index or {@link #UNKNOWN} each), or null. */
    int[] elements(int index) {
        return elementsByTable[index];
    }

    private static boolean[] writtenOrExported(ModuleModel module, int tableCount) {
        boolean[] excluded = new boolean[tableCount];
        for (ModuleModel.Export e : module.exports()) {
            if (e.kind() == ExternKind.TABLE) excluded[e.index()] = true;
        }
        for (ModuleModel.FunctionBody body : module.bodies()) {
            CodeReader scan = new CodeReader(body.code());
            while (scan.hasNext()) {
                Opcode op = scan.next();
                switch (op) {
                    case TABLE_SET, TABLE_FILL -> excluded[scan.index] = true;
                    case TABLE_COPY -> excluded[scan.index] = true;
                    case TABLE_INIT -> excluded[scan.index2] = true;
                    default -> { }
                }
            }
        }
        return excluded;
    }

    /** The value of a constant expression that is exactly {@code i32.const N end} (N as unsigned), else -1. */
    private static long i32Constant(ByteSlice expr) {
        CodeReader reader = new CodeReader(expr);
        if (!reader.hasNext() || reader.next() != Opcode.I32_CONST) return -1;
        long value = Integer.toUnsignedLong((int) reader.longValue);
        return endsHere(reader) ? value : -1;
    }

    /** The function of an expression that is exactly {@code ref.func F end}, else {@link #UNKNOWN}. */
    private static int refFuncConstant(ByteSlice expr) {
        CodeReader reader = new CodeReader(expr);
        if (!reader.hasNext() || reader.next() != Opcode.REF_FUNC) return UNKNOWN;
        int function = reader.index;
        return endsHere(reader) ? function : UNKNOWN;
    }

    private static boolean endsHere(CodeReader reader) {
        return reader.hasNext() && reader.next() == Opcode.END && !reader.hasNext();
    }
}
