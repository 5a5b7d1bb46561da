/**
 * JMH micro benchmarks. {@link dev.gatun.benchmarks.jmh.KernelBenchmark}: issue 3's compute kernels, Gatun vs
 * Chicory's compiler. Issue 4's embedding-API benchmarks, each in its own class: trivial export call overhead
 * ({@link dev.gatun.benchmarks.jmh.CallOverheadBenchmark}), host-function calls
 * ({@link dev.gatun.benchmarks.jmh.HostCallBenchmark}), instantiation
 * ({@link dev.gatun.benchmarks.jmh.InstantiateBenchmark}), pooled borrow and reset with a 1 MiB data segment
 * ({@link dev.gatun.benchmarks.jmh.PoolBenchmark}), the cost of deadline and fuel checks
 * ({@link dev.gatun.benchmarks.jmh.LimitChecksBenchmark}) and compile throughput
 * ({@link dev.gatun.benchmarks.jmh.CompileBenchmark}). See benchmarks/README.md for the commands.
 */
package dev.gatun.benchmarks.jmh;
