package dev.gatun.internal.runtime;

import static dev.gatun.internal.runtime.ThreadsWat.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.ExpectedSharedMemoryTrap;
import dev.gatun.InterruptedTrap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitNotifyTest {
    private static final String WAITER = """
            (module
              (import "env" "memory" (memory 1 1 shared))
              (func (export "wait32") (param i32 i32 i64) (result i32)
                (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "wait64") (param i32 i64 i64) (result i32)
                (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "notify") (param i32 i32) (result i32)
                (memory.atomic.notify (local.get 0) (local.get 1))))
            """;

    private static Instance waiter(SharedMemory memory) {
        return Instance.instantiate(ThreadsWat.compile(WAITER), ThreadsWat.importing(memory),
                Instance.DEFAULT_MAX_CALL_DEPTH);
    }

    @Test
    void waitReturnsNotEqualAtOnceAndTimesOutWhenNobodyNotifies() {
        SharedMemory memory = new SharedMemory(1, 1);
        new AtomicMemoryView(memory).setLong(8, 5);
        Instance instance = waiter(memory);
        assertThat(call(instance, "wait32", 8, 4, -1L)).isEqualTo(1);
        assertThat(call(instance, "wait64", 8, 4L, -1L)).isEqualTo(1);
        long start = System.nanoTime();
        assertThat(call(instance, "wait64", 8, 5L, 20_000_000L)).isEqualTo(2);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);
        assertThat(call(instance, "notify", 8, 10)).as("a timed-out waiter is gone").isEqualTo(0);
    }

    @Test
    void notifyWakesWaitersOnItsAddressOnlyUpToTheCount() throws Exception {
        SharedMemory memory = new SharedMemory(1, 1);
        AtomicMemoryView view = new AtomicMemoryView(memory);
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> call(waiter(memory), "wait32", 16, 0, -1L));
        CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> call(waiter(memory), "wait32", 16, 0, -1L));
        CompletableFuture<Object> elsewhere = CompletableFuture.supplyAsync(() -> call(waiter(memory), "wait32", 20, 0, 10_000_000_000L));
        int woken = 0;
        while (woken < 2) {
            woken += view.notify(16, 1); // only counts waiters already asleep: retry until both were
            Thread.onSpinWait();
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(elsewhere).isNotDone();
        while (view.notify(20, -1) == 0) Thread.onSpinWait();
        assertThat(elsewhere.get(10, TimeUnit.SECONDS)).isEqualTo(0);
    }

    @Test
    void hostWaitsOnWhatWasmNotifies() throws Exception {
        SharedMemory memory = new SharedMemory(1, 1);
        AtomicMemoryView view = new AtomicMemoryView(memory);
        Instance instance = waiter(memory);
        CompletableFuture<Integer> host = CompletableFuture.supplyAsync(() -> view.waitInt(0, 0, Duration.ofSeconds(30)));
        int woken = 0;
        while (woken == 0) woken = (int) call(instance, "notify", 0, 1);
        assertThat(host.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(view.waitInt(0, 0, Duration.ofMillis(1))).isEqualTo(2);
    }

    @Test
    void aWaitingThreadThatIsInterruptedTraps() throws Exception {
        SharedMemory memory = new SharedMemory(1, 1);
        Instance instance = waiter(memory);
        Throwable[] failure = new Throwable[1];
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                call(instance, "wait32", 0, 0, -1L);
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        Thread.sleep(50);
        thread.interrupt();
        thread.join(10_000);
        assertThat(failure[0]).isInstanceOf(InterruptedTrap.class);
    }

    @Test
    void interruptingTheInstanceStopsAThreadWaitingForever() throws Exception {
        SharedMemory memory = new SharedMemory(1, 1);
        Instance instance = waiter(memory);
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> call(instance, "wait64", 0, 0L, -1L));
        Thread.sleep(50);
        instance.interrupt();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedTrap.class);
        instance.clearInterrupt(); // the runtime leaves clearing the request to its caller (the public CallGuard)
        assertThat(call(instance, "notify", 0, 1)).as("the interrupted waiter left the queue").isEqualTo(0);
    }

    @Test
    void waitingOnAnUnsharedMemoryTrapsAndNotifyWakesNobody() {
        Instance instance = ThreadsWat.instance("""
                (module (memory 1 1)
                  (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
                  (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1))))
                """);
        assertThatThrownBy(() -> call(instance, "wait"))
                .isInstanceOf(ExpectedSharedMemoryTrap.class).hasMessageContaining("expected shared memory");
        assertThat(call(instance, "notify")).isEqualTo(0);
    }
}
