package dev.gatun.benchmarks;

/**
 * What one run of a module's {@code _start} produced.
 *
 * @param measuredNanos time between the guest's {@code bench.start} and {@code bench.end} calls
 * @param exitCode the WASI exit code ({@code proc_exit}), 0 when {@code _start} returned normally
 */
public record RunResult(long measuredNanos, int exitCode, byte[] stdout, byte[] stderr) {
}
