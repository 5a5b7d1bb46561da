package dev.gatun.internal.compile;

import dev.gatun.internal.model.ValType;
import java.lang.classfile.Label;
import java.util.List;

/**
 * A control frame of the function being compiled: a block, loop, if, try_table, legacy try, or the function
 * body itself, with its labels and (for the exception constructs) what the handler needs.
 */
final class ControlFrame {
    static final int BLOCK = 0;
    static final int LOOP = 1;
    static final int IF = 2;
    static final int FUNCTION = 3;
    /** A try_table: a block whose end also hosts the out-of-line exception handler. */
    static final int TRY = 4;
    /** A legacy try (catch/catch_all clauses or delegate); its handler dispatches to inline catch bodies. */
    static final int LEGACY_TRY = 5;

    final int kind;
    final List<ValType> params;
    final List<ValType> results;
    /** Type-stack height below the frame's parameters. */
    final int height;
    /** False when the frame began in unreachable code: nothing of it is emitted. */
    final boolean live;
    /** Byte offset of the opening block/loop/if instruction in the code array (-1: none recorded). */
    int offset = -1;
    Label target;
    /**
     * Loops entered with values on the JVM stack only: the label after those values were stored to
     * {@link #headerSlots} (bottom first), where the stack is empty; back edges jump here.
     */
    Label header;
    int[] headerSlots;
    Label end;
    Label elseLabel;
    boolean endReachable;
    boolean hasElse;
    // try_table only: the catch clauses, where the stack below was saved, the protected range's start
    int[] catchKinds;
    int[] catchTags;
    int[] catchLabels;
    int[] savedSlots;
    ValType[] savedTypes;
    Label tryStart;
    int exceptionSlot;
    /** Where exceptions of the protected range go (bound when the handler is emitted). */
    Label handler;
    // legacy try only: still in the protected body; where it ended; the catch bodies (tag or -1, label)
    boolean inBody;
    Label bodyEnd;
    List<Integer> clauseTags;
    List<Label> clauseBodies;

    ControlFrame(int kind, List<ValType> params, List<ValType> results, int height, boolean live) {
        this.kind = kind;
        this.params = params;
        this.results = results;
        this.height = height;
        this.live = live;
    }

    List<ValType> labelTypes() {
        return kind == LOOP ? params : results;
    }
}
