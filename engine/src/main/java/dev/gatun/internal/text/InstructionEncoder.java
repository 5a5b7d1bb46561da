package dev.gatun.internal.text;

import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.text.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses instruction sequences (plain and folded, with their block structure) and writes their binary
 * encoding; single instructions and their immediates are written by {@link OperandEncoder}. Folded
 * instructions and structured blocks are tracked on explicit stacks ({@link #frames}, {@link #labels}), so
 * deeply nested input never recurses; the total depth is still capped to bound memory.
 */
final class InstructionEncoder {
    static final int MAX_NESTING = 10_000;

    private static final int BLOCK = 0;
    private static final int LOOP = 1;
    private static final int IF = 2;
    private static final int ELSE = 3;
    private static final int TRY = 4;
    private static final int CATCH = 5;
    private static final int TRY_TABLE = 6;

    /** A label in scope: its id (or null) and the kind of block that introduced it. */
    private static final class Label {
        final String id;
        int kind;

        Label(String id, int kind) {
            this.id = id;
            this.kind = kind;
        }
    }

    private enum FrameKind { PLAIN, BLOCK, IF, TRY, BRANCH }

    // states of IF and TRY frames
    private static final int HEAD = 0;
    private static final int AFTER_BRANCH = 1;
    private static final int AFTER_LAST = 2;
    private static final int DELEGATED = 3;

    /** An open folded instruction: what to emit when its ')' arrives. */
    private static final class Frame {
        final FrameKind kind;
        final int innerBase;
        byte[] pending;
        String labelId;
        int state = HEAD;
        /** For a BRANCH: no further clause may follow it (else, catch_all). */
        boolean lastBranch;
        int catches;

        Frame(FrameKind kind, int innerBase) {
            this.kind = kind;
            this.innerBase = innerBase;
        }
    }

    private final TokenCursor in;
    private final ModuleScope scope;
    private final Map<String, Integer> localIds;
    private final ByteWriter out = new ByteWriter();
    private final List<Label> labels = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private final OperandEncoder operands;

    /** @param localIds the function's local names, or null in constant expressions (no locals) */
    InstructionEncoder(TokenCursor in, ModuleScope scope, Map<String, Integer> localIds) {
        this.in = in;
        this.scope = scope;
        this.localIds = localIds;
        this.operands = new OperandEncoder(in, scope, localIds, this::labelIndex);
    }

    /** Parses {@code instr*} up to (not including) the enclosing ')' and returns the bytes plus {@code end}. */
    byte[] expression() {
        sequence(false);
        out.byteValue(0x0B);
        return out.toArray();
    }

    /** Parses exactly one folded instruction {@code (...)} and returns its bytes plus {@code end}. */
    byte[] singleFolded() {
        Token t = in.peek();
        if (!t.is(Kind.LPAREN)) throw in.unexpected(t, "'('");
        sequence(true);
        out.byteValue(0x0B);
        return out.toArray();
    }

    private void sequence(boolean single) {
        while (true) {
            Token t = in.peek();
            if (t.is(Kind.RPAREN)) {
                if (frames.isEmpty()) break;
                in.next();
                closeFrame(t);
                if (single && frames.isEmpty()) return;
                continue;
            }
            if (t.is(Kind.EOF)) throw in.error(t, "unexpected end of input, unclosed '('");
            if (localIds != null) scope.annotations.branchHint();
            Frame top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
            if (top != null && (top.kind == FrameKind.IF || top.kind == FrameKind.TRY) && t.is(Kind.LPAREN)) {
                structuredChild(top);
                continue;
            }
            if (t.is(Kind.LPAREN)) {
                in.next();
                folded();
                continue;
            }
            if (top != null && top.kind != FrameKind.BLOCK && top.kind != FrameKind.BRANCH) {
                throw in.unexpected(t, "a folded instruction or ')'");
            }
            if (single && frames.isEmpty()) throw in.unexpected(t, "'('");
            plain();
        }
        if (!labels.isEmpty()) throw in.error("unclosed block: missing 'end'");
    }

    private int innerBase() {
        return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).innerBase;
    }

    private void push(Frame f) {
        if (frames.size() + labels.size() >= MAX_NESTING) throw in.error("nesting too deep");
        frames.add(f);
    }

    private void pushLabel(String id, int kind) {
        if (frames.size() + labels.size() >= MAX_NESTING) throw in.error("nesting too deep");
        labels.add(new Label(id, kind));
    }

    private Label popLabel() {
        return labels.remove(labels.size() - 1);
    }

    private void closeFrame(Token at) {
        Frame f = frames.remove(frames.size() - 1);
        int expectedLabels = f.innerBase + ((f.kind == FrameKind.IF || f.kind == FrameKind.TRY) && f.state != HEAD
                && f.state != DELEGATED ? 1 : 0);
        if (labels.size() != expectedLabels) throw in.error(at, "unclosed block: missing 'end'");
        switch (f.kind) {
            case PLAIN -> out.bytes(f.pending);
            case BLOCK -> {
                out.byteValue(0x0B);
                popLabel();
            }
            case IF -> {
                if (f.state == HEAD) throw in.error(at, "'if' without '(then ...)'");
                out.byteValue(0x0B);
                popLabel();
            }
            case TRY -> {
                if (f.state == HEAD) throw in.error(at, "'try' without '(do ...)'");
                if (f.state != DELEGATED) {
                    out.byteValue(0x0B);
                    popLabel();
                }
            }
            case BRANCH -> {
                Frame parent = frames.get(frames.size() - 1);
                parent.state = f.lastBranch ? AFTER_LAST : AFTER_BRANCH;
            }
        }
    }

    /** A parenthesized child of a folded if/try: its condition, then/else, do/catch/delegate clauses. */
    private void structuredChild(Frame f) {
        Token kw = in.peek(1);
        String word = kw.is(Kind.KEYWORD) ? kw.text() : "";
        if (f.kind == FrameKind.IF) {
            if (f.state == HEAD && word.equals("then")) {
                in.next();
                in.next();
                out.bytes(f.pending);
                pushLabel(f.labelId, IF);
                push(new Frame(FrameKind.BRANCH, labels.size()));
            } else if (f.state == AFTER_BRANCH && word.equals("else")) {
                in.next();
                in.next();
                checkLabelId(labels.get(labels.size() - 1));
                out.byteValue(0x05);
                Frame branch = new Frame(FrameKind.BRANCH, labels.size());
                branch.lastBranch = true;
                push(branch);
            } else if (f.state == HEAD) {
                in.next();
                folded();
            } else {
                throw in.unexpected(kw, "'(else' or ')'");
            }
            return;
        }
        if (f.state == HEAD) {
            if (!word.equals("do")) throw in.unexpected(kw, "'(do'");
            in.next();
            in.next();
            out.bytes(f.pending);
            pushLabel(f.labelId, TRY);
            push(new Frame(FrameKind.BRANCH, labels.size()));
            return;
        }
        if (f.state == AFTER_BRANCH && (word.equals("catch") || word.equals("catch_all"))) {
            in.next();
            in.next();
            Frame branch = new Frame(FrameKind.BRANCH, labels.size());
            if (word.equals("catch")) {
                out.byteValue(0x07);
                out.u32(scope.tags.resolve(in));
            } else {
                out.byteValue(0x19);
                branch.lastBranch = true;
            }
            f.catches++;
            push(branch);
            return;
        }
        if (f.state == AFTER_BRANCH && f.catches == 0 && word.equals("delegate")) {
            in.next();
            in.next();
            popLabel();
            out.byteValue(0x18);
            out.u32(labelIndex());
            in.expectRParen();
            f.state = DELEGATED;
            return;
        }
        throw in.unexpected(kw, "a catch clause or ')'");
    }

    /** After '(': a folded instruction. */
    private void folded() {
        Token kw = in.next();
        if (!kw.is(Kind.KEYWORD)) throw in.unexpected(kw, "an instruction");
        switch (kw.text()) {
            case "block", "loop", "try_table" -> {
                String id = in.acceptId();
                int kind = kw.text().equals("block") ? BLOCK : kw.text().equals("loop") ? LOOP : TRY_TABLE;
                blockHeader(kw.text(), out);
                pushLabel(id, kind);
                push(new Frame(FrameKind.BLOCK, labels.size()));
            }
            case "if", "try" -> {
                String id = in.acceptId();
                ByteWriter header = new ByteWriter();
                blockHeader(kw.text(), header);
                Frame f = new Frame(kw.text().equals("if") ? FrameKind.IF : FrameKind.TRY, labels.size());
                f.pending = header.toArray();
                f.labelId = id;
                push(f);
            }
            default -> {
                ByteWriter w = new ByteWriter();
                operands.instruction(kw, w);
                Frame f = new Frame(FrameKind.PLAIN, labels.size());
                f.pending = w.toArray();
                push(f);
            }
        }
    }

    /** A plain (unfolded) instruction, including block starts and their end/else/catch/delegate. */
    private void plain() {
        Token kw = in.next();
        if (!kw.is(Kind.KEYWORD)) throw in.unexpected(kw, "an instruction");
        switch (kw.text()) {
            case "block", "loop", "if", "try", "try_table" -> {
                String id = in.acceptId();
                blockHeader(kw.text(), out);
                pushLabel(id, switch (kw.text()) {
                    case "block" -> BLOCK;
                    case "loop" -> LOOP;
                    case "if" -> IF;
                    case "try" -> TRY;
                    default -> TRY_TABLE;
                });
            }
            case "else" -> {
                Label l = innermostPlainLabel(kw);
                if (l.kind != IF) throw in.error(kw, "'else' outside 'if'");
                checkLabelId(l);
                l.kind = ELSE;
                out.byteValue(0x05);
            }
            case "end" -> {
                Label l = innermostPlainLabel(kw);
                checkLabelId(l);
                popLabel();
                out.byteValue(0x0B);
            }
            case "catch", "catch_all" -> {
                Label l = innermostPlainLabel(kw);
                if (l.kind != TRY && l.kind != CATCH) throw in.error(kw, "'" + kw.text() + "' outside 'try'");
                if (kw.text().equals("catch")) {
                    out.byteValue(0x07);
                    out.u32(scope.tags.resolve(in));
                    l.kind = CATCH;
                } else {
                    out.byteValue(0x19);
                    l.kind = ELSE;
                }
            }
            case "delegate" -> {
                Label l = innermostPlainLabel(kw);
                if (l.kind != TRY) throw in.error(kw, "'delegate' outside 'try'");
                popLabel();
                out.byteValue(0x18);
                out.u32(labelIndex());
            }
            default -> operands.instruction(kw, out);
        }
    }

    private Label innermostPlainLabel(Token kw) {
        if (labels.size() <= innerBase()) throw in.error(kw, "'" + kw.text() + "' without a matching block");
        return labels.get(labels.size() - 1);
    }

    /** An optional {@code $id} after end/else/catch must repeat the block's label. */
    private void checkLabelId(Label l) {
        Token t = in.peek();
        if (!t.is(Kind.ID)) return;
        in.next();
        if (!t.text().equals(l.id)) throw in.error(t, "mismatching label $" + t.text());
    }

    /** Block type (and, for try_table, catch clauses) of a structured instruction, with its opcode. */
    private void blockHeader(String word, ByteWriter w) {
        Opcode op = Opcode.byMnemonic(word);
        ByteWriter header = new ByteWriter();
        blockType(header);
        if (op == Opcode.TRY_TABLE) {
            ByteWriter clauses = new ByteWriter();
            int count = 0;
            while (true) {
                int kind;
                if (in.atParenKeyword("catch")) kind = 0;
                else if (in.atParenKeyword("catch_ref")) kind = 1;
                else if (in.atParenKeyword("catch_all")) kind = 2;
                else if (in.atParenKeyword("catch_all_ref")) kind = 3;
                else break;
                in.next();
                in.next();
                clauses.byteValue(kind);
                if (kind < 2) clauses.u32(scope.tags.resolve(in));
                clauses.u32(labelIndex());
                in.expectRParen();
                count++;
            }
            header.u32(count);
            header.bytes(clauses.toArray());
        }
        OperandEncoder.opcode(op, w);
        w.bytes(header.toArray());
    }

    private void blockType(ByteWriter w) {
        ModuleScope.TypeUseParts parts = scope.typeUseParts(false);
        if (parts.explicitIndex() != null) {
            scope.resolve(parts);
            w.signed(parts.explicitIndex());
        } else if (parts.params().isEmpty() && parts.results().isEmpty()) {
            w.byteValue(0x40);
        } else if (parts.params().isEmpty() && parts.results().size() == 1) {
            w.valType(parts.results().get(0));
        } else {
            w.signed(scope.resolve(parts).typeIndex());
        }
    }

    private int labelIndex() {
        Token t = in.next();
        if (t.is(Kind.ID)) {
            for (int i = labels.size() - 1; i >= 0; i--) {
                if (t.text().equals(labels.get(i).id)) return labels.size() - 1 - i;
            }
            throw in.error(t, "unknown label $" + t.text());
        }
        return IdSpace.u32(t, in);
    }

}
