package dev.gatun.benchmarks;

/**
 * Backs the {@code bench.start}/{@code bench.end} imports: records when the guest entered and left its measured
 * region. Sightglass modules call each exactly once; a module that does not is reported, not guessed at.
 */
public final class BenchClock {
    /**
     * {@code -Dbench.cpuTime=true}: thread CPU time instead of wall time, for comparing shapes on a shared
     * machine whose other load inflates wall time (the guest runs on the thread that calls the imports).
     */
    private static final boolean CPU_TIME = Boolean.getBoolean("bench.cpuTime");
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private long startNanos = -1;
    private long endNanos = -1;

    public void start() {
        startNanos = now();
    }

    public void end() {
        endNanos = now();
    }

    private static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** The measured time; fails when the guest did not call both imports in order. */
    public long measuredNanos() {
        if (startNanos < 0 || endNanos < startNanos) {
            throw new IllegalStateException("the module did not call bench.start and then bench.end");
        }
        return endNanos - startNanos;
    }
}
