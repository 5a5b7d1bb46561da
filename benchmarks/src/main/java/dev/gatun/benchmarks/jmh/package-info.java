/**
 * JMH micro benchmarks. {@link dev.gatun.benchmarks.jmh.KernelBenchmark}: issue 3's compute kernels, Gatun vs
 * Chicory's compiler.
 *
 * <p>Place for issue 4's benchmarks (not written yet): host-call overhead (Wasm to Java and back, per call),
 * instantiate and instance borrow/return from a pool, and compile throughput (MB/s of code section). Each goes
 * in its own class here, parameterised by the same engine names, and is picked up by the JMH command in
 * README.md without further changes.
 */
package dev.gatun.benchmarks.jmh;
