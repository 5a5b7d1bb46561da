package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.compile.CompiledModule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several Wasm threads (one instance each, wasi-threads style) hammer one shared memory: atomic counters of
 * every width, including a byte and a half-word sharing one word; a plain counter guarded by a futex-style
 * mutex built from cmpxchg/xchg and wait/notify; then a wait/notify barrier after which every thread reads
 * the totals. Lost updates or lost wakeups show up as wrong totals or a timeout.
 */
class ThreadsStressTest {
    private static final int THREADS = 6;
    private static final int ITERATIONS = 1000;
    private static final int ROUNDS = 100;

    private static final String PROGRAM = """
            (module
              (import "env" "memory" (memory 1 1 shared))
              ;; mutex at $m: 0 free, 1 locked, 2 locked with waiters (Drepper, "Futexes are tricky")
              (func $lock (param $m i32) (local $c i32)
                (local.set $c (i32.atomic.rmw.cmpxchg (local.get $m) (i32.const 0) (i32.const 1)))
                (if (local.get $c) (then
                  (if (i32.ne (local.get $c) (i32.const 2)) (then
                    (local.set $c (i32.atomic.rmw.xchg (local.get $m) (i32.const 2)))))
                  (block $acquired
                    (loop $retry
                      (br_if $acquired (i32.eqz (local.get $c)))
                      (drop (memory.atomic.wait32 (local.get $m) (i32.const 2) (i64.const -1)))
                      (local.set $c (i32.atomic.rmw.xchg (local.get $m) (i32.const 2)))
                      (br $retry))))))
              (func $unlock (param $m i32)
                (if (i32.ne (i32.atomic.rmw.sub (local.get $m) (i32.const 1)) (i32.const 1)) (then
                  (i32.atomic.store (local.get $m) (i32.const 0))
                  (drop (memory.atomic.notify (local.get $m) (i32.const 1))))))
              ;; waits until all $threads arrived at the barrier counter
              (func $barrier (param $threads i32) (local $seen i32)
                (local.set $seen (i32.add (i32.atomic.rmw.add (i32.const 96) (i32.const 1)) (i32.const 1)))
                (if (i32.eq (local.get $seen) (local.get $threads))
                  (then (drop (memory.atomic.notify (i32.const 96) (i32.const -1))))
                  (else
                    (loop $wait
                      (if (i32.lt_u (local.get $seen) (local.get $threads)) (then
                        (drop (memory.atomic.wait32 (i32.const 96) (local.get $seen) (i64.const -1)))
                        (local.set $seen (i32.atomic.load (i32.const 96)))
                        (br $wait)))))))
              (func (export "run") (param $iterations i32) (param $threads i32) (result i32)
                (loop $next
                  (if (local.get $iterations) (then
                    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
                    (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 2)))
                    (drop (i64.atomic.rmw8.add_u (i32.const 17) (i64.const 1)))
                    (drop (i32.atomic.rmw16.sub_u (i32.const 18) (i32.const 1)))
                    (call $lock (i32.const 64))
                    (i32.store (i32.const 68) (i32.add (i32.load (i32.const 68)) (i32.const 1)))
                    (call $unlock (i32.const 64))
                    (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
                    (br $next))))
                (call $barrier (local.get $threads))
                (i32.atomic.load (i32.const 0))))
            """;

    @Test
    @Timeout(120)
    void concurrentAtomicCountersAndAWaitNotifyMutexEndWithExactTotals() {
        CompiledModule compiled = ThreadsWat.compile(PROGRAM);
        int total = THREADS * ITERATIONS;
        for (int round = 0; round < ROUNDS; round++) {
            SharedMemory memory = new SharedMemory(1, 1);
            List<WasmThreads.ThreadResult> results = WasmThreads.run(compiled, ThreadsWat.importing(memory), "run",
                    THREADS, i -> new Object[] {ITERATIONS, THREADS}, Duration.ofSeconds(30));
            for (WasmThreads.ThreadResult result : results) {
                assertThat(result.failure()).as("round %d thread %d", round, result.thread()).isNull();
                assertThat(result.results()).as("after the barrier every thread sees the total").containsExactly(total);
            }
            AtomicMemoryView view = new AtomicMemoryView(memory);
            assertThat(view.getInt(0)).as("round %d i32 counter", round).isEqualTo(total);
            assertThat(view.getLong(8)).as("i64 counter").isEqualTo(2L * total);
            assertThat(view.getInt(16)).as("byte and half-word counters sharing a word")
                    .isEqualTo(((total & 0xFF) << 8) | (((-total) & 0xFFFF) << 16));
            assertThat(view.getInt(64)).as("mutex released").isZero();
            assertThat(view.getInt(68)).as("counter guarded by the mutex").isEqualTo(total);
            assertThat(view.getInt(96)).as("everyone passed the barrier").isEqualTo(THREADS);
        }
    }
}
