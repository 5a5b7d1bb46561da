package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.List;

/**
 * The spec algorithm's operand stack and control stack. An operand is a value type, or {@code null} for the
 * unknown type that popping past a frame's height yields after {@code unreachable}. Frames are reused, so a
 * body allocates only when the stacks grow.
 */
final class OperandStack {

    /** Builds the exception for a type error at the current instruction. */
    interface Errors {
        InvalidModuleException error(String message);
    }

    /** A control frame; {@code kind} is the opening instruction (BLOCK for the function body itself). */
    static final class Frame {
        Opcode kind;
        List<ValType> params;
        List<ValType> results;
        int height;
        boolean unreachable;
        int initMark;
        /** The last br_table (by count) that checked this frame as a target. */
        int brTableStamp;

        /** What a branch to this frame carries: a loop's parameters, any other block's results. */
        List<ValType> labelTypes() {
            return kind == Opcode.LOOP ? params : results;
        }
    }

    private final TypeContext types;
    private final LocalSlots locals;
    private final Errors errors;

    private ValType[] values = new ValType[64];
    private int sp;
    private Frame[] frames = new Frame[16];
    private int fp;

    OperandStack(TypeContext types, LocalSlots locals, Errors errors) {
        this.types = types;
        this.locals = locals;
        this.errors = errors;
    }

    void clear() {
        sp = 0;
        fp = 0;
    }

    // ---- control frames ----

    /** Number of open frames (the labels in scope). */
    int depth() {
        return fp;
    }

    Frame top() {
        return frames[fp - 1];
    }

    /** The frame a label index names, or null when there is no such label. */
    Frame label(int index) {
        return index >= 0 && index < fp ? frames[fp - 1 - index] : null;
    }

    void pushFrame(Opcode kind, List<ValType> params, List<ValType> results) {
        if (fp == frames.length) frames = Arrays.copyOf(frames, fp * 2);
        Frame f = frames[fp];
        if (f == null) f = frames[fp] = new Frame();
        fp++;
        f.kind = kind;
        f.params = params;
        f.results = results;
        f.height = sp;
        f.unreachable = false;
        f.initMark = locals.mark();
        pushVals(params);
    }

    /** Closes the top frame; locals initialized inside it are uninitialized again. */
    Frame popFrame() {
        Frame f = top();
        locals.resetTo(f.initMark);
        fp--;
        return f;
    }

    /** Checks that exactly the frame's results are on the stack, then empties it to the frame's height. */
    void checkFrameEnd(Frame f) {
        int saved = sp;
        popVals(f.results);
        if (sp != f.height) {
            sp = saved;
            throw errors.error("type mismatch: block requires " + f.results + " but stack has " + contents());
        }
    }

    /** Starts the next arm of an if or try: same frame, fresh stack holding {@code entry}. */
    void reopen(Frame f, List<ValType> entry) {
        f.unreachable = false;
        locals.resetTo(f.initMark);
        sp = f.height;
        pushVals(entry);
    }

    /** After an unconditional branch: the rest of the block is typed with a polymorphic stack. */
    void setUnreachable() {
        Frame f = top();
        sp = f.height;
        f.unreachable = true;
    }

    /** True when popping further yields only unknown values (so a huge pop count can stop early). */
    boolean onlyUnknownLeft() {
        Frame f = top();
        return sp == f.height && f.unreachable;
    }

    // ---- operands ----

    void push(ValType t) {
        if (sp == values.length) values = Arrays.copyOf(values, sp * 2);
        values[sp++] = t;
    }

    void pushVals(List<ValType> ts) {
        for (ValType t : ts) push(t);
    }

    /** Pops any value; null is the unknown type. */
    ValType popAny() {
        Frame f = top();
        if (sp == f.height) {
            if (f.unreachable) return null;
            throw errors.error("type mismatch: instruction requires a value but stack has []");
        }
        return values[--sp];
    }

    /** Pops a reference (or the unknown type). */
    ValType popRef() {
        ValType t = popAny();
        if (t != null && !t.isRef()) {
            throw errors.error("type mismatch: instruction requires a reference but stack has [" + t + "]");
        }
        return t;
    }

    /** Pops a value that must match {@code expected}; returns it (null when unknown). */
    ValType pop(ValType expected) {
        Frame f = top();
        if (sp == f.height) {
            if (f.unreachable) return null;
            throw requires(List.of(expected));
        }
        ValType actual = values[sp - 1];
        if (!types.isSubtype(actual, expected)) throw requires(List.of(expected));
        sp--;
        return actual;
    }

    /** Pops values matching {@code expected} (last on top); on error the stack is left as it was. */
    void popVals(List<ValType> expected) {
        int saved = sp;
        Frame f = top();
        for (int i = expected.size() - 1; i >= 0; i--) {
            if (sp == f.height) {
                if (f.unreachable) return;
                sp = saved;
                throw requires(expected);
            }
            if (!types.isSubtype(values[sp - 1], expected.get(i))) {
                sp = saved;
                throw requires(expected);
            }
            sp--;
        }
    }

    /** Checks that the top values match {@code expected} without consuming them. */
    void checkVals(List<ValType> expected) {
        int saved = sp;
        popVals(expected);
        sp = saved;
    }

    private InvalidModuleException requires(List<ValType> expected) {
        return errors.error("type mismatch: instruction requires " + expected + " but stack has " + contents());
    }

    /** The current frame's operands, for messages. */
    private String contents() {
        StringBuilder sb = new StringBuilder("[");
        int height = top().height;
        for (int i = height; i < sp; i++) {
            if (i > height) sb.append(", ");
            sb.append(values[i] == null ? "unknown" : values[i].toString());
        }
        return sb.append(']').toString();
    }
}
