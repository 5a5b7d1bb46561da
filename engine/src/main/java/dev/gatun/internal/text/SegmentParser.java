package dev.gatun.internal.text;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.DataSegment;
import dev.gatun.internal.model.ModuleModel.ElementSegment;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Element and data segments (all their text forms), their offsets, and constant expressions. */
final class SegmentParser {
    private final TokenCursor in;
    private final ModuleScope scope;
    private final ModuleModel.Builder builder;

    SegmentParser(ModuleScope scope) {
        this.in = scope.in;
        this.scope = scope;
        this.builder = scope.builder;
    }

    void elemField() {
        in.acceptId();
        if (in.acceptKeyword("declare")) {
            builder.elements.add(elemList(SegmentMode.DECLARATIVE, 0, null, null, false));
            return;
        }
        int table = 0;
        boolean active = false;
        if (in.atParenKeyword("table")) {
            in.next();
            in.next();
            table = scope.tables.resolve(in);
            in.expectRParen();
            active = true;
        } else if (IdSpace.isIndex(in.peek())) {
            table = scope.tables.resolve(in);
            active = true;
        }
        ByteSlice offset = null;
        if (active || (in.peek().is(Kind.LPAREN) && !in.atParenKeyword("ref"))) {
            offset = offsetExpr();
            active = true;
        }
        builder.elements.add(elemList(active ? SegmentMode.ACTIVE : SegmentMode.PASSIVE, table, offset, null,
                active));
    }

    /**
     * An element list: {@code func x*}, {@code reftype elemexpr*}, or a bare {@code x*} (active segments in
     * the legacy form). {@code inlineTableType} is given for a table's inline {@code (elem ...)}.
     */
    ElementSegment elemList(SegmentMode mode, int table, ByteSlice offset, ValType inlineTableType,
                                    boolean bareIndicesAllowed) {
        if (in.acceptKeyword("func")) return functionIndices(mode, table, offset);
        if (inlineTableType != null) {
            if (in.peek().is(Kind.LPAREN)) return elemExprs(mode, table, offset, inlineTableType);
            return functionReferences(mode, table, offset, inlineTableType);
        }
        if (scope.typeSyntax.atRefType()) {
            ValType type = scope.typeSyntax.refType();
            return elemExprs(mode, table, offset, type);
        }
        if (bareIndicesAllowed) return functionIndices(mode, table, offset);
        throw in.unexpected(in.peek(), "'func' or a reference type");
    }

    private ElementSegment functionIndices(SegmentMode mode, int table, ByteSlice offset) {
        List<Integer> funcs = new ArrayList<>();
        while (IdSpace.isIndex(in.peek())) funcs.add(scope.funcs.resolve(in));
        int[] array = funcs.stream().mapToInt(Integer::intValue).toArray();
        // Wasm 3.0: a function-index list has type (ref func), as the binary elemkind 0x00 does
        return new ElementSegment(mode, table, offset, ValType.ref(false, HeapType.FUNC), array, null);
    }

    /**
     * A table's inline {@code (elem x*)}: the spec defines it as {@code (ref.func x)*} of the table's own
     * reference type, so it cannot use the compact (ref func) index form.
     */
    private ElementSegment functionReferences(SegmentMode mode, int table, ByteSlice offset, ValType type) {
        List<ByteSlice> exprs = new ArrayList<>();
        while (IdSpace.isIndex(in.peek())) {
            ByteWriter w = new ByteWriter();
            w.byteValue(0xD2);
            w.u32(scope.funcs.resolve(in));
            w.byteValue(0x0B);
            exprs.add(ByteSlice.of(w.toArray()));
        }
        return new ElementSegment(mode, table, offset, type, null, List.copyOf(exprs));
    }

    private ElementSegment elemExprs(SegmentMode mode, int table, ByteSlice offset, ValType type) {
        List<ByteSlice> exprs = new ArrayList<>();
        while (in.peek().is(Kind.LPAREN)) {
            if (in.atParenKeyword("item")) {
                in.next();
                in.next();
                exprs.add(constExpr());
                in.expectRParen();
            } else {
                exprs.add(ByteSlice.of(new InstructionEncoder(in, scope, null).singleFolded()));
            }
        }
        return new ElementSegment(mode, table, offset, type, null, List.copyOf(exprs));
    }

    void dataField() {
        in.acceptId();
        int memory = 0;
        boolean active = false;
        if (in.atParenKeyword("memory")) {
            in.next();
            in.next();
            memory = scope.memories.resolve(in);
            in.expectRParen();
            active = true;
        } else if (IdSpace.isIndex(in.peek())) {
            memory = scope.memories.resolve(in);
            active = true;
        }
        ByteSlice offset = null;
        if (active || in.peek().is(Kind.LPAREN)) {
            offset = offsetExpr();
            active = true;
        }
        ByteSlice bytes = ByteSlice.of(dataString());
        builder.datas.add(new DataSegment(active ? SegmentMode.ACTIVE : SegmentMode.PASSIVE, memory, offset, bytes));
    }

    byte[] dataString() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (in.peek().is(Kind.STRING)) bytes.writeBytes(in.expectStringBytes());
        return bytes.toByteArray();
    }

    /** {@code (offset instr*)} or a single folded instruction. */
    private ByteSlice offsetExpr() {
        if (in.atParenKeyword("offset")) {
            in.next();
            in.next();
            ByteSlice e = constExpr();
            in.expectRParen();
            return e;
        }
        if (!in.peek().is(Kind.LPAREN)) throw in.unexpected(in.peek(), "an offset expression");
        return ByteSlice.of(new InstructionEncoder(in, scope, null).singleFolded());
    }

    ByteSlice constExpr() {
        return ByteSlice.of(new InstructionEncoder(in, scope, null).expression());
    }

    static ByteSlice zeroOffset(boolean is64) {
        return ByteSlice.of(new byte[] {(byte) (is64 ? 0x42 : 0x41), 0x00, 0x0B});
    }
}
