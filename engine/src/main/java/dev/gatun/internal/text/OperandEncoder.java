package dev.gatun.internal.text;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Writes one non-structured instruction: its opcode and immediates (indices, literals, memargs, lanes, types),
 * resolving ids through the module scope. Labels are resolved by the caller, which owns the label stack.
 */
final class OperandEncoder {
    private final TokenCursor in;
    private final ModuleScope scope;
    private final Map<String, Integer> localIds;
    private final IntSupplier labels;

    OperandEncoder(TokenCursor in, ModuleScope scope, Map<String, Integer> localIds, IntSupplier labels) {
        this.in = in;
        this.scope = scope;
        this.localIds = localIds;
        this.labels = labels;
    }

    static void opcode(Opcode op, ByteWriter w) {
        if (op.prefix != 0) {
            w.byteValue(op.prefix);
            w.u32(op.code);
        } else {
            w.byteValue(op.code);
        }
    }

    /** A non-structured instruction and its immediates. */
    void instruction(Token kw, ByteWriter w) {
        String word = kw.text();
        switch (word) {
            case "select" -> {
                if (!in.atParenKeyword("result")) {
                    w.byteValue(0x1B);
                    return;
                }
                List<ValType> types = new ArrayList<>();
                while (in.atParenKeyword("result")) {
                    in.next();
                    in.next();
                    while (!in.peek().is(Kind.RPAREN)) types.add(scope.typeSyntax.valType());
                    in.expectRParen();
                }
                w.byteValue(0x1C);
                w.u32(types.size());
                for (ValType t : types) w.valType(t);
                return;
            }
            case "ref.test", "ref.cast" -> {
                ValType t = scope.typeSyntax.refType();
                Opcode op = word.equals("ref.test") ? (t.nullable() ? Opcode.REF_TEST_NULL : Opcode.REF_TEST)
                        : (t.nullable() ? Opcode.REF_CAST_NULL : Opcode.REF_CAST);
                opcode(op, w);
                w.signed(t.heapType());
                return;
            }
            case "select_t", "ref.test_null", "ref.cast_null" -> throw unknownOperator(kw);
            case "then", "do", "else", "end", "catch", "catch_all", "delegate" ->
                    throw in.unexpected(kw, "an instruction");
            default -> { }
        }
        Opcode op = Opcode.byMnemonic(word);
        if (op == null) throw unknownOperator(kw);
        switch (op.immediate) {
            case BLOCK, TRY_TABLE -> throw unknownOperator(kw);
            case CALL_INDIRECT -> {
                int table = IdSpace.isIndex(in.peek()) ? scope.tables.resolve(in) : 0;
                int type = scope.typeUse(false).typeIndex();
                opcode(op, w);
                w.u32(type);
                w.u32(table);
                return;
            }
            case BR_ON_CAST -> {
                int label = labels.getAsInt();
                ValType from = scope.typeSyntax.refType();
                ValType to = scope.typeSyntax.refType();
                opcode(op, w);
                w.byteValue((from.nullable() ? 1 : 0) | (to.nullable() ? 2 : 0));
                w.u32(label);
                w.signed(from.heapType());
                w.signed(to.heapType());
                return;
            }
            default -> { }
        }
        ByteWriter imm = new ByteWriter();
        immediates(op, kw, imm);
        opcode(op, w);
        w.bytes(imm.toArray());
    }

    private MalformedModuleException unknownOperator(Token kw) {
        return in.error(kw, "unknown operator " + kw.text());
    }

    private void immediates(Opcode op, Token kw, ByteWriter w) {
        switch (op.immediate) {
            case NONE -> { }
            case LABEL -> w.u32(labels.getAsInt());
            case BR_TABLE -> {
                List<Integer> targets = new ArrayList<>();
                while (IdSpace.isIndex(in.peek())) targets.add(labels.getAsInt());
                if (targets.isEmpty()) throw in.unexpected(in.peek(), "a label");
                w.u32(targets.size() - 1);
                for (int t : targets) w.u32(t);
            }
            case FUNC -> w.u32(scope.funcs.resolve(in));
            case TYPE -> w.u32(scope.types.resolve(in));
            case LOCAL -> w.u32(localIndex());
            case GLOBAL -> w.u32(scope.globals.resolve(in));
            case TABLE -> w.u32(IdSpace.isIndex(in.peek()) ? scope.tables.resolve(in) : 0);
            case TAG -> w.u32(scope.tags.resolve(in));
            case DATA -> w.u32(scope.datas.resolve(in));
            case ELEM -> w.u32(scope.elems.resolve(in));
            case MEMORY -> w.u32(IdSpace.isIndex(in.peek()) ? scope.memories.resolve(in) : 0);
            case MEMARG -> memarg(op, w, IdSpace.isIndex(in.peek()));
            case MEMARG_LANE -> {
                Token next = in.peek(1);
                boolean hasMemory = in.peek().is(Kind.ID) || (in.peek().is(Kind.NUMBER)
                        && (next.is(Kind.NUMBER) || next.is(Kind.KEYWORD)
                        && (next.text().startsWith("offset=") || next.text().startsWith("align="))));
                memarg(op, w, hasMemory);
                w.byteValue(laneIndex());
            }
            case LANE -> w.byteValue(laneIndex());
            case SHUFFLE -> {
                for (int i = 0; i < 16; i++) w.byteValue(laneIndex());
            }
            case I32 -> w.signed(intLiteral(32));
            case I64 -> w.signed(intLiteral(64));
            case F32 -> w.littleEndian(floatLiteral(true), 4);
            case F64 -> w.littleEndian(floatLiteral(false), 8);
            case V128 -> {
                Token shape = in.next();
                if (!shape.is(Kind.KEYWORD) || V128Literal.laneCount(shape.text()) == 0) {
                    throw in.unexpected(shape, "a v128 shape");
                }
                long[] halves = V128Literal.parseLanes(in, shape.text());
                w.littleEndian(halves[0], 8);
                w.littleEndian(halves[1], 8);
            }
            case HEAPTYPE -> w.signed(scope.typeSyntax.heapType());
            case STRUCT_FIELD -> {
                int type = scope.types.resolve(in);
                w.u32(type);
                w.u32(fieldIndex(type));
            }
            case ARRAY_NEW_FIXED -> {
                w.u32(scope.types.resolve(in));
                w.u32(IdSpace.u32(in.next(), in));
            }
            case TYPE_DATA -> {
                w.u32(scope.types.resolve(in));
                w.u32(scope.datas.resolve(in));
            }
            case TYPE_ELEM -> {
                w.u32(scope.types.resolve(in));
                w.u32(scope.elems.resolve(in));
            }
            case TYPE_TYPE -> {
                w.u32(scope.types.resolve(in));
                w.u32(scope.types.resolve(in));
            }
            case MEMORY_INIT -> {
                int memory = 0;
                if (IdSpace.isIndex(in.peek(1))) memory = scope.memories.resolve(in);
                w.u32(scope.datas.resolve(in));
                w.u32(memory);
            }
            case TABLE_INIT -> {
                int table = 0;
                if (IdSpace.isIndex(in.peek(1))) table = scope.tables.resolve(in);
                w.u32(scope.elems.resolve(in));
                w.u32(table);
            }
            case MEMORY_COPY -> {
                if (IdSpace.isIndex(in.peek())) {
                    w.u32(scope.memories.resolve(in));
                    w.u32(scope.memories.resolve(in));
                } else {
                    w.u32(0);
                    w.u32(0);
                }
            }
            case TABLE_COPY -> {
                if (IdSpace.isIndex(in.peek())) {
                    w.u32(scope.tables.resolve(in));
                    w.u32(scope.tables.resolve(in));
                } else {
                    w.u32(0);
                    w.u32(0);
                }
            }
            case ZERO_BYTE -> w.byteValue(0);
            case SELECT_T, BLOCK, TRY_TABLE, CALL_INDIRECT, BR_ON_CAST -> throw unknownOperator(kw);
        }
    }

    private int localIndex() {
        Token t = in.next();
        if (t.is(Kind.ID)) {
            Integer index = localIds == null ? null : localIds.get(t.text());
            if (index == null) throw in.error(t, "unknown local $" + t.text());
            return index;
        }
        return IdSpace.u32(t, in);
    }

    private int fieldIndex(int type) {
        Token t = in.next();
        if (t.is(Kind.ID)) {
            Map<String, Integer> fields = scope.fieldIds.get(type);
            Integer index = fields == null ? null : fields.get(t.text());
            if (index == null) throw in.error(t, "unknown field $" + t.text());
            return index;
        }
        return IdSpace.u32(t, in);
    }

    private int laneIndex() {
        Token t = in.next();
        TextNumbers.IntResult r = TextNumbers.parseUnsigned(t.text(), 8);
        if (!t.is(Kind.NUMBER) || !r.wellFormed()) throw in.unexpected(t, "a lane index");
        if (!r.inRange()) throw in.error(t, "malformed lane index");
        return (int) r.value();
    }

    private void memarg(Opcode op, ByteWriter w, boolean hasMemory) {
        int memory = hasMemory ? scope.memories.resolve(in) : 0;
        long offset = 0;
        int alignLog2 = op.naturalAlignment;
        Token t = in.peek();
        if (t.is(Kind.KEYWORD) && t.text().startsWith("offset=")) {
            in.next();
            // offsets are u64 here; whether one fits a 32-bit memory is the validator's business
            TextNumbers.IntResult r = TextNumbers.parseUnsigned(t.text().substring(7), 64);
            if (!r.wellFormed()) throw in.unexpected(t, "an offset");
            if (!r.inRange()) throw in.error(t, "offset: i64 constant out of range");
            offset = r.value();
            t = in.peek();
        }
        if (t.is(Kind.KEYWORD) && t.text().startsWith("align=")) {
            in.next();
            TextNumbers.IntResult r = TextNumbers.parseUnsigned(t.text().substring(6), 64);
            if (!r.wellFormed()) throw in.unexpected(t, "an alignment");
            if (!r.inRange() || Long.bitCount(r.value()) != 1) throw in.error(t, "alignment must be a power of two");
            alignLog2 = Long.numberOfTrailingZeros(r.value());
        }
        if (memory != 0) {
            w.u32(alignLog2 | 0x40);
            w.u32(memory);
        } else {
            w.u32(alignLog2);
        }
        w.unsigned(offset);
    }

    private long intLiteral(int bits) {
        Token t = in.next();
        TextNumbers.IntResult r = TextNumbers.parseIntN(t.text(), bits);
        if (!t.is(Kind.NUMBER) || !r.wellFormed()) throw in.unexpected(t, "an i" + bits + " literal");
        if (!r.inRange()) throw in.error(t, "i" + bits + " constant out of range");
        return r.value();
    }

    private long floatLiteral(boolean f32) {
        Token t = in.next();
        TextNumbers.FloatResult r = TextNumbers.parseFloat(t.text(), f32);
        if (!(t.is(Kind.NUMBER) || t.is(Kind.KEYWORD)) || !r.wellFormed()) {
            throw in.unexpected(t, "an f" + (f32 ? 32 : 64) + " literal");
        }
        if (!r.inRange()) throw in.error(t, "f" + (f32 ? 32 : 64) + " constant out of range");
        return r.bits();
    }
}
