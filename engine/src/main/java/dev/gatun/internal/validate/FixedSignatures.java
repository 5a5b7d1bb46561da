package dev.gatun.internal.validate;

import dev.gatun.internal.model.Opcode;

/**
 * {@link Opcode#signature} split once into operand and result letters, so validating a numeric instruction
 * allocates nothing. Letters: i I f F v as in the opcode table, {@code a} the memory's address type.
 */
final class FixedSignatures {
    private FixedSignatures() {}

    private static final char[][] OPERANDS = new char[Opcode.values().length][];
    private static final char[][] RESULTS = new char[Opcode.values().length][];
    /** For SIMD lane instructions: the number of lanes, else 0. */
    private static final int[] LANES = new int[Opcode.values().length];

    static {
        for (Opcode op : Opcode.values()) {
            if (op.signature != null) {
                int arrow = op.signature.indexOf('>');
                OPERANDS[op.ordinal()] = op.signature.substring(0, arrow).toCharArray();
                RESULTS[op.ordinal()] = op.signature.substring(arrow + 1).toCharArray();
            }
            if (op.immediate == Opcode.Immediate.LANE) LANES[op.ordinal()] = lanesOfShape(op.mnemonic);
            if (op.immediate == Opcode.Immediate.MEMARG_LANE) LANES[op.ordinal()] = 16 >> op.naturalAlignment;
        }
    }

    private static int lanesOfShape(String mnemonic) {
        if (mnemonic.startsWith("i8x16")) return 16;
        if (mnemonic.startsWith("i16x8")) return 8;
        if (mnemonic.startsWith("i32x4") || mnemonic.startsWith("f32x4")) return 4;
        if (mnemonic.startsWith("i64x2") || mnemonic.startsWith("f64x2")) return 2;
        throw new IllegalStateException("no lane shape in " + mnemonic);
    }

    static char[] operands(Opcode op) {
        return OPERANDS[op.ordinal()];
    }

    static char[] results(Opcode op) {
        return RESULTS[op.ordinal()];
    }

    static int lanes(Opcode op) {
        return LANES[op.ordinal()];
    }

    static boolean isAtomic(Opcode op) {
        return op.prefix == Opcode.PREFIX_ATOMIC;
    }
}
