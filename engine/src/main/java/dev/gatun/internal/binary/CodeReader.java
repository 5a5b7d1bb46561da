package dev.gatun.internal.binary;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;

/**
 * Reads an instruction sequence one instruction at a time: {@link #next()} decodes the opcode and its
 * immediates into this reader's fields, which stay valid until the next call. One reader serves the
 * decoder's well-formedness pass, the validator and the compiler, so the encoding is interpreted in exactly
 * one place. Allocation-free per instruction except where an immediate is itself a vector (br_table,
 * select_t, try_table), whose arrays are reused.
 *
 * <p>Which fields an immediate kind fills:
 * <ul>
 * <li>BLOCK: {@link #blockType} (and {@link #blockValType} / {@link #blockTypeIndex})</li>
 * <li>LABEL, FUNC, TYPE, LOCAL, GLOBAL, TABLE, TAG, DATA, ELEM, MEMORY, LANE: {@link #index}</li>
 * <li>CALL_INDIRECT: index = type, index2 = table; STRUCT_FIELD: index = type, index2 = field;
 *     ARRAY_NEW_FIXED: index = type, index2 = count; TYPE_DATA / TYPE_ELEM: index = type, index2 = data/elem;
 *     TYPE_TYPE: index = destination type, index2 = source type; MEMORY_INIT: index = data, index2 = memory;
 *     TABLE_INIT: index = elem, index2 = table; MEMORY_COPY / TABLE_COPY: index = destination, index2 = source</li>
 * <li>MEMARG (+ LANE): {@link #memory}, {@link #alignLog2}, {@link #offset} (u64), and {@link #index} = lane</li>
 * <li>I32/I64: {@link #longValue}; F32: {@link #longValue} = the float bits; F64: the double bits;
 *     V128: {@link #v128Lo}, {@link #v128Hi} (little-endian halves); SHUFFLE: {@link #lanes}</li>
 * <li>BR_TABLE: {@link #targets}[0..{@link #targetCount}) then {@link #index} = the default label</li>
 * <li>SELECT_T: {@link #selectTypes}[0..{@link #selectTypeCount})</li>
 * <li>HEAPTYPE: {@link #heapType}; BR_ON_CAST: {@link #castFlags}, {@link #index} = label,
 *     {@link #heapType}, {@link #heapType2}</li>
 * <li>TRY_TABLE: block type, then {@link #catchCount} clauses in {@link #catchKinds}, {@link #catchTags},
 *     {@link #catchLabels}</li>
 * </ul>
 */
public final class CodeReader extends BinaryReader {

    public static final int BLOCK_EMPTY = 0;
    public static final int BLOCK_VALUE = 1;
    public static final int BLOCK_TYPE_INDEX = 2;

    public static final int CATCH = 0;
    public static final int CATCH_REF = 1;
    public static final int CATCH_ALL = 2;
    public static final int CATCH_ALL_REF = 3;

    /** Absolute offset of the current instruction's first byte. */
    public int instructionOffset;
    public Opcode opcode;

    public int blockType;
    public ValType blockValType;
    public int blockTypeIndex;

    public int index;
    public int index2;
    public long longValue;
    public long v128Lo;
    public long v128Hi;
    public final byte[] lanes = new byte[16];

    public int memory;
    public int alignLog2;
    public long offset;

    public int[] targets = new int[8];
    public int targetCount;

    public ValType[] selectTypes = new ValType[1];
    public int selectTypeCount;

    public int heapType;
    public int heapType2;
    public int castFlags;

    public int catchCount;
    public int[] catchKinds = new int[4];
    public int[] catchTags = new int[4];
    public int[] catchLabels = new int[4];

    public CodeReader(byte[] bytes, int offset, int limit) {
        super(bytes, offset, limit);
    }

    public CodeReader(ByteSlice code) {
        super(code);
    }

    /** True while bytes remain. */
    public boolean hasNext() {
        return pos < limit;
    }

    /** Decodes the next instruction; throws {@link dev.gatun.MalformedModuleException} on bad encodings. */
    public Opcode next() {
        instructionOffset = pos;
        int b = readByte();
        Opcode op;
        if (Opcode.isPrefix(b)) {
            long sub = readU32Long();
            op = Opcode.prefixed(b, sub);
            if (op == null) throw error("illegal opcode 0x" + Integer.toHexString(b) + " " + sub, instructionOffset);
        } else {
            op = Opcode.single(b);
            if (op == null) throw error("illegal opcode " + Integer.toHexString(b), instructionOffset);
        }
        opcode = op;
        readImmediates(op);
        return op;
    }

    private void readImmediates(Opcode op) {
        switch (op.immediate) {
            case NONE -> { }
            case BLOCK -> readBlockType();
            case LABEL, FUNC, TYPE, LOCAL, GLOBAL, TABLE, TAG, DATA, ELEM, MEMORY -> index = readIndex();
            case CALL_INDIRECT, STRUCT_FIELD, ARRAY_NEW_FIXED, TYPE_DATA, TYPE_ELEM, TYPE_TYPE, MEMORY_INIT,
                 TABLE_INIT, MEMORY_COPY, TABLE_COPY -> {
                index = readIndex();
                index2 = readIndex();
            }
            case MEMARG -> readMemarg();
            case MEMARG_LANE -> {
                readMemarg();
                index = readByte();
            }
            case LANE -> index = readByte();
            case I32 -> longValue = readS32();
            case I64 -> longValue = readS64();
            case F32 -> longValue = readF32Bits() & 0xFFFFFFFFL;
            case F64 -> longValue = readF64Bits();
            case V128 -> {
                v128Lo = readF64Bits();
                v128Hi = readF64Bits();
            }
            case SHUFFLE -> {
                if (remaining() < 16) throw error(endOfInputMessage);
                System.arraycopy(bytes, pos, lanes, 0, 16);
                pos += 16;
            }
            case BR_TABLE -> {
                int n = readCount("br_table target");
                if (targets.length < n) targets = new int[Math.max(n, targets.length * 2)];
                for (int i = 0; i < n; i++) targets[i] = readIndex();
                targetCount = n;
                index = readIndex();
            }
            case SELECT_T -> {
                int n = readCount("select type");
                if (selectTypes.length < n) selectTypes = new ValType[n];
                for (int i = 0; i < n; i++) selectTypes[i] = readValType();
                selectTypeCount = n;
            }
            case HEAPTYPE -> heapType = readHeapType();
            case BR_ON_CAST -> {
                int at = pos;
                castFlags = readByte();
                if (castFlags > 3) throw error("malformed br_on_cast flags", at);
                index = readIndex();
                heapType = readHeapType();
                heapType2 = readHeapType();
            }
            case TRY_TABLE -> {
                readBlockType();
                int n = readCount("catch clause");
                if (catchKinds.length < n) {
                    catchKinds = Arrays.copyOf(catchKinds, n);
                    catchTags = Arrays.copyOf(catchTags, n);
                    catchLabels = Arrays.copyOf(catchLabels, n);
                }
                for (int i = 0; i < n; i++) {
                    int at = pos;
                    int kind = readByte();
                    if (kind > CATCH_ALL_REF) throw error("malformed catch clause", at);
                    catchKinds[i] = kind;
                    catchTags[i] = kind <= CATCH_REF ? readIndex() : -1;
                    catchLabels[i] = readIndex();
                }
                catchCount = n;
            }
            case ZERO_BYTE -> {
                int at = pos;
                if (readByte() != 0) throw error("zero byte expected", at);
            }
        }
    }

    private void readMemarg() {
        int at = pos;
        long flags = readU32Long();
        if (flags >= 128) throw error("malformed memop flags", at);
        if ((flags & 0x40) != 0) {
            memory = readIndex();
            alignLog2 = (int) (flags & ~0x40L);
        } else {
            memory = 0;
            alignLog2 = (int) flags;
        }
        offset = readU64();
    }

    private void readBlockType() {
        int b = peekByte();
        if (b == 0x40) {
            pos++;
            blockType = BLOCK_EMPTY;
        } else if (isValTypeStart(b)) {
            blockType = BLOCK_VALUE;
            blockValType = readValType();
        } else {
            int at = pos;
            long idx = readS33();
            if (idx < 0) throw error("malformed block type", at);
            if (idx > Integer.MAX_VALUE) throw error("type index too large", at);
            blockType = BLOCK_TYPE_INDEX;
            blockTypeIndex = (int) idx;
        }
    }

    private static boolean isValTypeStart(int b) {
        return (b >= 0x7B && b <= 0x7F) || b == 0x64 || b == 0x63 || HeapType.fromByte(b) != 0;
    }
}
