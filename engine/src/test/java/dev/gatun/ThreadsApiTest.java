package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threads through the public API only: shared memories, the atomic view, and running an export on threads. */
class ThreadsApiTest {
    private final Engine engine = Engine.create();

    /** Counter at 0 (atomic add), a plain counter at 8 guarded by a wait/notify mutex at 4, barrier at 16. */
    private static final String COUNTERS = """
            (module
              (import "env" "memory" (memory 1 1 shared))
              (func $lock (loop $retry
                (if (i32.atomic.rmw.cmpxchg (i32.const 4) (i32.const 0) (i32.const 1)) (then
                  (drop (memory.atomic.wait32 (i32.const 4) (i32.const 1) (i64.const -1)))
                  (br $retry)))))
              (func $unlock
                (i32.atomic.store (i32.const 4) (i32.const 0))
                (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))
              (func $barrier (param $threads i32) (local $seen i32)
                (local.set $seen (i32.add (i32.atomic.rmw.add (i32.const 16) (i32.const 1)) (i32.const 1)))
                (if (i32.eq (local.get $seen) (local.get $threads))
                  (then (drop (memory.atomic.notify (i32.const 16) (i32.const -1))))
                  (else (loop $wait
                    (if (i32.lt_u (local.get $seen) (local.get $threads)) (then
                      (drop (memory.atomic.wait32 (i32.const 16) (local.get $seen) (i64.const -1)))
                      (local.set $seen (i32.atomic.load (i32.const 16)))
                      (br $wait)))))))
              (func (export "count") (param $iterations i32) (param $threads i32) (result i32 i32)
                (loop $next (if (local.get $iterations) (then
                  (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
                  (call $lock)
                  (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))
                  (call $unlock)
                  (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
                  (br $next))))
                (call $barrier (local.get $threads))
                (i32.atomic.load (i32.const 0))
                (i32.load (i32.const 8))))
            """;

    private static final String CELLS = """
            (module
              (import "env" "memory" (memory 1 2 shared))
              (func (export "store") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
              (func (export "load64") (param i32) (result i64) (i64.atomic.load (local.get 0)))
              (func (export "wait") (param i32 i32 i64) (result i32)
                (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "notify") (param i32 i32) (result i32)
                (memory.atomic.notify (local.get 0) (local.get 1)))
              (func (export "fail") (unreachable)))
            """;

    private InstancePre link(String wat, Memory memory) {
        return new Linker(engine).memory("env", "memory", memory).instantiatePre(Module.fromWat(engine, wat));
    }

    @Test
    @Timeout(120)
    void threadsCountingWithAtomicsAndAWaitNotifyMutexEndWithExactTotals() {
        int threads = 4;
        int iterations = 2000;
        InstancePre pre = null;
        for (int round = 0; round < 100; round++) {
            Memory memory = Memory.createShared(1, 1);
            pre = link(COUNTERS, memory);
            List<ThreadResult> results = pre.runOnThreads(threads, "count", Duration.ofSeconds(30),
                    Value.i32(iterations), Value.i32(threads));
            assertThat(results).hasSize(threads);
            for (ThreadResult result : results) {
                assertThat(result.failure()).as("round %d %s", round, result).isNull();
                assertThat(result.resultsOrThrow()).as("after the barrier every thread sees both totals")
                        .containsExactly(Value.i32(threads * iterations), Value.i32(threads * iterations));
            }
            assertThat(memory.atomics().getInt(0)).isEqualTo(threads * iterations);
            assertThat(memory.getInt(8)).isEqualTo(threads * iterations);
            assertThat(memory.atomics().getInt(16)).isEqualTo(threads);
        }
        assertThat(engine.liveInstances()).as("every thread's instance was closed").isZero();
    }

    @Test
    void perThreadArgumentsAndFailuresAreReportedInThreadOrder() {
        String wat = """
                (module
                  (import "env" "memory" (memory 1 1 shared))
                  (func (export "slot") (param $id i32) (result i32)
                    (if (i32.eq (local.get $id) (i32.const 2)) (then unreachable))
                    (i32.atomic.store (i32.mul (local.get $id) (i32.const 4)) (i32.add (local.get $id) (i32.const 100)))
                    (local.get $id)))
                """;
        Memory memory = Memory.createShared(1, 1);
        List<ThreadResult> results = link(wat, memory).runOnThreads(4, "slot", Duration.ofSeconds(30),
                thread -> new Value[] {Value.i32(thread)});
        assertThat(results).extracting(ThreadResult::thread).containsExactly(0, 1, 2, 3);
        assertThat(results.get(0).results()).containsExactly(Value.i32(0));
        assertThat(results.get(3).results()).containsExactly(Value.i32(3));
        assertThat(results.get(2).succeeded()).isFalse();
        assertThat(results.get(2).failure()).isInstanceOf(UnreachableTrap.class);
        assertThatThrownBy(results.get(2)::resultsOrThrow).isInstanceOf(UnreachableTrap.class);
        assertThat(memory.atomics().getInt(4)).isEqualTo(101);
        assertThat(memory.atomics().getInt(8)).as("the failed thread stored nothing").isZero();
        assertThat(memory.atomics().getInt(12)).isEqualTo(103);
    }

    @Test
    void aThreadStillWaitingAtTheTimeoutIsInterruptedAndReported() {
        InstancePre pre = link(CELLS, Memory.createShared(1, 2));
        List<ThreadResult> results = pre.runOnThreads(2, "wait", Duration.ofMillis(200),
                Value.i32(0), Value.i32(0), Value.i64(-1));
        for (ThreadResult result : results) {
            assertThat(result.failure()).isInstanceOf(WasmException.class).hasMessageContaining("still running");
        }
    }

    @Test
    void hostAtomicViewAndGuestSeeEachOthersWrites() {
        Memory memory = Memory.createShared(1, 2);
        assertThat(memory.isShared()).isTrue();
        try (Instance instance = link(CELLS, memory).instantiate()) {
            AtomicMemory atomics = memory.atomics();
            instance.function("store").call(Value.i32(40), Value.i32(7));
            assertThat(atomics.getInt(40)).isEqualTo(7);
            assertThat(memory.getInt(40)).as("plain reads of a shared memory").isEqualTo(7);

            atomics.setInt(44, -5);
            assertThat(instance.function("load").call(Value.i32(44))).containsExactly(Value.i32(-5));
            atomics.setLong(48, 0x1_0000_0002L);
            assertThat(instance.function("load64").call(Value.i32(48))).containsExactly(Value.i64(0x1_0000_0002L));
            assertThat(atomics.getAndAddInt(44, 10)).isEqualTo(-5);
            assertThat(atomics.getAndAddLong(48, 1)).isEqualTo(0x1_0000_0002L);
            assertThat(atomics.compareAndExchangeInt(44, 0, 9)).as("failed exchange returns the value").isEqualTo(5);
            assertThat(atomics.compareAndExchangeInt(44, 5, 9)).isEqualTo(5);
            assertThat(atomics.compareAndExchangeLong(48, 0x1_0000_0003L, 1)).isEqualTo(0x1_0000_0003L);
            assertThat(instance.function("load").call(Value.i32(44))).containsExactly(Value.i32(9));
            assertThat(instance.function("load64").call(Value.i32(48))).containsExactly(Value.i64(1));

            memory.putLong(56, 77);
            memory.putByte(64, (byte) 3);
            assertThat(instance.function("load64").call(Value.i32(56))).containsExactly(Value.i64(77));
            assertThat(memory.getByte(64)).isEqualTo((byte) 3);
            memory.writeString(100, "shared");
            assertThat(memory.readString(100, 6)).isEqualTo("shared");
            assertThat(memory.readCString(100)).isEqualTo("shared");

            assertThat(memory.grow(1)).isEqualTo(1);
            atomics.setInt(65536 + 4, 12);
            assertThat(instance.function("load").call(Value.i32(65536 + 4))).as("growth seen by the guest")
                    .containsExactly(Value.i32(12));
            assertThatThrownBy(() -> atomics.getInt(2 * 65536)).isInstanceOf(MemoryOutOfBoundsTrap.class);
            assertThatThrownBy(() -> memory.getInt(2 * 65536 - 2)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        }
    }

    @Test
    void aSharedMemoryDeclaredByTheModuleIsExportedAsShared() {
        String wat = "(module (memory (export \"mem\") 1 1 shared)"
                + " (func (export \"get\") (result i32) (i32.atomic.load (i32.const 0))))";
        try (Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, wat))) {
            Memory memory = instance.memory("mem");
            assertThat(memory.isShared()).isTrue();
            memory.atomics().setInt(0, 31);
            assertThat(instance.function("get").call()).containsExactly(Value.i32(31));
        }
    }

    @Test
    @Timeout(30)
    void aHostNotifyWakesAGuestWait() throws Exception {
        Memory memory = Memory.createShared(1, 2);
        InstancePre pre = link(CELLS, memory);
        try (Instance instance = pre.instantiate()) {
            CompletableFuture<Value[]> waiting = CompletableFuture.supplyAsync(
                    () -> instance.function("wait").call(Value.i32(8), Value.i32(0), Value.i64(-1)));
            int woken = 0;
            while (woken == 0) {
                woken = memory.atomics().notify(8, 1);
                if (woken == 0) Thread.sleep(5);
            }
            assertThat(woken).isEqualTo(1);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).containsExactly(Value.i32(AtomicMemory.WOKEN));
        }
    }

    @Test
    @Timeout(30)
    void aGuestNotifyWakesAHostWait() throws Exception {
        Memory memory = Memory.createShared(1, 2);
        try (Instance instance = link(CELLS, memory).instantiate()) {
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
                    () -> memory.atomics().waitInt(12, 0, Duration.ofSeconds(20)));
            int woken = 0;
            while (woken == 0) {
                woken = instance.function("notify").call(Value.i32(12), Value.i32(1))[0].asInt();
                if (woken == 0) Thread.sleep(5);
            }
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(AtomicMemory.WOKEN);
        }
        AtomicMemory atomics = memory.atomics();
        atomics.setInt(12, 1);
        assertThat(atomics.waitInt(12, 0, Duration.ofSeconds(5))).isEqualTo(AtomicMemory.NOT_EQUAL);
        assertThat(atomics.waitLong(16, 0, Duration.ofMillis(20))).isEqualTo(AtomicMemory.TIMED_OUT);
    }

    @Test
    void misuseGivesClearErrors() {
        Memory plain = Memory.create(1, 1);
        assertThat(plain.isShared()).isFalse();
        assertThatThrownBy(plain::atomics).isInstanceOf(IllegalStateException.class).hasMessageContaining("not shared");
        assertThatThrownBy(() -> Memory.createShared(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximum");
        assertThatThrownBy(() -> Memory.createShared(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> link(CELLS, plain).instantiate()).isInstanceOf(UnlinkableException.class);
        assertThatThrownBy(() -> link("(module (import \"env\" \"memory\" (memory 1 1)))", Memory.createShared(1, 1))
                .instantiate()).isInstanceOf(UnlinkableException.class);

        Memory shared = Memory.createShared(1, 1);
        AtomicMemory atomics = shared.atomics();
        assertThatThrownBy(() -> atomics.getInt(2)).isInstanceOf(UnalignedAtomicTrap.class);
        assertThatThrownBy(() -> atomics.waitLong(4, 0, Duration.ZERO)).isInstanceOf(UnalignedAtomicTrap.class);
        assertThatThrownBy(() -> atomics.notify(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> atomics.waitInt(0, 0, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);

        InstancePre pre = link(CELLS, shared);
        assertThatThrownBy(() -> pre.runOnThreads(2, "nope", Duration.ofSeconds(1)))
                .isInstanceOf(UnknownExportException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> pre.runOnThreads(0, "fail", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pre.runOnThreads(1, "store", Duration.ofSeconds(5), Value.i32(0)).get(0).failure())
                .as("wrong argument count is that thread's failure").isInstanceOf(IllegalArgumentException.class);
    }
}
