package dev.gatun.benchmarks;

/**
 * Backs the {@code bench.start}/{@code bench.end} imports: records when the guest entered and left its measured
 * region. Sightglass modules call each exactly once; a module that does not is reported, not guessed at.
 */
public final class BenchClock {
    private long startNanos = -1;
    private long endNanos = -1;

    public void start() {
        startNanos = System.nanoTime();
    }

    public void end() {
        endNanos = System.nanoTime();
    }

    /** The measured time; fails when the guest did not call both imports in order. */
    public long measuredNanos() {
        if (startNanos < 0 || endNanos < startNanos) {
            throw new IllegalStateException("the module did not call bench.start and then bench.end");
        }
        return endNanos - startNanos;
    }
}
