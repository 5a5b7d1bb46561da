package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.GLOBAL;
import static dev.gatun.internal.compile.JvmTypes.SEGMENT;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.model.ValType;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.MethodTypeDesc;

/**
 * global.get/set: the instance's own numeric globals are read at a constant offset of the vmctx segment;
 * imported and reference globals go through their {@link dev.gatun.internal.runtime.WasmGlobal} object.
 */
final class GlobalEmitter {
    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final int contextSlot;

    GlobalEmitter(CompilationUnit unit, CodeBuilder code, TypeStack stack, int contextSlot) {
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.contextSlot = contextSlot;
    }

    void get(int index) {
        ValType t = unit.globalType(index).type();
        String name = "get" + accessorSuffix(t);
        long slot = unit.definedGlobalOffset(index);
        if (slot >= 0 && !t.isRef()) {
            loadVmContext(slot);
            code.invokestatic(GLOBAL, name, MethodTypeDesc.of(JvmTypes.classDesc(t), SEGMENT, CD_long));
        } else {
            loadGlobalObject(index);
            code.invokestatic(GLOBAL, name, MethodTypeDesc.of(JvmTypes.classDesc(t), GLOBAL));
        }
        stack.push(t);
    }

    void set(int index) {
        ValType t = unit.globalType(index).type();
        stack.pop();
        String name = "set" + accessorSuffix(t);
        long slot = unit.definedGlobalOffset(index);
        if (slot >= 0 && !t.isRef()) {
            loadVmContext(slot);
            code.invokestatic(GLOBAL, name, MethodTypeDesc.of(CD_void, JvmTypes.classDesc(t), SEGMENT, CD_long));
        } else {
            loadGlobalObject(index);
            code.invokestatic(GLOBAL, name, MethodTypeDesc.of(CD_void, JvmTypes.classDesc(t), GLOBAL));
        }
    }

    private void loadVmContext(long offset) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "vmctx", SEGMENT);
        code.loadConstant(offset);
    }

    private void loadGlobalObject(int index) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "globals", GLOBAL.arrayType());
        code.loadConstant(index);
        code.aaload();
    }

    private static String accessorSuffix(ValType t) {
        return switch (t.kind()) {
            case I32 -> "I32";
            case I64 -> "I64";
            case F32 -> "F32";
            case F64 -> "F64";
            case REF -> "Ref";
            case V128 -> "V128";
            default -> throw new NotSupportedException("global of type " + t);
        };
    }
}
