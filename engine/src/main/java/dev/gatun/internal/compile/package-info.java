/**
 * The compiler: a validated module becomes one hidden class ({@link dev.gatun.internal.compile.ModuleCompiler})
 * with a static method per Wasm function, typed in JVM types ({@link dev.gatun.internal.compile.JvmTypes}) and
 * taking the instance context last. {@code FunctionEmitter} translates one body (control flow, calls, locals,
 * exceptions) and delegates to {@code NumericEmitter}, {@code MemoryEmitter}, {@code TableEmitter} and
 * {@code GlobalEmitter}, which share a compile-time {@code TypeStack}. Generated code calls the runtime's
 * static helpers for anything beyond a plain JVM instruction.
 *
 * {@code ExceptionEmitter} (Wasm exceptions as JVM exceptions), {@code AggregateEmitter} (GC structs and
 * arrays) and {@code TailCallEmitter} (tail calls drained by the caller) cover the Wasm 3.0 additions;
 * {@code AtomicEmitter} the threads proposal's atomics and wait/notify; {@code SimdEmitter} v128 (SIMD and
 * relaxed SIMD); {@code SplitFunctionEmitter} splits large functions into methods the JIT compiles. Memories
 * that a heap array cannot hold are off-heap: {@code MemoryEmitter} sends plain accesses to them (32-bit shared
 * memories, memory64, 32-bit memories above 2 GiB) to {@code SegmentMemoryAccess} (see its javadoc for the shapes).
 *
 * <p>What is not implemented (v128 fields in GC structs and arrays) fails
 * compilation with a {@link dev.gatun.internal.compile.NotSupportedException} naming the instruction and
 * where it is.
 */
package dev.gatun.internal.compile;
