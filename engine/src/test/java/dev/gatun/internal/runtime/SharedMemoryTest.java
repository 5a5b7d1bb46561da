package dev.gatun.internal.runtime;

import static dev.gatun.internal.runtime.ThreadsWat.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedMemoryTest {
    private static final String USER = """
            (module
              (import "env" "memory" (memory 1 4 shared))
              (func (export "store") (param i32 i64) (i64.store offset=3 (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i64) (i64.load offset=3 (local.get 0)))
              (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
              (func (export "f64") (param i32) (result f64) (f64.load (local.get 0)))
              (func (export "size") (result i32) (memory.size))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2))))
            """;

    @Test
    void instancesImportingOneSharedMemorySeeEachOthersStoresAndGrowth() {
        Instance owner = ThreadsWat.instance("(module (memory (export \"memory\") 1 4 shared)"
                + " (data (i32.const 100) \"\\2a\"))");
        LinearMemory memory = (LinearMemory) owner.export("memory");
        assertThat(memory).isInstanceOf(SharedMemory.class);
        var compiled = ThreadsWat.compile(USER);
        Instance a = Instance.instantiate(compiled, ThreadsWat.importing(memory), Instance.DEFAULT_MAX_CALL_DEPTH);
        Instance b = Instance.instantiate(compiled, ThreadsWat.importing(memory), Instance.DEFAULT_MAX_CALL_DEPTH);
        assertThat(call(b, "load8_s", 100)).isEqualTo(42);
        call(a, "store", 65525, 0x0102030405060708L);
        assertThat(call(b, "load", 65525)).isEqualTo(0x0102030405060708L);
        assertThatThrownBy(() -> call(b, "load", 65526)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(call(a, "grow", 2)).isEqualTo(1);
        assertThat(call(b, "size")).isEqualTo(3);
        assertThat(call(b, "load", 65526)).isEqualTo(0x01020304050607L);
        assertThat(call(b, "grow", 2)).as("past the maximum").isEqualTo(-1);
        call(b, "fill", 3 * 65536 - 8, 0xFF, 8);
        assertThat(call(a, "f64", 3 * 65536 - 8)).isEqualTo(Double.longBitsToDouble(-1L));
        assertThatThrownBy(() -> call(a, "fill", 3 * 65536 - 8, 0, 9)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void sharedAndUnsharedMemoriesDoNotLinkInPlaceOfEachOther() {
        var compiled = ThreadsWat.compile(USER);
        assertThatThrownBy(() -> Instance.instantiate(compiled, ThreadsWat.importing(new HeapMemory(1, 4)), 100))
                .isInstanceOf(LinkException.class);
        var unshared = ThreadsWat.compile("(module (import \"env\" \"memory\" (memory 1)))");
        assertThatThrownBy(() -> Instance.instantiate(unshared, ThreadsWat.importing(new SharedMemory(1, 1)), 100))
                .isInstanceOf(LinkException.class);
        assertThatThrownBy(() -> Instance.instantiate(compiled, ThreadsWat.importing(new SharedMemory(1, 5)), 100))
                .as("maximum larger than the import allows").isInstanceOf(LinkException.class);
    }

    @Test
    void bulkOperationsMoveBytesBetweenSharedAndHeapMemories() {
        Instance instance = ThreadsWat.instance("""
                (module
                  (memory $heap 1)
                  (memory $shared 1 1 shared)
                  (data (memory $shared) (i32.const 0) "shared")
                  (data $passive "passive")
                  (func (export "toHeap") (memory.copy $heap $shared (i32.const 10) (i32.const 0) (i32.const 6)))
                  (func (export "within") (memory.copy $shared $shared (i32.const 2) (i32.const 0) (i32.const 6)))
                  (func (export "init") (memory.init $shared $passive (i32.const 100) (i32.const 0) (i32.const 7)))
                  (func (export "heap") (param i32) (result i64) (i64.load $heap (local.get 0)))
                  (func (export "shared") (param i32) (result i64) (i64.load $shared (local.get 0))))
                """);
        call(instance, "toHeap");
        assertThat(call(instance, "heap", 10)).isEqualTo(0x0000_6465_7261_6873L); // "shared" little-endian
        call(instance, "within");
        assertThat(call(instance, "shared", 0)).isEqualTo(0x6465_7261_6873_6873L); // "shshared"
        call(instance, "init");
        assertThat(call(instance, "shared", 100)).isEqualTo(0x0065_7669_7373_6170L); // "passive"
    }

    @Test
    void aSharedMemoryReservesItsMaximumOnceAndItsBaseNeverMoves() {
        SharedMemory memory = new SharedMemory(0, 65536);
        long base = memory.segment.address();
        assertThat(memory.segment.byteSize()).isEqualTo(65536L * 65536);
        assertThat(memory.grow(1000)).isEqualTo(0);
        new AtomicMemoryView(memory).setLong(1000L * 65536 - 8, -1L);
        assertThat(memory.segment.address()).isEqualTo(base);
        assertThat(memory.byteSize()).isEqualTo(1000L * 65536);
        assertThatThrownBy(() -> new AtomicMemoryView(memory).getInt(1000L * 65536))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(Map.of("pages", memory.pages())).containsEntry("pages", 1000L);
    }

    @Test
    void theDefiningInstancesVmContextRecordsBaseSizeAndMaximum() {
        Instance owner = ThreadsWat.instance("(module (memory (export \"memory\") 1 3 shared)"
                + " (func (export \"grow\") (result i32) (memory.grow (i32.const 1))))");
        SharedMemory memory = (SharedMemory) owner.export("memory");
        InstanceContext ctx = owner.context();
        long record = ctx.layout.recordOffset(VmContextLayout.Region.MEMORIES, 0);
        java.util.function.ToLongFunction<VmContextLayout.Field> field =
                f -> ctx.vmctx.get(java.lang.foreign.ValueLayout.JAVA_LONG, record + f.offsetInRecord);
        assertThat(field.applyAsLong(VmContextLayout.Field.MEMORY_BASE)).isEqualTo(memory.segment.address());
        assertThat(field.applyAsLong(VmContextLayout.Field.MEMORY_BYTE_LENGTH)).isEqualTo(65536L);
        assertThat(field.applyAsLong(VmContextLayout.Field.MEMORY_MAX_BYTE_LENGTH)).isEqualTo(3 * 65536L);
        assertThat(call(owner, "grow")).isEqualTo(1);
        assertThat(field.applyAsLong(VmContextLayout.Field.MEMORY_BYTE_LENGTH)).isEqualTo(2 * 65536L);
        assertThat(field.applyAsLong(VmContextLayout.Field.MEMORY_BASE)).isEqualTo(memory.segment.address());
    }
}
