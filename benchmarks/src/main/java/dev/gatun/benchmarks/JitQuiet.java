package dev.gatun.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether this JVM's JIT compilers have finished a compilation recently. A warm-up measured in seconds of
 * running is not enough in a JVM that has run other modules: C2's queue may still hold their methods, and a
 * large Wasm function (libsodium-auth's 5.3 KB SHA-512 body) then stays in C1's profiling code through the whole
 * warm-up, so its median depended on the modules before it. The runner keeps warming up until the total JIT
 * compilation time stops growing for a window.
 */
final class JitQuiet {
    private final LongSupplier compilationMillis;
    private final LongSupplier nanoTime;
    private final long windowNanos;
    private long lastTotal;
    private long changedAt;

    JitQuiet(LongSupplier compilationMillis, LongSupplier nanoTime, Duration window) {
        this.compilationMillis = compilationMillis;
        this.nanoTime = nanoTime;
        this.windowNanos = window.toNanos();
        this.lastTotal = compilationMillis.getAsLong();
        this.changedAt = nanoTime.getAsLong();
    }

    /** Watches this JVM's JIT; a JVM that does not report compilation time is always quiet. */
    static JitQuiet ofThisJvm(Duration window) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean reports = jit != null && jit.isCompilationTimeMonitoringSupported();
        return new JitQuiet(reports ? jit::getTotalCompilationTime : () -> 0L, System::nanoTime,
                reports ? window : Duration.ZERO);
    }

    /** True when no compilation finished during the last window. */
    boolean quiet() {
        long total = compilationMillis.getAsLong();
        long now = nanoTime.getAsLong();
        if (total != lastTotal) {
            lastTotal = total;
            changedAt = now;
        }
        return now - changedAt >= windowNanos;
    }
}
