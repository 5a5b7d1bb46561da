package dev.gatun;

import java.util.Arrays;

/**
 * How one thread of {@link InstancePre#runOnThreads} ended: the export's results, or its failure (a
 * {@link WasmTrap}, an instantiation error, or a {@link WasmException} saying it was still running at the
 * timeout).
 */
public record ThreadResult(int thread, Value[] results, Throwable failure) {
    public boolean succeeded() {
        return failure == null;
    }

    /** The results; throws the failure (wrapped if checked) when the thread did not succeed. */
    public Value[] resultsOrThrow() {
        if (failure == null) return results;
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        throw new WasmException("thread " + thread + " failed: " + failure);
    }

    @Override
    public String toString() {
        return "thread " + thread + (failure == null ? " -> " + Arrays.toString(results) : " failed: " + failure);
    }
}
