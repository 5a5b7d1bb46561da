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
import dev.gatun.internal.runtime.SharedMemory;
import dev.gatun.internal.runtime.SharedMemoryAccess;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Memory instructions: loads and stores (through {@link HeapMemoryAccess}, memory 0's array taken from a
 * JVM local that {@link #reloadMemory} refreshes), memory.size/grow, and the bulk fill/copy/init/drop.
 * memory64 memories use the helpers' i64-address variants.
 */
final class MemoryEmitter {
    static final ClassDesc BYTES = ClassDesc.ofDescriptor("[B");
    private static final ClassDesc MEMORY_ACCESS = JvmTypes.desc(HeapMemoryAccess.class);
    static final ClassDesc LINEAR_MEMORY = JvmTypes.desc(LinearMemory.class);
    private static final ClassDesc SHARED_MEMORY = JvmTypes.desc(SharedMemory.class);
    private static final ClassDesc SHARED_MEMORY_ACCESS = JvmTypes.desc(SharedMemoryAccess.class);

    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final int contextSlot;
    /** Local holding memory 0's byte[], or -1 when the module has no memory. */
    private final int memorySlot;

    MemoryEmitter(CompilationUnit unit, CodeBuilder code, TypeStack stack, int contextSlot, int memorySlot) {
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.contextSlot = contextSlot;
        this.memorySlot = memorySlot;
    }

    /** Loads memory 0's (possibly replaced) array into its local: at entry and after calls and grows. */
    void reloadMemory() {
        if (memorySlot < 0 || unit.memoryShared(0)) return; // a shared memory 0 is never cached in a local
        code.aload(contextSlot);
        code.getfield(CONTEXT, "memory0", HEAP_MEMORY);
        code.getfield(HEAP_MEMORY, "bytes", BYTES);
        code.astore(memorySlot);
    }

    /** Emits {@code op} if it is a memory instruction; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        if (op.prefix == Opcode.PREFIX_ATOMIC) return false;
        if (touchesSharedMemory(op, reader)) return emitShared(op, reader);
        switch (op) {
            case MEMORY_SIZE -> {
                boolean is64 = unit.memoryIs64(reader.index);
                loadHeapMemory(reader.index);
                code.invokestatic(HEAP_MEMORY, is64 ? "size64" : "size",
                        MethodTypeDesc.of(is64 ? CD_long : CD_int, HEAP_MEMORY));
                stack.applySignature(op.signature, addressType(reader.index));
            }
            case MEMORY_GROW -> {
                boolean is64 = unit.memoryIs64(reader.index);
                ClassDesc a = is64 ? CD_long : CD_int;
                loadHeapMemory(reader.index);
                code.invokestatic(HEAP_MEMORY, is64 ? "grow64" : "grow", MethodTypeDesc.of(a, a, HEAP_MEMORY));
                reloadMemory();
                stack.applySignature(op.signature, addressType(reader.index));
            }
            case MEMORY_FILL -> {
                boolean is64 = unit.memoryIs64(reader.index);
                ClassDesc a = is64 ? CD_long : CD_int;
                stack.popN(3);
                loadHeapMemory(reader.index);
                code.invokestatic(HEAP_MEMORY, is64 ? "fill64" : "fill", MethodTypeDesc.of(CD_void, a, CD_int, a, HEAP_MEMORY));
            }
            case MEMORY_COPY -> {
                boolean is64 = unit.memoryIs64(reader.index);
                if (is64 != unit.memoryIs64(reader.index2)) {
                    throw new NotSupportedException("memory.copy between 32- and 64-bit memories");
                }
                ClassDesc a = is64 ? CD_long : CD_int;
                stack.popN(3);
                loadHeapMemory(reader.index);
                loadHeapMemory(reader.index2);
                code.invokestatic(HEAP_MEMORY, is64 ? "copy64" : "copy",
                        MethodTypeDesc.of(CD_void, a, a, a, HEAP_MEMORY, HEAP_MEMORY));
            }
            case MEMORY_INIT -> {
                boolean is64 = unit.memoryIs64(reader.index2);
                stack.popN(3);
                loadHeapMemory(reader.index2);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(HEAP_MEMORY, is64 ? "init64" : "init",
                        MethodTypeDesc.of(CD_void, is64 ? CD_long : CD_int, CD_int, CD_int, HEAP_MEMORY, CONTEXT, CD_int));
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

    /** Whether {@code op} accesses a shared memory (its index sits in a different immediate per opcode). */
    private boolean touchesSharedMemory(Opcode op, CodeReader reader) {
        return switch (op) {
            case MEMORY_SIZE, MEMORY_GROW, MEMORY_FILL -> unit.memoryShared(reader.index);
            case MEMORY_COPY -> unit.memoryShared(reader.index) || unit.memoryShared(reader.index2);
            case MEMORY_INIT -> unit.memoryShared(reader.index2);
            default -> op.immediate == Opcode.Immediate.MEMARG && op.prefix == 0 && unit.memoryShared(reader.memory);
        };
    }

    /** Memory instructions on a shared (off-heap, i32-addressed) memory: helpers of {@link SharedMemory}. */
    private boolean emitShared(Opcode op, CodeReader reader) {
        switch (op) {
            case MEMORY_SIZE -> {
                loadSharedMemory(reader.index);
                code.invokestatic(SHARED_MEMORY, "size", MethodTypeDesc.of(CD_int, SHARED_MEMORY));
                stack.applySignature(op.signature, ValType.I32);
            }
            case MEMORY_GROW -> {
                loadSharedMemory(reader.index);
                code.invokestatic(SHARED_MEMORY, "grow", MethodTypeDesc.of(CD_int, CD_int, SHARED_MEMORY));
                stack.applySignature(op.signature, ValType.I32);
            }
            case MEMORY_FILL -> {
                stack.popN(3);
                loadSharedMemory(reader.index);
                code.invokestatic(SHARED_MEMORY, "fill", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, SHARED_MEMORY));
            }
            case MEMORY_COPY -> {
                if (unit.memoryIs64(reader.index) || unit.memoryIs64(reader.index2)) {
                    throw new NotSupportedException("memory.copy between a shared memory and a memory64");
                }
                stack.popN(3);
                loadLinearMemory(reader.index);
                loadLinearMemory(reader.index2);
                code.invokestatic(SHARED_MEMORY, "copy",
                        MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, LINEAR_MEMORY, LINEAR_MEMORY));
            }
            case MEMORY_INIT -> {
                stack.popN(3);
                loadSharedMemory(reader.index2);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(SHARED_MEMORY, "init",
                        MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, SHARED_MEMORY, CONTEXT, CD_int));
            }
            default -> {
                String sig = op.signature;
                boolean store = sig.endsWith(">");
                ClassDesc valueType = JvmTypes.classDesc(TypeStack.typeOfLetter(store ? sig.charAt(1) : sig.charAt(sig.length() - 1)));
                loadSharedMemory(reader.memory);
                code.loadConstant(reader.offset);
                MethodTypeDesc desc = store
                        ? MethodTypeDesc.of(CD_void, CD_int, valueType, SHARED_MEMORY, CD_long)
                        : MethodTypeDesc.of(valueType, CD_int, SHARED_MEMORY, CD_long);
                code.invokestatic(SHARED_MEMORY_ACCESS, helperName(op), desc);
                stack.applySignature(sig, ValType.I32);
            }
        }
        return true;
    }

    private void loadLinearMemory(int memory) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "memories", LINEAR_MEMORY.arrayType());
        code.loadConstant(memory);
        code.aaload();
    }

    private void loadSharedMemory(int memory) {
        loadLinearMemory(memory);
        code.checkcast(SHARED_MEMORY);
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

    private void loadOrStore(Opcode op, CodeReader reader) {
        String sig = op.signature;
        boolean store = sig.endsWith(">");
        ClassDesc valueType = JvmTypes.classDesc(TypeStack.typeOfLetter(store ? sig.charAt(1) : sig.charAt(sig.length() - 1)));
        loadMemoryBytes(reader.memory);
        code.loadConstant(reader.offset);
        ClassDesc address = unit.memoryIs64(reader.memory) ? CD_long : CD_int;
        MethodTypeDesc desc = store
                ? MethodTypeDesc.of(CD_void, address, valueType, BYTES, CD_long)
                : MethodTypeDesc.of(valueType, address, BYTES, CD_long);
        code.invokestatic(MEMORY_ACCESS, helperName(op), desc);
        stack.applySignature(sig, addressType(reader.memory));
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
