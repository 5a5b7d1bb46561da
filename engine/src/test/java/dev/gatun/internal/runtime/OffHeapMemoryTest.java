package dev.gatun.internal.runtime;

import static dev.gatun.internal.runtime.ThreadsWat.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.compile.NotSupportedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Memories a heap array cannot hold: memory64 and 32-bit memories above 2 GiB, reserved virtual space. */
class OffHeapMemoryTest {
    private static final long PAGE = 65536;
    private static final long TWO_GIB = 1L << 31;
    private static final String MEMORY64 = """
            (module
              (memory (export "memory") i64 1 50000)
              (data (i64.const 16) "low")
              (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
              (func (export "storeAtOffset") (param i64 i64) (i64.store offset=0x80000000 (local.get 0) (local.get 1)))
              (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
              (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
              (func (export "size") (result i64) (memory.size))
              (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
              (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
              (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2))))
            """;

    @Test
    void memory64GrowsPast2GiBAndAccessesAboveItUpToItsLastByte() {
        Instance instance = ThreadsWat.instance(MEMORY64);
        assertThat(instance.export("memory")).isInstanceOf(OffHeapMemory.class);
        assertThat(call(instance, "size")).isEqualTo(1L);
        assertThat(call(instance, "grow", 39999L)).isEqualTo(1L);
        assertThat(call(instance, "size")).isEqualTo(40000L);
        long end = 40000 * PAGE;

        call(instance, "store", TWO_GIB + 5, 0x1122334455667788L);
        assertThat(call(instance, "load", TWO_GIB + 5)).isEqualTo(0x1122334455667788L);
        call(instance, "storeAtOffset", 8L, 42L);
        assertThat(call(instance, "load", TWO_GIB + 8)).as("memarg offset of 2^31").isEqualTo(42L);
        call(instance, "store", end - 8, -2L);
        assertThat(call(instance, "load", end - 8)).isEqualTo(-2L);
        assertThat(call(instance, "load8", end - 1)).isEqualTo(0xFF);
        assertThatThrownBy(() -> call(instance, "load8", end)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(instance, "load", end - 7)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(instance, "store", -8L, 1L)).as("address at or past 2^63")
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> call(instance, "storeAtOffset", end - TWO_GIB - 7, 1L))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(call(instance, "load8", 16L)).as("data segment").isEqualTo((int) 'l');

        assertThat(call(instance, "grow", 10001L)).as("past the declared maximum").isEqualTo(-1L);
        assertThat(call(instance, "grow", -1L)).isEqualTo(-1L);
        assertThat(call(instance, "grow", 10000L)).isEqualTo(40000L);
        assertThat(call(instance, "size")).isEqualTo(50000L);
    }

    @Test
    void memory64FillAndCopyAcrossThe2GiBLine() {
        Instance instance = ThreadsWat.instance(MEMORY64);
        call(instance, "grow", 39999L);
        call(instance, "fill", TWO_GIB - 4, 0xAB, 8L);
        assertThat(call(instance, "load", TWO_GIB - 4)).isEqualTo(0xABABABABABABABABL);
        assertThat(call(instance, "load8", TWO_GIB - 5)).isEqualTo(0);
        assertThat(call(instance, "load8", TWO_GIB + 4)).isEqualTo(0);
        call(instance, "store", TWO_GIB - 4, 0x0102030405060708L);
        call(instance, "copy", TWO_GIB + 1000, TWO_GIB - 4, 8L);
        assertThat(call(instance, "load", TWO_GIB + 1000)).isEqualTo(0x0102030405060708L);
        call(instance, "copy", TWO_GIB - 2, TWO_GIB - 4, 8L);
        assertThat(call(instance, "load", TWO_GIB - 2)).as("overlapping copy").isEqualTo(0x0102030405060708L);
        long end = 40000 * PAGE;
        assertThatThrownBy(() -> call(instance, "fill", end - 4, 1, 5L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(call(instance, "load8", end - 4)).as("nothing written by a failed fill").isEqualTo(0);
        assertThatThrownBy(() -> call(instance, "copy", 0L, end - 4, 5L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void wasm32MemoryDeclaredAbove2GiBInstantiatesOffHeap() {
        Instance instance = ThreadsWat.instance("""
                (module
                  (memory (export "memory") 40000)
                  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
                  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
                  (func (export "size") (result i32) (memory.size))
                  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
                """);
        assertThat(instance.export("memory")).isInstanceOf(OffHeapMemory.class);
        assertThat(call(instance, "size")).isEqualTo(40000);
        int last = (int) (40000 * PAGE - 4); // above 2^31: a negative int, an unsigned address
        call(instance, "store", last, 7);
        assertThat(call(instance, "load", last)).isEqualTo(7);
        assertThatThrownBy(() -> call(instance, "load", last + 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(call(instance, "grow", 25536)).isEqualTo(40000);
        assertThat(call(instance, "grow", 1)).as("a 32-bit memory stops at 4 GiB").isEqualTo(-1);
        call(instance, "store", -4, 9);
        assertThat(call(instance, "load", -4)).isEqualTo(9);
    }

    @Test
    void bulkOperationsBetweenHeapAndOffHeapMemories() {
        Instance instance = ThreadsWat.instance("""
                (module
                  (memory $heap 1)
                  (memory $big i64 40000)
                  (data (memory $heap) (i32.const 0) "heap->big")
                  (data $passive "passive")
                  (func (export "toBig") (memory.copy $big $heap (i64.const 0x80000010) (i32.const 0) (i32.const 9)))
                  (func (export "toHeap") (memory.copy $heap $big (i32.const 100) (i64.const 0x80000010) (i32.const 9)))
                  (func (export "init") (memory.init $big $passive (i64.const 0x80000020) (i32.const 0) (i32.const 7)))
                  (func (export "heap") (param i32) (result i64) (i64.load $heap (local.get 0)))
                  (func (export "big") (param i64) (result i64) (i64.load $big (local.get 0))))
                """);
        call(instance, "toBig");
        assertThat(call(instance, "big", 0x80000010L)).isEqualTo(0x6962_3e2d_7061_6568L); // "heap->bi"
        call(instance, "toHeap");
        assertThat(call(instance, "heap", 100)).isEqualTo(0x6962_3e2d_7061_6568L);
        call(instance, "init");
        assertThat(call(instance, "big", 0x80000020L)).isEqualTo(0x0065_7669_7373_6170L); // "passive"
    }

    @Test
    void offHeapMemoriesLinkOnlyWhereTheImporterExpectsThem() {
        Instance owner = ThreadsWat.instance("(module (memory (export \"memory\") i64 2 10))");
        LinearMemory memory = (LinearMemory) owner.export("memory");
        var user = ThreadsWat.compile("""
                (module (import "env" "memory" (memory i64 1 10))
                  (func (export "size") (result i64) (memory.size)))
                """);
        Instance importer = Instance.instantiate(user, ThreadsWat.importing(memory), 100);
        assertThat(call(importer, "size")).isEqualTo(2L);
        var wasm32 = ThreadsWat.compile("(module (import \"env\" \"memory\" (memory 1)))");
        assertThatThrownBy(() -> Instance.instantiate(wasm32, ThreadsWat.importing(memory), 100))
                .isInstanceOf(LinkException.class);
        assertThatThrownBy(() -> Instance.instantiate(user, ThreadsWat.importing(new HeapMemory(2, 10)), 100))
                .isInstanceOf(LinkException.class);
        OffHeapMemory big = new OffHeapMemory(40000, -1, false);
        assertThatThrownBy(() -> Instance.instantiate(wasm32, ThreadsWat.importing(big), 100))
                .isInstanceOf(NotSupportedException.class).hasMessageContaining("env.memory")
                .hasMessageContaining("off the heap");
        var large = ThreadsWat.compile("(module (import \"env\" \"memory\" (memory 40000)))");
        Instance.instantiate(large, ThreadsWat.importing(big), 100);
        big.free();
    }

    @Test
    void growBeyondTheReservationLimitFailsAndTooLargeAMinimumSaysSo() {
        Instance instance = ThreadsWat.instance("""
                (module (memory i64 1)
                  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))
                """);
        long limit = OffHeapMemory.reservationLimitPages();
        assertThat(call(instance, "grow", limit)).isEqualTo(-1L);
        assertThat(call(instance, "grow", limit - 1)).isEqualTo(1L);
        assertThatThrownBy(() -> ThreadsWat.instance("(module (memory i64 " + (limit + 1) + "))"))
                .isInstanceOf(NotSupportedException.class).hasMessageContaining(OffHeapMemory.RESERVATION_PROPERTY);
    }

    @Test
    void atomicsWorkOnUnsharedAndSharedMemory64() {
        for (String memory : new String[] {"(memory i64 40000)", "(memory i64 40000 40001 shared)"}) {
            Instance instance = ThreadsWat.instance("(module " + memory + """
                      (func (export "add") (param i64 i64) (result i64) (i64.atomic.rmw.add (local.get 0) (local.get 1)))
                      (func (export "load") (param i64) (result i64) (i64.atomic.load (local.get 0)))
                      (func (export "plain") (param i64) (result i64) (i64.load (local.get 0))))
                    """);
            assertThat(call(instance, "add", TWO_GIB + 8, 5L)).isEqualTo(0L);
            assertThat(call(instance, "add", TWO_GIB + 8, 5L)).isEqualTo(5L);
            assertThat(call(instance, "load", TWO_GIB + 8)).isEqualTo(10L);
            assertThat(call(instance, "plain", TWO_GIB + 8)).isEqualTo(10L);
        }
    }

    @Test
    void freeUnmapsTheRegionAndLaterAccessesThrowInsteadOfCrashing() {
        OffHeapMemory memory = new OffHeapMemory(1, 2, true);
        memory.write(10, new byte[] {1, 2, 3}, 0, 3);
        memory.free();
        assertThatThrownBy(() -> memory.read(10, new byte[3], 0, 3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restoreZeroesWhatFollowsTheImageAndResetsTheSize() {
        OffHeapMemory memory = new OffHeapMemory(2, -1, true);
        memory.write(5, new byte[] {9, 8}, 0, 2);
        byte[] image = memory.nonZeroPrefix();
        assertThat(image).hasSize(7);
        memory.grow(40000);
        memory.write(TWO_GIB, new byte[] {1}, 0, 1);
        memory.write(3, new byte[] {1}, 0, 1);
        memory.write(100_000, new byte[] {1}, 0, 1);
        memory.restore(image, 2 * PAGE);
        assertThat(memory.pages()).isEqualTo(2);
        byte[] back = new byte[(int) (2 * PAGE)];
        memory.read(0, back, 0, back.length);
        byte[] expected = new byte[back.length];
        expected[5] = 9;
        expected[6] = 8;
        assertThat(back).isEqualTo(expected);
        memory.grow(40000);
        byte[] high = new byte[1];
        memory.read(TWO_GIB, high, 0, 1);
        assertThat(high[0]).as("zeroed on restore").isZero();
        memory.free();
    }

    @Test
    void sharedMemory64WorksWithinItsMaximum() {
        Instance instance = ThreadsWat.instance("""
                (module (memory (export "memory") i64 1 2 shared)
                  (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
                  (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
                  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))
                """);
        assertThat(instance.export("memory")).isInstanceOf(SharedMemory.class);
        assertThatThrownBy(() -> call(instance, "store", PAGE, 1L)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(call(instance, "grow", 1L)).isEqualTo(1L);
        call(instance, "store", 2 * PAGE - 8, 3L);
        assertThat(call(instance, "load", 2 * PAGE - 8)).isEqualTo(3L);
        assertThat(call(instance, "grow", 1L)).isEqualTo(-1L);
        Map<String, Map<String, Object>> imports = ThreadsWat.importing((LinearMemory) instance.export("memory"));
        var wasm32Shared = ThreadsWat.compile("(module (import \"env\" \"memory\" (memory 1 2 shared)))");
        assertThatThrownBy(() -> Instance.instantiate(wasm32Shared, imports, 100)).isInstanceOf(LinkException.class);
    }

    @Test
    void v128LoadsAndStoresReachOffHeapMemories() {
        for (String memory : new String[] {"(memory i64 40000)", "(memory 1 1 shared)"}) {
            boolean is64 = memory.contains("i64");
            String a = is64 ? "i64" : "i32";
            Instance instance = ThreadsWat.instance("(module " + memory + """
                      (func (export "copy16") (param $to %1$s) (param $from %1$s)
                        (v128.store (local.get $to) (v128.load (local.get $from))))
                      (func (export "lane") (param %1$s) (result i64)
                        (i64x2.extract_lane 1 (v128.load64_lane 1 (local.get 0) (v128.const i64x2 0 0))))
                      (func (export "store") (param %1$s i64) (i64.store (local.get 0) (local.get 1))))
                    """.formatted(a));
            long base = is64 ? TWO_GIB + 3 : 100;
            long end = is64 ? 40000 * PAGE : PAGE;
            Object from = is64 ? (Object) base : (Object) (int) base;
            Object to = is64 ? (Object) (end - 16) : (Object) (int) (end - 16);
            call(instance, "store", from, 0x1111L);
            call(instance, "store", is64 ? (Object) (base + 8) : (Object) (int) (base + 8), 0x2222L);
            call(instance, "copy16", to, from);
            Object high = is64 ? (Object) (end - 8) : (Object) (int) (end - 8);
            assertThat(call(instance, "lane", high)).isEqualTo(0x2222L);
            Object past = is64 ? (Object) (end - 15) : (Object) (int) (end - 15);
            assertThatThrownBy(() -> call(instance, "copy16", past, from)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        }
    }
}
