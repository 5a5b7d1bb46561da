/**
 * The runtime: what compiled code and the embedder work with. {@link dev.gatun.internal.runtime.Instance}
 * links imports, allocates state, applies segments and invokes exports;
 * {@link dev.gatun.internal.runtime.InstanceContext} is what every compiled method receives, holding the
 * off-heap vmctx block (laid out by {@link dev.gatun.internal.runtime.VmContextLayout}) and the Java objects
 * it refers to by handle: memories ({@link dev.gatun.internal.runtime.HeapMemory}, or off-heap
 * {@link dev.gatun.internal.runtime.SegmentMemory} for memory64, memories above 2 GiB and shared ones, behind
 * {@link dev.gatun.internal.runtime.LinearMemory}), tables, globals, function references and tags.
 * {@code NumericOps} and {@code HeapMemoryAccess} hold the Wasm semantics that need more than one JVM
 * instruction. {@link dev.gatun.internal.runtime.CompiledExecution} plugs all this into the spec-script runner.
 *
 * <p>Threads: {@link dev.gatun.internal.runtime.SharedMemory} (off-heap, reserved at its maximum, never
 * moves), {@code AtomicAccess} (atomic instructions, seq-cst), {@code WaitQueues} (wait/notify by address),
 * and for hosts {@link dev.gatun.internal.runtime.WasmThreads} (an export on several threads, one instance
 * each) and {@link dev.gatun.internal.runtime.AtomicMemoryView}.
 */
package dev.gatun.internal.runtime;
