package dev.gatun.internal.runtime;

import dev.gatun.WasmException;
import dev.gatun.internal.compile.CompiledModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Runs an exported function on several Java threads at once, the wasi-threads way: every thread gets its own
 * {@link Instance} of the same compiled module (own globals, tables, call stack), all linked to the same
 * imports, which carry the {@link SharedMemory} they communicate through. Instances are not thread-safe;
 * shared memories are.
 */
public final class WasmThreads {
    /** JVM stack for each Wasm thread: room for the default Wasm call-depth limit. */
    private static final long STACK_BYTES = 16L << 20;

    private WasmThreads() {}

    /** What one thread ended with: the export's results, or why it failed (a trap, a link error, a timeout). */
    public record ThreadResult(int thread, Object[] results, Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Starts {@code threadCount} threads; thread {@code i} instantiates {@code compiled} against
     * {@code imports} and calls {@code export} with {@code argumentsFor.apply(i)}. Waits for all of them, at
     * most {@code timeout} in total; threads still running then are interrupted (a thread blocked in
     * memory.atomic.wait traps) and reported as timed out. Results come in thread order.
     */
    public static List<ThreadResult> run(CompiledModule compiled, Map<String, Map<String, Object>> imports,
                                         String export, int threadCount, IntFunction<Object[]> argumentsFor,
                                         Duration timeout) {
        if (threadCount < 1) throw new IllegalArgumentException("thread count must be positive: " + threadCount);
        Object[][] arguments = new Object[threadCount][];
        for (int i = 0; i < threadCount; i++) arguments[i] = argumentsFor.apply(i);
        return run(threadCount, i -> Instance.instantiate(compiled, imports, Instance.DEFAULT_MAX_CALL_DEPTH)
                .invoke(export, arguments[i]), timeout);
    }

    /**
     * Starts {@code threadCount} threads, thread {@code i} running {@code body.apply(i)} (which makes its own
     * instance); an exception it throws becomes its failure. Waiting and timeout as in the other {@code run}.
     */
    public static List<ThreadResult> run(int threadCount, IntFunction<Object[]> body, Duration timeout) {
        if (threadCount < 1) throw new IllegalArgumentException("thread count must be positive: " + threadCount);
        // first writer wins: a thread finishing after its timeout was reported does not overwrite it
        AtomicReferenceArray<ThreadResult> results = new AtomicReferenceArray<>(threadCount);
        List<Thread> threads = new ArrayList<>(threadCount);
        for (int i = 0; i < threadCount; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("wasm thread " + i).daemon(true).stackSize(STACK_BYTES)
                    .unstarted(() -> results.compareAndSet(index, null, runOne(body, index))));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < threadCount; i++) {
            Thread thread = threads.get(i);
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    results.compareAndSet(i, null, new ThreadResult(i, null,
                            new WasmException("thread " + i + " still running after " + timeout)));
                    thread.interrupt(); // after recording the timeout, so the resulting trap does not replace it
                }
            } catch (InterruptedException e) {
                threads.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new WasmException("interrupted while waiting for Wasm threads");
            }
        }
        List<ThreadResult> inOrder = new ArrayList<>(threadCount);
        for (int i = 0; i < threadCount; i++) inOrder.add(results.get(i));
        return List.copyOf(inOrder);
    }

    private static ThreadResult runOne(IntFunction<Object[]> body, int index) {
        try {
            return new ThreadResult(index, body.apply(index), null);
        } catch (RuntimeException | Error e) {
            return new ThreadResult(index, null, e);
        }
    }
}
