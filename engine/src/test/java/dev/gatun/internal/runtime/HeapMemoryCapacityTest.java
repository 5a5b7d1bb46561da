package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.Linker;
import dev.gatun.Memory;
import dev.gatun.Module;
import dev.gatun.MemoryOutOfBoundsTrap;
import org.junit.jupiter.api.Test;

/** A heap memory's spare capacity never shows: sizes, host accesses and restores all follow the Wasm size. */
class HeapMemoryCapacityTest {
    private static final int PAGE = (int) LinearMemory.PAGE_SIZE;

    private static HeapMemory spacious(long minPages, long maxPages) {
        HeapMemory memory = new HeapMemory(minPages, maxPages);
        memory.allowSpareCapacity();
        return memory;
    }

    @Test
    void withoutSpareCapacityTheArrayIsExactlyTheWasmSize() {
        HeapMemory memory = new HeapMemory(1, 10);
        byte[] image = memory.contents();
        memory.grow(2);
        assertThat(memory.bytes).hasSize(3 * PAGE);
        memory.restore(image);
        assertThat(memory.bytes).hasSize(PAGE);
    }

    @Test
    void aGrowKeepsSpareCapacityButReportsTheWasmSize() {
        HeapMemory memory = spacious(1, 10);
        assertThat(memory.grow(1)).isEqualTo(1);
        assertThat(memory.bytes.length).isGreaterThan(2 * PAGE);
        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.byteSize()).isEqualTo(2L * PAGE);
        assertThat(HeapMemory.size(memory)).isEqualTo(2);
        byte[] before = memory.bytes;
        assertThat(memory.grow(1)).isEqualTo(2); // within the capacity: the array stays
        assertThat(memory.bytes).isSameAs(before);
        assertThat(memory.pages()).isEqualTo(3);
    }

    @Test
    void aGrowingModulesMemoryStartsWithSpareCapacitySoItsFirstSmallGrowCopiesNothing() {
        byte[] image = new byte[258 * PAGE];
        image[5] = 42;
        HeapMemory memory = HeapMemory.withSpareCapacity(image, 258, -1, null);
        assertThat(memory.pages()).isEqualTo(258);
        assertThat(memory.bytes.length).isEqualTo(258 * PAGE + 258 * PAGE / 8);
        assertThat(memory.bytes[5]).isEqualTo((byte) 42);
        image[5] = 0;
        assertThat(memory.bytes[5]).as("the image is copied, not taken").isEqualTo((byte) 42);
        byte[] before = memory.bytes;
        assertThat(memory.grow(1)).isEqualTo(258);
        assertThat(memory.bytes).isSameAs(before);
        assertThat(memory.byteSize()).isEqualTo(259L * PAGE);

        HeapMemory small = HeapMemory.withSpareCapacity(null, 1, -1, null);
        assertThat(small.bytes.length).as("at least 1 MiB spare").isEqualTo(17 * PAGE);
        assertThat(small.pages()).isEqualTo(1);
        assertThat(HeapMemory.withSpareCapacity(null, 2, 4, null).bytes.length).as("capped by the maximum").isEqualTo(4 * PAGE);
        assertThat(HeapMemory.withSpareCapacity(null, 3, 3, null).bytes.length).isEqualTo(3 * PAGE);
    }

    @Test
    void theCapacityStaysWithinTheLimitersPerMemoryLimit() {
        ResourceLimiter fivePages = new ResourceLimiter() {
            @Override
            public boolean memoryGrowing(long currentBytes, long desiredBytes) {
                return desiredBytes <= 5L * PAGE;
            }

            @Override
            public long maxMemoryBytes() {
                return 5L * PAGE;
            }

            @Override
            public void memoryReleased(long bytes) {}

            @Override
            public boolean tableGrowing(long current, long desired) {
                return true;
            }
        };
        HeapMemory memory = HeapMemory.withSpareCapacity(null, 2, -1, fivePages);
        memory.limiter = fivePages;
        assertThat(memory.bytes.length).as("not 2 + 16 pages").isEqualTo(5 * PAGE);
        HeapMemory growing = spacious(1, -1);
        growing.limiter = fivePages;
        assertThat(growing.grow(3)).isEqualTo(1);
        assertThat(growing.bytes.length).as("not twice 4 pages").isEqualTo(5 * PAGE);
        assertThat(growing.grow(1)).isEqualTo(4);
        assertThat(growing.grow(1)).isEqualTo(-1);
    }

    @Test
    void theCapacityStopsAtTheMaximum() {
        HeapMemory memory = spacious(1, 3);
        memory.grow(1);
        assertThat(memory.bytes.length).isEqualTo(3 * PAGE);
        assertThat(memory.grow(2)).isEqualTo(-1);
        assertThat(memory.grow(1)).isEqualTo(2);
    }

    @Test
    void hostAccessesStopAtTheWasmSizeNotTheCapacity() {
        HeapMemory memory = spacious(1, 10);
        memory.grow(1);
        byte[] four = new byte[4];
        memory.read(2L * PAGE - 4, four, 0, 4);
        assertThatThrownBy(() -> memory.read(2L * PAGE - 3, four, 0, 4)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> memory.write(2L * PAGE, four, 0, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> HeapMemory.fill(2 * PAGE - 1, 7, 2, memory)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> HeapMemory.copy(0, 2 * PAGE - 1, 2, memory, memory))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void theMemoryApiOfAGrowingModuleSeesTheWasmSize() {
        Engine engine = Engine.create();
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, """
                (module (memory (export "memory") 1 10)
                  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"""));
        instance.function("grow").asIntUnaryOperator().applyAsInt(1);
        Memory memory = instance.memory("memory");
        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.byteSize()).isEqualTo(2L * PAGE);
        memory.putInt(2L * PAGE - 4, 5);
        assertThatThrownBy(() -> memory.getInt(2L * PAGE - 2)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> memory.readString(2L * PAGE - 2, 4)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        memory.putByte(2L * PAGE - 1, (byte) 'x'); // no terminator before the size: the scan must not read on
        assertThatThrownBy(() -> memory.readCString(2L * PAGE - 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void bytesWrittenBeforeARestoreReadZeroWhenGrownAgain() {
        HeapMemory memory = spacious(1, 10);
        byte[] image = memory.contents();
        memory.grow(2);
        memory.write(3L * PAGE - 1, new byte[] {42}, 0, 1);
        memory.write(PAGE, new byte[] {43}, 0, 1);
        memory.restore(image);
        assertThat(memory.pages()).isEqualTo(1);
        assertThat(memory.bytes.length).isGreaterThan(PAGE); // the capacity stays for the next run
        memory.grow(2);
        byte[] one = new byte[1];
        memory.read(3L * PAGE - 1, one, 0, 1);
        assertThat(one[0]).isZero();
        memory.read(PAGE, one, 0, 1);
        assertThat(one[0]).isZero();
    }

    @Test
    void snapshotContentsStopAtTheWasmSize() {
        HeapMemory memory = spacious(1, 10);
        memory.grow(1);
        assertThat(memory.contents()).hasSize(2 * PAGE);
    }
}
