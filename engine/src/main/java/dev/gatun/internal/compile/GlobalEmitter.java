package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.GLOBAL;
import static dev.gatun.internal.compile.JvmTypes.SEGMENT;
import static java.lang.constant.ConstantDescs.CD_Double;
import static java.lang.constant.ConstantDescs.CD_Float;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.GlobalCells;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.MethodTypeDesc;

/**
 * global.get/set, in one of three shapes by where the global lives:
 *
 * <ul>
 *   <li>a numeric global the module defines and does not export ({@link GlobalCells}; e.g. C's and Rust's
 *       {@code __stack_pointer}, touched by most functions' prologue and epilogue) is a JVM array cell, its raw
 *       bits by constant cell index:
 *       <pre>
 *   get: aload ctx; getfield globalCells:long[]; ldc cell; laload; [l2i | l2i, Float.intBitsToFloat
 *        | Double.longBitsToDouble]
 *   set: [i2l | Float.floatToRawIntBits, i2l | Double.doubleToRawLongBits]   (value: long, 2 slots)
 *        aload ctx; getfield globalCells; dup_x2; pop          (array, value)
 *        ldc cell; dup_x2; pop; lastore                         (array, cell, value)
 *       </pre>
 *       A plain array access is a few JIT nodes; a MemorySegment access pays a liveness, bounds and alignment
 *       check and, inlined at every global access of a big function, grew C2 graphs past its inlining cutoffs.
 *       A prototype of this shape measured up to 13% on bz2 and ~5% on richards, pulldown-cmark and
 *       rust-compression (quiet machine; see docs/ARCHITECTURE.md).</li>
 *   <li>any other numeric global the module defines (exported: hosts and importers see the one vmctx slot) is
 *       read at a constant offset of the vmctx segment:
 *       {@code aload ctx; getfield vmctx; ldc offset; invokestatic WasmGlobal.getI32(MemorySegment, long)};</li>
 *   <li>imported and reference globals go through their {@link dev.gatun.internal.runtime.WasmGlobal} object:
 *       {@code aload ctx; getfield globals; ldc index; aaload; invokestatic WasmGlobal.getI32(WasmGlobal)}.</li>
 * </ul>
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
        int cell = unit.globalCell(index);
        if (cell != GlobalCells.NO_CELL) {
            loadCells();
            code.loadConstant(cell);
            code.laload();
            bitsToValue(t);
            stack.push(t);
            return;
        }
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
        int cell = unit.globalCell(index);
        if (cell != GlobalCells.NO_CELL) {
            valueToBits(t);
            loadCells();
            code.dup_x2();
            code.pop();
            code.loadConstant(cell);
            code.dup_x2();
            code.pop();
            code.lastore();
            return;
        }
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

    private void loadCells() {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "globalCells", CD_long.arrayType());
    }

    /** A cell's long on the stack to the value of type {@code t}. */
    private void bitsToValue(ValType t) {
        switch (t.kind()) {
            case I32 -> code.l2i();
            case I64 -> { }
            case F32 -> {
                code.l2i();
                code.invokestatic(CD_Float, "intBitsToFloat", MethodTypeDesc.of(CD_float, CD_int));
            }
            case F64 -> code.invokestatic(CD_Double, "longBitsToDouble", MethodTypeDesc.of(CD_double, CD_long));
            default -> throw new IllegalStateException("global of type " + t + " in a JVM cell");
        }
    }

    /** The value of type {@code t} on the stack to a cell's long. */
    private void valueToBits(ValType t) {
        switch (t.kind()) {
            case I32 -> code.i2l();
            case I64 -> { }
            case F32 -> {
                code.invokestatic(CD_Float, "floatToRawIntBits", MethodTypeDesc.of(CD_int, CD_float));
                code.i2l();
            }
            case F64 -> code.invokestatic(CD_Double, "doubleToRawLongBits", MethodTypeDesc.of(CD_long, CD_double));
            default -> throw new IllegalStateException("global of type " + t + " in a JVM cell");
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
