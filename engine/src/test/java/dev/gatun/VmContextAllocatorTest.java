package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmContextAllocatorTest {
    private final VmContextAllocator allocator = new VmContextAllocator(100, 8);

    @Test
    void blocksAreZeroedCacheLineAlignedAndNotReusedWithinABatch() {
        Set<Long> addresses = new HashSet<>();
        for (int i = 0; i < 3 * VmContextAllocator.BLOCKS_PER_BATCH; i++) {
            VmContextAllocator.Block block = allocator.acquire();
            assertThat(block.segment().byteSize()).isEqualTo(100);
            assertThat(block.segment().address() % 64).isZero();
            for (long at = 0; at < 100; at += 4) assertThat(block.segment().get(ValueLayout.JAVA_INT, at)).isZero();
            block.segment().fill((byte) 0x5a);
            // within a batch (one arena) every block is new, even though each was released at once; a later
            // batch may get the memory of a freed one back from the allocator, zeroed (checked above)
            if (i % VmContextAllocator.BLOCKS_PER_BATCH == 0) addresses.clear();
            assertThat(addresses.add(block.segment().address())).as("block %d reused an address", i).isTrue();
            allocator.release(block);
        }
    }

    @Test
    void aBatchIsFreedWhenAllItsBlocksWereHandedOutAndReleased() {
        List<VmContextAllocator.Block> batch = new ArrayList<>();
        for (int i = 0; i < VmContextAllocator.BLOCKS_PER_BATCH; i++) batch.add(allocator.acquire());
        VmContextAllocator.Block next = allocator.acquire(); // opens the second batch
        for (int i = 0; i < batch.size() - 1; i++) allocator.release(batch.get(i));
        VmContextAllocator.Block last = batch.getLast();
        last.segment().set(ValueLayout.JAVA_INT, 0, 7); // one block still live: the arena is open
        allocator.release(last);
        assertThatThrownBy(() -> last.segment().get(ValueLayout.JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
        next.segment().set(ValueLayout.JAVA_INT, 0, 7); // the other batch is untouched
        assertThat(next.segment().get(ValueLayout.JAVA_INT, 0)).isEqualTo(7);
    }

    @Test
    void theBatchBeingFilledIsFreedWhenRetiredAndEmpty() {
        VmContextAllocator.Block live = allocator.acquire();
        allocator.retire();
        live.segment().set(ValueLayout.JAVA_INT, 0, 1); // still in use by its instance
        allocator.release(live);
        assertThatThrownBy(() -> live.segment().get(ValueLayout.JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(allocator::acquire).isInstanceOf(IllegalStateException.class);
    }
}
