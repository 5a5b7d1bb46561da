package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.AtomicAccess;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * The threads proposal's {@code 0xFE}-prefixed instructions: atomic loads, stores, read-modify-writes,
 * compare-exchanges, wait/notify and fence. Each becomes one call to {@link AtomicAccess} with the operands in
 * Wasm stack order, then the memory (from the context's memory array, shared or not), the memarg offset, the
 * access size in bytes and, for read-modify-writes, the operation.
 */
final class AtomicEmitter {
    private static final ClassDesc ATOMICS = JvmTypes.desc(AtomicAccess.class);
    private static final ClassDesc MEMORY = MemoryEmitter.LINEAR_MEMORY;

    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final int contextSlot;

    AtomicEmitter(CompilationUnit unit, CodeBuilder code, TypeStack stack, int contextSlot) {
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.contextSlot = contextSlot;
    }

    /** Emits {@code op} if it is an atomic instruction; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        if (op.prefix != Opcode.PREFIX_ATOMIC) return false;
        if (op == Opcode.ATOMIC_FENCE) {
            code.invokestatic(ATOMICS, "fence", MethodTypeDesc.of(CD_void));
            return true;
        }
        boolean is64 = unit.memoryIs64(reader.memory);
        ClassDesc address = is64 ? CD_long : CD_int;
        String m = op.mnemonic;
        boolean wide = m.startsWith("i64");
        ClassDesc value = wide ? CD_long : CD_int;
        int size = 1 << op.naturalAlignment;
        switch (op) {
            case MEMORY_ATOMIC_NOTIFY -> call(reader, "notify", MethodTypeDesc.of(CD_int, address, CD_int, MEMORY, CD_long));
            case MEMORY_ATOMIC_WAIT32 -> waitCall(reader, "wait32",
                    MethodTypeDesc.of(CD_int, address, CD_int, CD_long, MEMORY, CD_long, CONTEXT));
            case MEMORY_ATOMIC_WAIT64 -> waitCall(reader, "wait64",
                    MethodTypeDesc.of(CD_int, address, CD_long, CD_long, MEMORY, CD_long, CONTEXT));
            default -> {
                String name = wide ? "64" : "32";
                if (m.contains(".load")) {
                    sized(reader, size, "load" + name, MethodTypeDesc.of(value, address, MEMORY, CD_long, CD_int));
                } else if (m.contains(".store")) {
                    sized(reader, size, "store" + name,
                            MethodTypeDesc.of(CD_void, address, value, MEMORY, CD_long, CD_int));
                } else if (m.endsWith("cmpxchg") || m.endsWith("cmpxchg_u")) {
                    sized(reader, size, "cmpxchg" + name,
                            MethodTypeDesc.of(value, address, value, value, MEMORY, CD_long, CD_int));
                } else {
                    loadMemoryAndOffset(reader);
                    code.loadConstant(size);
                    code.loadConstant(rmwOperation(m));
                    code.invokestatic(ATOMICS, "rmw" + name,
                            MethodTypeDesc.of(value, address, value, MEMORY, CD_long, CD_int, CD_int));
                }
            }
        }
        stack.applySignature(op.signature, is64 ? ValType.I64 : ValType.I32);
        return true;
    }

    private void loadMemoryAndOffset(CodeReader reader) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "memories", MEMORY.arrayType());
        code.loadConstant(reader.memory);
        code.aaload();
        code.loadConstant(reader.offset);
    }

    private void call(CodeReader reader, String helper, MethodTypeDesc type) {
        loadMemoryAndOffset(reader);
        code.invokestatic(ATOMICS, helper, type);
    }

    /** Waits also take the context, so a sleeping thread notices its instance being interrupted. */
    private void waitCall(CodeReader reader, String helper, MethodTypeDesc type) {
        loadMemoryAndOffset(reader);
        code.aload(contextSlot);
        code.invokestatic(ATOMICS, helper, type);
    }

    private void sized(CodeReader reader, int size, String helper, MethodTypeDesc type) {
        loadMemoryAndOffset(reader);
        code.loadConstant(size);
        code.invokestatic(ATOMICS, helper, type);
    }

    /** "i32.atomic.rmw8.add_u" -> ADD. */
    private static int rmwOperation(String mnemonic) {
        String name = mnemonic.substring(mnemonic.lastIndexOf('.') + 1).replace("_u", "");
        return switch (name) {
            case "add" -> AtomicAccess.ADD;
            case "sub" -> AtomicAccess.SUB;
            case "and" -> AtomicAccess.AND;
            case "or" -> AtomicAccess.OR;
            case "xor" -> AtomicAccess.XOR;
            case "xchg" -> AtomicAccess.XCHG;
            default -> throw new NotSupportedException(mnemonic);
        };
    }
}
