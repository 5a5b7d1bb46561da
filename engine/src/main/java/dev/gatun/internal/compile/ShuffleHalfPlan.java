package dev.gatun.internal.compile;

import dev.gatun.internal.runtime.BitPermute;
import java.util.ArrayList;
import java.util.List;

/**
 * One result half of an i8x16.shuffle with constant indices, as an OR of shifted and masked source halves:
 * the result bytes that come from the same source half moved by the same distance form one {@link Term}
 * ({@code (source << 8*shift) & mask}, a negative shift moving right). The interleaves and unzips of compiled
 * C code need 2 to 4 terms, against a loop over 8 bytes in a helper. With the helper, intgemm-simd's hot
 * function (64 such shuffles) stayed in C1 code: C2 did not finish compiling it in the benchmark's time;
 * same-window gatun medians 700 -> 89 ms (warmup 25, loaded 2-core machine).
 *
 * <p>When the bytes taken from one source half keep their order and fill adjacent result bytes (the even or
 * odd 16-bit lanes of an unzip, the low lanes of an interleave), that source's terms become one compressing
 * term: {@code Long.compress(source, sourceBytes) << 8*shift}, one PEXT instruction (plus the shift), where
 * separate terms took a shift, an AND and an OR each; only where PEXT is fast ({@link BitPermute#FAST}).
 */
record ShuffleHalfPlan(List<Term> terms) {

    /**
     * @param source the source half: 0 = first operand's low, 1 = its high, 2/3 = the second operand's
     * @param shiftBytes how far the bytes move up (negative: down)
     * @param mask the result bytes taken from this term
     * @param compressMask for a compressing term, the source bytes it takes ({@code Long.compress} packs
     *     them into the low bytes before the shift); 0 for a plain shift and mask
     */
    record Term(int source, int shiftBytes, long mask, long compressMask) {
        Term(int source, int shiftBytes, long mask) {
            this(source, shiftBytes, mask, 0);
        }

        boolean compresses() {
            return compressMask != 0;
        }

        /** Whether the mask keeps every bit the shift leaves, so the AND can be left out. */
        boolean maskIsRedundant() {
            if (compresses()) return true; // the compressed bytes are all there is: the shift puts them in place
            long survivors = shiftBytes >= 0 ? -1L << (8 * shiftBytes) : -1L >>> (-8 * shiftBytes);
            return mask == survivors;
        }

        long apply(long[] sources) {
            long x = sources[source];
            if (compresses()) return Long.compress(x, compressMask) << (8 * shiftBytes);
            long shifted = shiftBytes >= 0 ? x << (8 * shiftBytes) : x >>> (-8 * shiftBytes);
            return shifted & mask;
        }
    }

    /** The plan of the result half made of the 8 indices (each below 32) at {@code from}, for this machine. */
    static ShuffleHalfPlan of(byte[] lanes, int from) {
        return of(lanes, from, BitPermute.FAST);
    }

    /** The plan, with compressing terms only if {@code compress}. */
    static ShuffleHalfPlan of(byte[] lanes, int from, boolean compress) {
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
        if (compress) for (int source = 0; source < 4; source++) compressIfOrdered(terms, lanes, from, source);
        return new ShuffleHalfPlan(List.copyOf(terms));
    }

    /**
     * Replaces the terms of {@code source} (two or more) by one compressing term if the result bytes they
     * fill are adjacent and take the source's bytes in increasing order.
     */
    private static void compressIfOrdered(List<Term> terms, byte[] lanes, int from, int source) {
        if (terms.stream().filter(t -> t.source() == source).count() < 2) return;
        int first = -1;
        int previousByte = -1;
        long sourceBytes = 0;
        long resultBytes = 0;
        for (int i = 0; i < 8; i++) {
            int index = lanes[from + i];
            if (index >> 3 != source) continue;
            int sourceByte = index & 7;
            if (first < 0) first = i;
            else if (i != first + Long.bitCount(resultBytes) / 8 || sourceByte <= previousByte) return;
            previousByte = sourceByte;
            sourceBytes |= 0xFFL << (8 * sourceByte);
            resultBytes |= 0xFFL << (8 * i);
        }
        terms.removeIf(t -> t.source() == source);
        terms.add(new Term(source, first, resultBytes, sourceBytes));
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
