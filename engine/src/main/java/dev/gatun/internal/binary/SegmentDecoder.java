package dev.gatun.internal.binary;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.DataSegment;
import dev.gatun.internal.model.ModuleModel.ElementSegment;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.ValType;
import java.util.ArrayList;
import java.util.List;

/** Decodes the element and data sections. */
final class SegmentDecoder {
    private SegmentDecoder() {}

    // Element segment flag bits: which of the eight encodings is used.
    private static final int PASSIVE_OR_DECLARATIVE = 0x01;
    private static final int EXPLICIT_TABLE_OR_DECLARATIVE = 0x02;
    private static final int EXPRESSIONS = 0x04;

    /** The element type of segments given as function indices (flags 0-3). */
    private static final ValType FUNCTION_INDEX_TYPE = ValType.ref(false, HeapType.FUNC);

    static void decodeElements(BinaryReader in, ModuleModel.Builder module, StructureChecker checker) {
        int count = in.readCount("element segment");
        for (int i = 0; i < count; i++) {
            String where = "element segment " + i;
            int at = in.position();
            long flags = in.readU32Long();
            if (flags > 7) throw in.error("malformed elements segment kind " + flags + " in " + where, at);
            int f = (int) flags;
            SegmentMode mode;
            int table = -1;
            ByteSlice offset = null;
            if ((f & PASSIVE_OR_DECLARATIVE) == 0) {
                mode = SegmentMode.ACTIVE;
                table = (f & EXPLICIT_TABLE_OR_DECLARATIVE) != 0 ? in.readIndex() : 0;
                offset = checker.readExpression(in, "offset of " + where);
            } else {
                mode = (f & EXPLICIT_TABLE_OR_DECLARATIVE) != 0 ? SegmentMode.DECLARATIVE : SegmentMode.PASSIVE;
            }
            // Flags 0 and 4 have an implicit type; the others state it (as an element kind or a ref type).
            boolean typeStated = (f & (PASSIVE_OR_DECLARATIVE | EXPLICIT_TABLE_OR_DECLARATIVE)) != 0;
            if ((f & EXPRESSIONS) == 0) {
                if (typeStated) readElementKind(in, where);
                int n = in.readCount("function index");
                int[] functions = new int[n];
                for (int j = 0; j < n; j++) functions[j] = in.readIndex();
                module.elements.add(new ElementSegment(mode, table, offset, FUNCTION_INDEX_TYPE, functions, null));
            } else {
                ValType type = typeStated ? in.readRefType() : ValType.FUNCREF;
                int n = in.readCount("element expression");
                List<ByteSlice> exprs = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    exprs.add(checker.readExpression(in, "element " + j + " of " + where));
                }
                module.elements.add(new ElementSegment(mode, table, offset, type, null, exprs));
            }
        }
    }

    private static void readElementKind(BinaryReader in, String where) {
        int at = in.position();
        int kind = in.readByte();
        // 0x00 (funcref) is the only element kind.
        if (kind != 0) throw in.error("malformed element kind 0x" + Integer.toHexString(kind) + " in " + where, at);
    }

    static void decodeData(BinaryReader in, ModuleModel.Builder module, StructureChecker checker) {
        int count = in.readCount("data segment");
        for (int i = 0; i < count; i++) {
            String where = "data segment " + i;
            int at = in.position();
            long flags = in.readU32Long();
            DataSegment segment = switch ((int) Math.min(flags, 3)) {
                case 0 -> {
                    ByteSlice offset = checker.readExpression(in, "offset of " + where);
                    yield new DataSegment(SegmentMode.ACTIVE, 0, offset, readBytes(in));
                }
                case 1 -> new DataSegment(SegmentMode.PASSIVE, -1, null, readBytes(in));
                case 2 -> {
                    int memory = in.readIndex();
                    ByteSlice offset = checker.readExpression(in, "offset of " + where);
                    yield new DataSegment(SegmentMode.ACTIVE, memory, offset, readBytes(in));
                }
                default -> throw in.error("malformed data segment kind " + flags + " in " + where, at);
            };
            module.datas.add(segment);
        }
    }

    private static ByteSlice readBytes(BinaryReader in) {
        long length = in.readLength();
        return in.readSlice(length);
    }
}
