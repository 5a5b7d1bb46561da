package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;

/**
 * Recognises an {@code i32x4.dot_i16x8_s} whose result is at once added to an accumulator, in the two orders
 * compilers emit (intgemm's 16-bit kernel: {@code v128.load; i32x4.dot_i16x8_s; local.get acc; i32x4.add;
 * local.set acc}, eight times per inner iteration):
 * <ul>
 *   <li>{@link #ACCUMULATOR_BELOW}: the next instruction is {@code i32x4.add}, the accumulator under the dot's
 *       operands;</li>
 *   <li>{@link #ACCUMULATOR_LOCAL}: the next two are {@code local.get x; i32x4.add}.</li>
 * </ul>
 * {@link SimdHalvesEmitter} then emits one {@code V128Halves.i32x4DotI16x8SAdd(a, b, acc)} per half. Only
 * instructions directly after the dot match, so no branch target (a block, loop, else or end is an
 * instruction of its own) can lie between; the caller still checks that no segment cut is planned there.
 */
final class DotAccumulateIdiom {
    private DotAccumulateIdiom() {}

    /** No fusion: the dot alone. */
    static final int NONE = 0;
    /** {@code i32x4.add} next: the accumulator is the stack entry below the dot's operands. */
    static final int ACCUMULATOR_BELOW = 1;
    /** {@code local.get x; i32x4.add} next: the accumulator is local {@code x}, pushed by translating the get. */
    static final int ACCUMULATOR_LOCAL = 2;

    /**
     * Which shape follows a dot, reading from {@code position} (just after the dot) to {@code limit} of
     * {@code bytes}.
     */
    static int shapeAfter(byte[] bytes, int position, int limit) {
        CodeReader ahead = new CodeReader(bytes, position, limit);
        if (!ahead.hasNext()) return NONE;
        Opcode next = ahead.next();
        if (next == Opcode.I32X4_ADD) return ACCUMULATOR_BELOW;
        if (next != Opcode.LOCAL_GET || !ahead.hasNext()) return NONE;
        return ahead.next() == Opcode.I32X4_ADD ? ACCUMULATOR_LOCAL : NONE;
    }

    /** Instructions after the dot that the fused translation consumes for {@code shape}. */
    static int instructionsConsumed(int shape) {
        return shape == ACCUMULATOR_LOCAL ? 2 : shape == ACCUMULATOR_BELOW ? 1 : 0;
    }
}
