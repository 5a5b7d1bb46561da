package dev.gatun.internal.binary;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Opcode;
import java.util.Arrays;

/**
 * Checks that an instruction sequence is well-formed: every instruction decodes, and block-like
 * instructions nest properly so that the final {@code end} closes the sequence. Only structure is checked
 * here (else only inside if, catch only inside try, ...); types and indices are the validator's job.
 *
 * <p>Nesting is tracked in an array used as a stack, never by recursion, so arbitrarily deep input cannot
 * overflow the Java stack. The array only grows as block instructions are actually read, so its size is
 * backed by input bytes.
 */
final class StructureChecker {

    private static final byte FUNCTION = 0;
    private static final byte BLOCK = 1;
    private static final byte IF = 2;
    private static final byte ELSE = 3;
    private static final byte TRY = 4;
    private static final byte TRY_CATCH = 5;
    private static final byte TRY_CATCH_ALL = 6;

    static final String UNEXPECTED_END = "unexpected end of section or function";

    private byte[] frames = new byte[16];
    private int depth;
    private boolean usesDataIndex;

    /** True if the last checked sequence contained an instruction that names a data segment. */
    boolean usesDataIndex() {
        return usesDataIndex;
    }

    /**
     * Reads an instruction sequence (a constant expression or a function body's instructions), up to and
     * including the {@code end} that closes it, starting at the reader's position, and leaves the reader just
     * after it. Like the reference interpreter, it reads on up to the source's limit whatever size was
     * declared for the sequence; the caller compares the end with that size.
     *
     * @return the expression's bytes including the final {@code end}
     */
    ByteSlice readExpression(BinaryReader source, String where) {
        int start = source.position();
        CodeReader reader = new CodeReader(source.array(), start, source.limit());
        reader.endOfInputMessage(UNEXPECTED_END);
        reader.context(where);
        int end = walk(reader);
        source.position(end);
        return new ByteSlice(source.array(), start, end - start);
    }

    /** Reads instructions until the outermost frame is closed; returns the position after that end. */
    private int walk(CodeReader reader) {
        depth = 0;
        usesDataIndex = false;
        push(FUNCTION);
        while (true) {
            if (!reader.hasNext()) {
                throw reader.error(UNEXPECTED_END + ": " + depth + " block" + (depth == 1 ? "" : "s")
                        + " not closed by end", reader.position());
            }
            Opcode op = reader.next();
            switch (op) {
                case BLOCK, LOOP, TRY_TABLE -> push(BLOCK);
                case IF -> push(IF);
                case TRY -> push(TRY);
                case ELSE -> {
                    if (frames[depth - 1] != IF) throw misplaced(reader, "else", "if");
                    frames[depth - 1] = ELSE;
                }
                case CATCH -> {
                    byte top = frames[depth - 1];
                    if (top != TRY && top != TRY_CATCH) throw misplaced(reader, "catch", "try");
                    frames[depth - 1] = TRY_CATCH;
                }
                case CATCH_ALL -> {
                    byte top = frames[depth - 1];
                    if (top != TRY && top != TRY_CATCH) throw misplaced(reader, "catch_all", "try");
                    frames[depth - 1] = TRY_CATCH_ALL;
                }
                case DELEGATE -> {
                    // delegate ends a try that has no catch clauses
                    if (frames[depth - 1] != TRY) throw misplaced(reader, "delegate", "try");
                    depth--;
                }
                case END -> {
                    depth--;
                    if (depth == 0) return reader.position();
                }
                default -> {
                    switch (op.immediate) {
                        case DATA, MEMORY_INIT, TYPE_DATA -> usesDataIndex = true;
                        default -> { }
                    }
                }
            }
        }
    }

    private void push(byte kind) {
        if (depth == frames.length) frames = Arrays.copyOf(frames, depth * 2);
        frames[depth++] = kind;
    }

    private static RuntimeException misplaced(CodeReader reader, String instruction, String container) {
        // The reference interpreter ends the block there and then finds no end.
        return reader.error("END opcode expected: " + instruction + " outside of " + container,
                reader.instructionOffset);
    }
}
