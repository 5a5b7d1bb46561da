package dev.gatun.internal.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * One result half of an i8x16.shuffle with constant indices, as an OR of shifted and masked source halves:
 * the result bytes that come from the same source half moved by the same distance form one {@link Term}
 * ({@code (source << 8*shift) & mask}, a negative shift moving right). The interleaves and unzips of compiled
 * C code need 2 to 4 terms, against a loop over 8 bytes in a helper. With the helper, intgemm-simd's hot
 * function (64 such shuffles) stayed in C1 code: C2 did not finish compiling it in the benchmark's time;
 * same-window gatun medians 700 -> 89 ms (warmup 25, loaded 2-core machine).
 */
record ShuffleHalfPlan(List<Term> terms) {

    /**
     * @param source the source half: 0 = first operand's low, 1 = its high, 2/3 = the second operand's
     * @param shiftBytes how far the bytes move up (negative: down)
     * @param mask the result bytes taken from this term
     */
    record Term(int source, int shiftBytes, long mask) {
        /** Whether the mask keeps every bit the shift leaves, so the AND can be left out. */
        boolean maskIsRedundant() {
            long survivors = shiftBytes >= 0 ? -1L << (8 * shiftBytes) : -1L >>> (-8 * shiftBytes);
            return mask == survivors;
        }

        long apply(long[] sources) {
            long x = sources[source];
            long shifted = shiftBytes >= 0 ? x << (8 * shiftBytes) : x >>> (-8 * shiftBytes);
            return shifted & mask;
        }
    }

    /** The plan of the result half made of the 8 indices (each below 32) at {@code from}. */
    static ShuffleHalfPlan of(byte[] lanes, int from) {
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int index = lanes[from + i];
            int source = index >> 3;
            int shift = i - (index & 7);
            long byteMask = 0xFFL << (8 * i);
            int existing = find(terms, source, shift);
            if (existing >= 0) {
                Term t = terms.get(existing);
                terms.set(existing, new Term(source, shift, t.mask() | byteMask));
            } else {
                terms.add(new Term(source, shift, byteMask));
            }
        }
        return new ShuffleHalfPlan(List.copyOf(terms));
    }

    private static int find(List<Term> terms, int source, int shift) {
        for (int k = 0; k < terms.size(); k++) {
            if (terms.get(k).source() == source && terms.get(k).shiftBytes() == shift) return k;
        }
        return -1;
    }

    /** The result half for the four source halves (what the emitted code computes). */
    long apply(long[] sources) {
        long result = 0;
        for (Term t : terms) result |= t.apply(sources);
        return result;
    }
}
