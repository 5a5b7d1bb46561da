/**
 * Gatun's public embedding API: run WebAssembly inside a Java program.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.gatun.Engine} — shared and thread-safe, configured once with an
 *       {@link dev.gatun.EngineConfig} (fuel, default deadline, call depth, resource limits, module cache).</li>
 *   <li>{@link dev.gatun.Module} — a validated, compiled module (from bytes, a path or WAT text) with its
 *       {@link dev.gatun.ImportType imports} and {@link dev.gatun.ExportType exports}.</li>
 *   <li>{@link dev.gatun.Linker} — definitions for imports: host functions (typed lambdas,
 *       {@code MethodHandle}s, or the generic {@link dev.gatun.HostFunction}), host
 *       {@link dev.gatun.Memory memories}, {@link dev.gatun.Table tables}, {@link dev.gatun.Global globals},
 *       and other instances' exports.</li>
 *   <li>{@link dev.gatun.InstancePre} — a module whose imports were checked once; instantiates cheaply.</li>
 *   <li>{@link dev.gatun.Instance} — typed handles to exports: {@link dev.gatun.Function} (a dynamic
 *       {@code call(Value...)} and an allocation-free exact {@code MethodHandle} / {@code IntBinaryOperator}
 *       style views), memories, globals, tables. {@code close()} frees it deterministically.</li>
 *   <li>{@link dev.gatun.InstancePool} — bounded reuse of instances reset to their just-instantiated state.</li>
 * </ul>
 *
 * <h2>Stopping the guest</h2>
 * Compiled code checks an interrupt flag and a countdown at every function entry and loop header, and long
 * bulk memory operations check between chunks. {@link dev.gatun.Instance#interrupt()} (any thread), a
 * per-call timeout ({@link dev.gatun.Instance#setTimeout}), or {@link java.lang.Thread#interrupt()} of the
 * calling thread end the call with an {@link dev.gatun.InterruptedTrap}; running out of fuel ends it with an
 * {@link dev.gatun.OutOfFuelTrap}. {@code memory.grow} and {@code table.grow} past a configured limit return
 * -1, as the spec allows.
 *
 * <h2>Errors</h2>
 * Traps are {@link dev.gatun.WasmTrap} subclasses; bad modules raise {@link dev.gatun.MalformedModuleException}
 * or {@link dev.gatun.InvalidModuleException}; missing or mistyped imports {@link dev.gatun.UnlinkableException};
 * unknown exports {@link dev.gatun.UnknownExportException}; use after close
 * {@link dev.gatun.InstanceClosedException}; exceeded limits {@link dev.gatun.ResourceLimitException}.
 */
package dev.gatun;
