package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.UnreachableTrap;
import dev.gatun.WasmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WasmThreadsTest {
    private static final String PROGRAM = """
            (module
              (import "env" "memory" (memory 1 1 shared))
              (global $calls (mut i32) (i32.const 0))
              ;; each thread has its own instance: its own globals, one shared memory
              (func (export "work") (param $id i32) (result i32)
                (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                (if (i32.eq (local.get $id) (i32.const 2)) (then unreachable))
                (if (i32.eq (local.get $id) (i32.const 3)) (then
                  (drop (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1)))))
                (i32.store (i32.mul (local.get $id) (i32.const 4)) (i32.add (local.get $id) (i32.const 100)))
                (global.get $calls)))
            """;

    @Test
    void eachThreadReportsItsOwnResultTrapOrTimeout() {
        SharedMemory memory = new SharedMemory(1, 1);
        List<WasmThreads.ThreadResult> results = WasmThreads.run(ThreadsWat.compile(PROGRAM),
                ThreadsWat.importing(memory), "work", 4, i -> new Object[] {i}, Duration.ofMillis(500));
        assertThat(results).extracting(WasmThreads.ThreadResult::thread).containsExactly(0, 1, 2, 3);
        assertThat(results.get(0).results()).containsExactly(1);
        assertThat(results.get(1).results()).containsExactly(1);
        assertThat(results.get(2).failure()).isInstanceOf(UnreachableTrap.class);
        assertThat(results.get(3).succeeded()).isFalse();
        assertThat(results.get(3).failure()).isInstanceOf(WasmException.class).hasMessageContaining("still running");
        AtomicMemoryView view = new AtomicMemoryView(memory);
        assertThat(view.getInt(0)).isEqualTo(100);
        assertThat(view.getInt(4)).isEqualTo(101);
        assertThat(view.getInt(8)).as("the trapping thread stored nothing").isZero();
    }
}
