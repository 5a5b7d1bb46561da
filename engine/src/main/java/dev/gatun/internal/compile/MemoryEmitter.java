package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.HEAP_MEMORY;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.HeapMemoryAccess;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.runtime.SegmentMemory;
import dev.gatun.internal.runtime.SegmentMemoryAccess;
import dev.gatun.internal.runtime.SegmentMemoryOps;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Memory instructions: loads and stores, memory.size/grow, and the bulk fill/copy/init/drop. The path is chosen
 * per memory from its declared type ({@link CompilationUnit#memoryOnHeap}):
 * <ul>
 *   <li>heap memories (unshared, 32-bit, minimum within 2 GiB): {@code invokestatic HeapMemoryAccess.i32Load(int
 *       address, byte[] bytes, int size, long offset)} and the like (inline VarHandle/array accesses instead in
 *       functions too large for C2 to inline the helpers: {@link DirectMemoryAccess}). The array has spare
 *       capacity, so the Wasm size ({@code HeapMemory.byteLength}) is passed as the bound, except in modules
 *       without memory.grow or memory imports, whose memories never have any: there the bound is the array's
 *       {@code arraylength}, so C2 folds the check into the array access's identical one
 *       ({@link CompilationUnit#heapBoundsExplicit}). Memory 0's array and
 *       size are taken from two JVM locals that {@link #reloadMemory} refreshes (entry, after calls and grows,
 *       at catch handlers), other memories' array and size loaded at each access; size/grow/fill/copy/init are
 *       static helpers of {@code HeapMemory};</li>
 *   <li>every other memory (shared ones, memory64, and 32-bit memories declared above 2 GiB): a
 *       {@code SegmentMemory} (memory 0's kept in the JVM local that holds a heap memory 0's array, loaded
 *       once by {@link #reloadMemory}; others loaded from {@code memories} at each access), then {@code SegmentMemoryAccess.i32Load(long|int
 *       address, SegmentMemory, long offset)} and {@code SegmentMemoryOps} for size/grow/fill/copy/init. An
 *       unshared memory 0 ({@link #cachesSegment}) also keeps its {@code MemorySegment} and its byte size (a
 *       long) in the next locals, refreshed with the memory by {@link #reloadMemory} (entry, after calls and
 *       grows, at catch handlers), and its loads and stores are {@code SegmentMemoryAccess.i32Load(long|int
 *       address, MemorySegment, long limit, long offset)}: nothing in a loop body then reads a field to
 *       bounds-check an access, so the JIT can hoist the check's inputs as it does the heap array's length. A
 *       memory.copy involving such a memory passes both memories as {@code LinearMemory}, address and length
 *       types following the two memories' address types.</li>
 * </ul>
 */
final class MemoryEmitter {
    static final ClassDesc BYTES = ClassDesc.ofDescriptor("[B");
    private static final ClassDesc MEMORY_ACCESS = JvmTypes.desc(HeapMemoryAccess.class);
    static final ClassDesc LINEAR_MEMORY = JvmTypes.desc(LinearMemory.class);
    static final ClassDesc SEGMENT_MEMORY = JvmTypes.desc(SegmentMemory.class);
    private static final ClassDesc SEGMENT_ACCESS = JvmTypes.desc(SegmentMemoryAccess.class);
    private static final ClassDesc SEGMENT_OPS = JvmTypes.desc(SegmentMemoryOps.class);
    private static final ClassDesc MEMORY_SEGMENT = JvmTypes.desc(java.lang.foreign.MemorySegment.class);

    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final int contextSlot;
    /** Local holding memory 0's byte[], or -1 when the module has no memory. */
    private final int memorySlot;
    /** Where heap loads and stores are inlined instead of helper calls (large methods), or null. */
    private DirectMemoryAccess directAccess;

    MemoryEmitter(CompilationUnit unit, CodeBuilder code, TypeStack stack, int contextSlot, int memorySlot) {
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.contextSlot = contextSlot;
        this.memorySlot = memorySlot;
    }

    void inlineAccessesWith(DirectMemoryAccess directAccess) {
        this.directAccess = directAccess;
    }

    /**
     * At a method's entry: loads memory 0's array into its local, or its {@code SegmentMemory}; for a
     * {@link #cachesSegment cached} segment also the byte size and a fresh slice of exactly that many bytes.
     */
    void enterMemory() {
        if (memorySlot < 0) return;
        if (!cachesSegment(unit)) {
            reloadMemory();
            return;
        }
        loadLinearMemory(0);
        code.checkcast(SEGMENT_MEMORY);
        code.astore(memorySlot);
        sliceAccessibleBytes();
    }

    /**
     * Refreshes memory 0's local(s) after calls, grows and at catch handlers: a heap memory's (possibly
     * replaced) array; for a {@link #cachesSegment cached} segment a new slice only when the size changed, so
     * the common case allocates nothing and leaves the JIT one slice per method.
     */
    void reloadMemory() {
        if (memorySlot < 0) return;
        if (cachesSegment(unit)) {
            Label unchanged = code.newLabel();
            code.aload(memorySlot);
            code.invokevirtual(SEGMENT_MEMORY, "byteSize", MethodTypeDesc.of(CD_long));
            code.lload(memorySlot + 2);
            code.lcmp();
            code.ifeq(unchanged);
            sliceAccessibleBytes();
            code.labelBinding(unchanged);
            return;
        }
        if (!unit.memoryOnHeap(0)) {
            loadLinearMemory(0);
            code.checkcast(SEGMENT_MEMORY);
            code.astore(memorySlot);
            return;
        }
        code.aload(contextSlot);
        code.getfield(CONTEXT, "memory0", HEAP_MEMORY);
        code.dup();
        code.getfield(HEAP_MEMORY, "bytes", BYTES);
        if (unit.heapBoundsExplicit()) {
            code.astore(memorySlot);
            code.getfield(HEAP_MEMORY, "byteLength", CD_int);
        } else {
            code.astore(memorySlot);
            code.pop();
            code.aload(memorySlot);
            code.arraylength();
        }
        code.istore(memorySlot + 1);
    }

    /** limit = memory.byteSize(); slice = memory.segment.asSlice(0, limit). */
    private void sliceAccessibleBytes() {
        code.aload(memorySlot);
        code.invokevirtual(SEGMENT_MEMORY, "byteSize", MethodTypeDesc.of(CD_long));
        code.lstore(memorySlot + 2);
        code.aload(memorySlot);
        code.getfield(SEGMENT_MEMORY, "segment", MEMORY_SEGMENT);
        code.lconst_0();
        code.lload(memorySlot + 2);
        code.invokeinterface(MEMORY_SEGMENT, "asSlice", MethodTypeDesc.of(MEMORY_SEGMENT, CD_long, CD_long));
        code.astore(memorySlot + 1);
    }

    /**
     * Whether memory 0 is an unshared off-heap memory, whose segment and accessible size compiled code keeps in
     * locals after its {@code SegmentMemory}: only calls and grows change the size (a shared memory's may
     * change at any time, from other threads).
     */
    static boolean cachesSegment(CompilationUnit unit) {
        return !unit.memoryOnHeap(0) && !unit.memoryShared(0);
    }

    /**
     * JVM local slots memory 0's cache takes: a heap memory's array and size (an int); the memory, plus segment
     * and size (a long) if cached.
     */
    static int memoryLocalSlots(CompilationUnit unit) {
        return cachesSegment(unit) ? 4 : 2;
    }

    /** Emits {@code op} if it is a memory instruction; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        if (op.prefix == Opcode.PREFIX_ATOMIC) return false;
        if (touchesSegmentPath(op, reader)) return emitSegment(op, reader);
        switch (op) {
            case MEMORY_SIZE -> { // heap memories are 32-bit: i32 sizes and addresses throughout
                loadHeapMemory(reader.index);
                code.invokestatic(HEAP_MEMORY, "size", MethodTypeDesc.of(CD_int, HEAP_MEMORY));
                stack.applySignature(op.signature, ValType.I32);
            }
            case MEMORY_GROW -> {
                loadHeapMemory(reader.index);
                code.invokestatic(HEAP_MEMORY, "grow", MethodTypeDesc.of(CD_int, CD_int, HEAP_MEMORY));
                reloadMemory();
                stack.applySignature(op.signature, ValType.I32);
            }
            case MEMORY_FILL -> {
                stack.popN(3);
                loadHeapMemory(reader.index);
                code.invokestatic(HEAP_MEMORY, "fill", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, HEAP_MEMORY));
            }
            case MEMORY_COPY -> {
                stack.popN(3);
                loadHeapMemory(reader.index);
                loadHeapMemory(reader.index2);
                code.invokestatic(HEAP_MEMORY, "copy",
                        MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, HEAP_MEMORY, HEAP_MEMORY));
            }
            case MEMORY_INIT -> {
                stack.popN(3);
                loadHeapMemory(reader.index2);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(HEAP_MEMORY, "init",
                        MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, HEAP_MEMORY, CONTEXT, CD_int));
            }
            case DATA_DROP -> {
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(CONTEXT, "dropData", MethodTypeDesc.of(CD_void, CONTEXT, CD_int));
            }
            default -> {
                if (op.immediate != Opcode.Immediate.MEMARG || op.prefix != 0) return false;
                loadOrStore(op, reader);
            }
        }
        return true;
    }

    /** Whether {@code op} accesses a memory of the {@link SegmentMemory} path. */
    private boolean touchesSegmentPath(Opcode op, CodeReader reader) {
        return switch (op) {
            case MEMORY_SIZE, MEMORY_GROW, MEMORY_FILL -> !unit.memoryOnHeap(reader.index);
            case MEMORY_COPY -> !unit.memoryOnHeap(reader.index) || !unit.memoryOnHeap(reader.index2);
            case MEMORY_INIT -> !unit.memoryOnHeap(reader.index2);
            default -> op.immediate == Opcode.Immediate.MEMARG && op.prefix == 0
                    && !unit.memoryOnHeap(reader.memory);
        };
    }

    /** Memory instructions on a {@link SegmentMemory}: {@link SegmentMemoryAccess} and {@link SegmentMemoryOps}. */
    private boolean emitSegment(Opcode op, CodeReader reader) {
        switch (op) {
            case MEMORY_SIZE -> {
                boolean is64 = unit.memoryIs64(reader.index);
                loadSegmentMemory(reader.index);
                code.invokestatic(SEGMENT_OPS, is64 ? "size64" : "size",
                        MethodTypeDesc.of(is64 ? CD_long : CD_int, SEGMENT_MEMORY));
                stack.applySignature(op.signature, addressType(reader.index));
            }
            case MEMORY_GROW -> {
                boolean is64 = unit.memoryIs64(reader.index);
                ClassDesc a = is64 ? CD_long : CD_int;
                loadSegmentMemory(reader.index);
                code.invokestatic(SEGMENT_OPS, is64 ? "grow64" : "grow", MethodTypeDesc.of(a, a, SEGMENT_MEMORY));
                if (reader.index == 0) reloadMemory();
                stack.applySignature(op.signature, addressType(reader.index));
            }
            case MEMORY_FILL -> {
                ClassDesc a = addressDesc(reader.index);
                stack.popN(3);
                loadSegmentMemory(reader.index);
                code.invokestatic(SEGMENT_OPS, "fill", MethodTypeDesc.of(CD_void, a, CD_int, a, SEGMENT_MEMORY));
            }
            case MEMORY_COPY -> {
                ClassDesc target = addressDesc(reader.index);
                ClassDesc source = addressDesc(reader.index2);
                ClassDesc length = target == CD_long && source == CD_long ? CD_long : CD_int;
                stack.popN(3);
                loadLinearMemory(reader.index);
                loadLinearMemory(reader.index2);
                code.invokestatic(SEGMENT_OPS, "copy",
                        MethodTypeDesc.of(CD_void, target, source, length, LINEAR_MEMORY, LINEAR_MEMORY));
            }
            case MEMORY_INIT -> {
                stack.popN(3);
                loadSegmentMemory(reader.index2);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(SEGMENT_OPS, "init", MethodTypeDesc.of(CD_void, addressDesc(reader.index2),
                        CD_int, CD_int, SEGMENT_MEMORY, CONTEXT, CD_int));
            }
            default -> {
                String sig = op.signature;
                boolean store = sig.endsWith(">");
                ClassDesc valueType = JvmTypes.classDesc(TypeStack.typeOfLetter(store ? sig.charAt(1) : sig.charAt(sig.length() - 1)));
                ClassDesc address = addressDesc(reader.memory);
                MethodTypeDesc desc;
                if (reader.memory == 0 && memorySlot >= 0 && cachesSegment(unit)) {
                    code.aload(memorySlot + 1);
                    code.lload(memorySlot + 2);
                    code.loadConstant(reader.offset);
                    desc = store
                            ? MethodTypeDesc.of(CD_void, address, valueType, MEMORY_SEGMENT, CD_long, CD_long)
                            : MethodTypeDesc.of(valueType, address, MEMORY_SEGMENT, CD_long, CD_long);
                } else {
                    loadSegmentMemory(reader.memory);
                    code.loadConstant(reader.offset);
                    desc = store
                            ? MethodTypeDesc.of(CD_void, address, valueType, SEGMENT_MEMORY, CD_long)
                            : MethodTypeDesc.of(valueType, address, SEGMENT_MEMORY, CD_long);
                }
                code.invokestatic(SEGMENT_ACCESS, helperName(op), desc);
                stack.applySignature(sig, addressType(reader.memory));
            }
        }
        return true;
    }

    void loadSegmentMemory(int memory) {
        if (memory == 0 && memorySlot >= 0 && !unit.memoryOnHeap(0)) {
            code.aload(memorySlot);
            return;
        }
        loadLinearMemory(memory);
        code.checkcast(SEGMENT_MEMORY);
    }

    private ClassDesc addressDesc(int memory) {
        return unit.memoryIs64(memory) ? CD_long : CD_int;
    }

    private void loadLinearMemory(int memory) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "memories", LINEAR_MEMORY.arrayType());
        code.loadConstant(memory);
        code.aaload();
    }

    private ValType addressType(int memory) {
        return unit.memoryIs64(memory) ? ValType.I64 : ValType.I32;
    }

    /** Memory 0 comes from a field; other memories (multi-memory) from the context's array. */
    private void loadHeapMemory(int memory) {
        code.aload(contextSlot);
        if (memory == 0) {
            code.getfield(CONTEXT, "memory0", HEAP_MEMORY);
        } else {
            code.getfield(CONTEXT, "memories", JvmTypes.desc(LinearMemory.class).arrayType());
            code.loadConstant(memory);
            code.aaload();
            code.checkcast(HEAP_MEMORY);
        }
    }

    /**
     * The bytes of a memory: memory 0's array is cached in a local (in functions that access memory, see
     * {@link FunctionEmitter}), others are loaded at each access.
     */
    void loadMemoryBytes(int memory) {
        if (memory == 0 && memorySlot >= 0) {
            code.aload(memorySlot);
        } else {
            loadHeapMemory(memory);
            code.getfield(HEAP_MEMORY, "bytes", BYTES);
        }
    }

    /** A heap memory's Wasm size in bytes (the bound of its accesses): memory 0's from its local. */
    void loadMemorySize(int memory) {
        if (memory == 0 && memorySlot >= 0) {
            code.iload(memorySlot + 1);
        } else if (unit.heapBoundsExplicit()) {
            loadHeapMemory(memory);
            code.getfield(HEAP_MEMORY, "byteLength", CD_int);
        } else {
            loadMemoryBytes(memory);
            code.arraylength();
        }
    }

    /** [] -> [byte[] bytes, int size]: what heap access helpers take before the memarg offset. */
    void loadMemoryBytesAndSize(int memory) {
        loadMemoryBytes(memory);
        loadMemorySize(memory);
    }

    private void loadOrStore(Opcode op, CodeReader reader) {
        if (directAccess != null && directAccess.emit(op, reader)) {
            stack.applySignature(op.signature, ValType.I32);
            return;
        }
        String sig = op.signature;
        boolean store = sig.endsWith(">");
        ClassDesc valueType = JvmTypes.classDesc(TypeStack.typeOfLetter(store ? sig.charAt(1) : sig.charAt(sig.length() - 1)));
        loadMemoryBytesAndSize(reader.memory);
        code.loadConstant(reader.offset);
        MethodTypeDesc desc = store
                ? MethodTypeDesc.of(CD_void, CD_int, valueType, BYTES, CD_int, CD_long)
                : MethodTypeDesc.of(valueType, CD_int, BYTES, CD_int, CD_long);
        code.invokestatic(MEMORY_ACCESS, helperName(op), desc);
        stack.applySignature(sig, ValType.I32);
    }

    /** "i32.load16_u" -> "i32Load16U", "i64.store32" -> "i64Store32". */
    static String helperName(Opcode op) {
        String m = op.mnemonic;
        StringBuilder sb = new StringBuilder(m.substring(0, 3));
        boolean upper = true;
        for (char c : m.substring(4).toCharArray()) {
            if (c == '_') {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        return sb.toString();
    }
}
