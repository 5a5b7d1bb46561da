package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.V128Halves;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShuffleHalfPlanTest {
    private static final long[] SOURCES = {0x0706050403020100L, 0x0F0E0D0C0B0A0908L, 0x9F1E1D1C1B1A1918L,
            0x1F8E2D3C4B5A6978L};

    @Test
    void randomIndicesGiveWhatTheByteLoopGives() {
        SplittableRandom random = new SplittableRandom(21);
        for (int k = 0; k < 5000; k++) {
            byte[] lanes = new byte[8];
            for (int i = 0; i < 8; i++) lanes[i] = (byte) random.nextInt(32);
            long[] sources = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
            long expected = V128Halves.i8x16Shuffle(sources[0], sources[1], sources[2], sources[3], indices(lanes));
            assertThat(ShuffleHalfPlan.of(lanes, 0, true).apply(sources)).isEqualTo(expected);
            assertThat(ShuffleHalfPlan.of(lanes, 0, false).apply(sources)).isEqualTo(expected);
        }
    }

    @Test
    void anUnzipOf16BitLanesCompressesEachSourceHalfIntoOneTerm() {
        byte[] lanes = {0, 1, 4, 5, 8, 9, 12, 13};
        ShuffleHalfPlan plan = ShuffleHalfPlan.of(lanes, 0, true);
        assertThat(plan.terms()).containsExactly(new ShuffleHalfPlan.Term(0, 0, 0xFFFFFFFFL, 0x0000FFFF0000FFFFL),
                new ShuffleHalfPlan.Term(1, 4, 0xFFFFFFFF00000000L, 0x0000FFFF0000FFFFL));
        assertThat(plan.apply(SOURCES)).isEqualTo(0x0D0C090805040100L);
        ShuffleHalfPlan portable = ShuffleHalfPlan.of(lanes, 0, false); // where PEXT is slow
        assertThat(portable.terms()).noneMatch(ShuffleHalfPlan.Term::compresses);
        assertThat(portable.apply(SOURCES)).isEqualTo(0x0D0C090805040100L);
    }

    @Test
    void bytesOutOfOrderOrNotAdjacentKeepTheirShiftAndMaskTerms() {
        byte[] swapped = {1, 0, 4, 5, 8, 9, 12, 13}; // source 0's bytes not in increasing order
        assertThat(ShuffleHalfPlan.of(swapped, 0, true).terms()).filteredOn(t -> t.source() == 0)
                .noneMatch(ShuffleHalfPlan.Term::compresses);
        byte[] gap = {0, 8, 4, 9, 10, 11, 12, 13}; // source 0's bytes land at result bytes 0 and 2
        assertThat(ShuffleHalfPlan.of(gap, 0, true).terms()).filteredOn(t -> t.source() == 0)
                .noneMatch(ShuffleHalfPlan.Term::compresses);
        assertThat(ShuffleHalfPlan.of(gap, 0, true).apply(SOURCES)).isEqualTo(0x0D0C0B0A09040800L);
    }

    @Test
    void orderedRunsFromEachSourceGiveWhatTheByteLoopGives() {
        SplittableRandom random = new SplittableRandom(33);
        for (int k = 0; k < 5000; k++) {
            byte[] lanes = new byte[8];
            int i = 0;
            while (i < 8) { // runs of increasing bytes of one source half at adjacent result bytes
                int source = random.nextInt(4);
                int run = 1 + random.nextInt(8 - i);
                int next = random.nextInt(8 - run + 1);
                for (int r = 0; r < run; r++) {
                    lanes[i++] = (byte) (source * 8 + next);
                    next += 1 + random.nextInt(Math.max(1, 8 - next - (run - r - 1)));
                    next = Math.min(next, 7);
                }
            }
            long[] sources = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
            long expected = V128Halves.i8x16Shuffle(sources[0], sources[1], sources[2], sources[3], indices(lanes));
            assertThat(ShuffleHalfPlan.of(lanes, 0, true).apply(sources)).isEqualTo(expected);
            assertThat(ShuffleHalfPlan.of(lanes, 0, false).apply(sources)).isEqualTo(expected);
        }
    }

    @Test
    void the32BitInterleaveTakesTwoTermsWithoutMasks() {
        byte[] lanes = {0, 1, 2, 3, 16, 17, 18, 19};
        ShuffleHalfPlan plan = ShuffleHalfPlan.of(lanes, 0, true);
        assertThat(plan.terms()).hasSize(2);
        assertThat(plan.terms().get(1)).isEqualTo(new ShuffleHalfPlan.Term(2, 4, 0xFFFFFFFF00000000L));
        assertThat(plan.terms().get(1).maskIsRedundant()).isTrue();
        assertThat(plan.terms().getFirst().maskIsRedundant()).isFalse();
        assertThat(plan.apply(SOURCES)).isEqualTo(0x1B1A191803020100L);
    }

    private static long indices(byte[] lanes) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (lanes[i] & 0xFFL);
        return v;
    }
}
