package dev.gatun.internal.runtime;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.VmContextLayout.Field;
import dev.gatun.internal.runtime.VmContextLayout.Region;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-computed vmctx offsets must match the FFM layout exactly, for any module shape. */
class VmContextLayoutTest {
    private static final long SEED = 0x6A7E_2026L;

    private static VmContextLayout randomShape(Random random) {
        // small counts mostly, sometimes zero, sometimes large
        int[] c = new int[7];
        for (int i = 0; i < c.length; i++) {
            int pick = random.nextInt(10);
            c[i] = pick < 2 ? 0 : pick < 8 ? random.nextInt(5) : random.nextInt(2000);
        }
        return new VmContextLayout(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }

    @Test
    void recordSizesAndAlignmentsMatchTheStructLayouts() {
        for (Region region : Region.values()) {
            assertThat(VmContextLayout.recordSize(region)).as(region + " size").isEqualTo(region.record.byteSize());
            assertThat(VmContextLayout.recordAlignment(region)).as(region + " alignment")
                    .isEqualTo(region.record.byteAlignment());
        }
        for (Field field : Field.values()) {
            assertThat(field.offsetInRecord).as(field.name())
                    .isEqualTo(field.region.record.byteOffset(groupElement(field.name)));
            assertThat(field.type.byteSize()).isEqualTo(
                    field.region.record.select(groupElement(field.name)).byteSize());
        }
    }

    @Test
    void everyFieldOffsetMatchesTheMemoryLayoutForRandomShapes() {
        Random random = new Random(SEED);
        for (int shape = 0; shape < 200; shape++) {
            VmContextLayout layout = randomShape(random);
            MemoryLayout memory = layout.memoryLayout();
            assertThat(layout.byteSize()).isEqualTo(memory.byteSize());
            assertThat(layout.byteAlignment()).isEqualTo(memory.byteAlignment());
            for (Region region : Region.values()) {
                assertThat(layout.regionOffset(region)).isEqualTo(memory.byteOffset(groupElement(region.layoutName)));
                assertThat(layout.regionOffset(region) % VmContextLayout.recordAlignment(region)).isZero();
            }
            for (Field field : Field.values()) {
                int count = layout.count(field.region);
                // first, last and a middle record: all records are equal, so these cover the arithmetic
                for (int index : new int[] {0, count / 2, count - 1}) {
                    if (count == 0) continue;
                    long expected = memory.byteOffset(groupElement(field.region.layoutName), sequenceElement(index),
                            groupElement(field.name));
                    assertThat(layout.offset(field, index)).as("%s[%d] in shape %d", field, index, shape)
                            .isEqualTo(expected);
                    assertThat(expected % field.type.byteAlignment()).isZero();
                }
            }
        }
    }

    @Test
    void regionsNeverOverlapAndStayInsideTheBlock() {
        Random random = new Random(SEED + 1);
        for (int shape = 0; shape < 200; shape++) {
            VmContextLayout layout = randomShape(random);
            List<long[]> spans = new ArrayList<>();
            for (Region region : Region.values()) {
                long start = layout.regionOffset(region);
                long end = start + layout.count(region) * VmContextLayout.recordSize(region);
                spans.add(new long[] {start, end});
                assertThat(end).isLessThanOrEqualTo(layout.byteSize());
            }
            spans.sort(Comparator.comparingLong(s -> s[0]));
            for (int i = 1; i < spans.size(); i++) {
                assertThat(spans.get(i)[0]).as("shape %d region %d", shape, i).isGreaterThanOrEqualTo(spans.get(i - 1)[1]);
            }
        }
    }

    @Test
    void limitsRegionIsAlwaysOneRecordAtTheStart() {
        VmContextLayout empty = new VmContextLayout(0, 0, 0, 0, 0, 0, 0);
        assertThat(empty.count(Region.LIMITS)).isEqualTo(1);
        assertThat(empty.offset(Field.INTERRUPT)).isZero();
        assertThat(empty.byteSize()).isEqualTo(32);
    }

    @Test
    void globalSlotsAreSixteenByteAlignedInAnAllocatedBlock() {
        VmContextLayout layout = new VmContextLayout(1, 1, 3, 1, 0, 0, 0);
        MemorySegment block = Arena.ofAuto().allocate(layout.memoryLayout());
        for (int i = 0; i < 3; i++) {
            long offset = layout.offset(Field.GLOBAL_LOW, i);
            assertThat((block.address() + offset) % 16).isZero();
            block.set(ValueLayout.JAVA_LONG, offset, i + 1L);
        }
        var handle = layout.memoryLayout().varHandle(groupElement("globals"), sequenceElement(),
                groupElement("low"));
        assertThat((long) handle.get(block, 0L, 2L)).isEqualTo(3L);
    }
}
