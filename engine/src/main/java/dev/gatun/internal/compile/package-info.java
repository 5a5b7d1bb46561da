/**
 * The compiler: a validated module becomes one hidden class ({@link dev.gatun.internal.compile.ModuleCompiler})
 * with a static method per Wasm function, typed in JVM types ({@link dev.gatun.internal.compile.JvmTypes}) and
 * taking the instance context last. {@code FunctionEmitter} translates one body (control flow, calls, locals,
 * exceptions) and delegates to {@code NumericEmitter}, {@code MemoryEmitter}, {@code TableEmitter} and
 * {@code GlobalEmitter}, which share a compile-time {@code TypeStack}. Generated code calls the runtime's
 * static helpers for anything beyond a plain JVM instruction.
 *
 * {@code ExceptionEmitter} (Wasm exceptions as JVM exceptions), {@code AggregateEmitter} (GC structs and
 * arrays) and {@code TailCallEmitter} (tail calls drained by the caller) cover the Wasm 3.0 additions.
 *
 * <p>What is not implemented (shared memory and atomics, off-heap memories, method splitting) fails
 * compilation with a {@link dev.gatun.internal.compile.NotSupportedException} naming the instruction and
 * where it is.
 */
package dev.gatun.internal.compile;
